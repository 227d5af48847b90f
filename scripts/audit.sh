#!/usr/bin/env bash
# `make audit`: known vulnerabilities in the locks (pip-audit; advisories from PyPI's JSON API, or
# OSV with AUDIT_SERVICE=osv). Says plainly when the advisory source could not be reached, or
# answered for only some packages, instead of reporting "no known vulnerabilities".
set -uo pipefail
bin="${1:-.venv/bin}"
service="${AUDIT_SERVICE:-pypi}"
status=0
for lock in requirements.lock requirements-dev.lock; do
  total=$(grep -c '^[A-Za-z0-9]' "$lock")
  out=$("$bin/pip-audit" --disable-pip --require-hashes --progress-spinner off -s "$service" -r "$lock" 2>&1)
  code=$?
  skipped=$(grep -c 'could not be audited' <<<"$out")
  if grep -qiE 'ConnectionError|NameResolution|Max retries|timed out|Failed to resolve' <<<"$out"; then
    echo "$lock: NOT CHECKED. The advisory source ($service) could not be reached from this machine."
    status=2
  elif [ "$skipped" -ge "$total" ]; then
    echo "$lock: NOT CHECKED. The advisory source ($service) answered for none of its $total packages."
    status=2
  elif [ "$skipped" -gt 0 ]; then
    echo "$lock: NOT FULLY CHECKED. The advisory source ($service) had no answer for $skipped of $total packages;"
    echo "  the rest: $(grep -E 'No known vulnerabilities|Found [0-9]+ known' <<<"$out" || echo 'see below')"
    grep -E '^[A-Za-z0-9_.-]+ +[0-9][^ ]* +[A-Z]+-' <<<"$out"
    status=2
  else
    echo "$lock: $total packages checked against $service."
    echo "$out" | grep -v '^WARNING'
    [ "$code" -eq 0 ] || status=1
  fi
done
exit $status
