"""Load and crash figures for docs/reliability.md (127.0.0.1 only, bounded in time).

    HARK_ENV=test .venv/bin/python bench/load.py writers --db sqlite --writers 20 --seconds 120
    HARK_ENV=test .venv/bin/python bench/load.py writers --db postgresql://postgres@127.0.0.1:5432/test --writers 20 --seconds 120
    HARK_ENV=test .venv/bin/python bench/load.py crash --kills 25 --seconds 100
    HARK_ENV=test .venv/bin/python bench/load.py idempotency
    HARK_ENV=test .venv/bin/python bench/load.py read --readers 50 --seconds 30
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability import harness


def _site(db: str, seed_demo: bool = False) -> harness.Site:
    site = harness.sqlite_site() if db == "sqlite" else harness.postgres_site(db)
    site.setup(seed_demo=seed_demo)
    site.start()
    return site


def _report(site, log, kills=None) -> dict:
    v = harness.verify(site, log)
    elapsed = getattr(log, "elapsed", 0) or 1
    return {
        "acknowledged sessions": v.acked_sessions, "acknowledged notes": v.acked_notes, "lost notes": v.lost_notes,
        "duplicate sessions": v.duplicate_sessions, "5xx": v.server_errors, "integrity_check": v.integrity,
        "statuses": dict(log.statuses), "connection errors": dict(log.errors), "kills": kills,
        "sessions/s": round(v.acked_sessions / elapsed, 1), "p50 ms": round(log.percentile(50)),
        "p95 ms": round(log.percentile(95)), "p99 ms": round(log.percentile(99)),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["writers", "crash", "idempotency", "read"])
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--readers", type=int, default=50)
    args = parser.parse_args()
    site = _site(args.db, seed_demo=args.mode == "read")
    try:
        if args.mode == "writers":
            log, _ = harness.run_writers(site, args.writers, args.seconds)
            out = _report(site, log)
        elif args.mode == "crash":
            log, kills = harness.run_writers(site, args.writers, args.seconds, kills=args.kills)
            out = _report(site, log, kills)
        elif args.mode == "idempotency":
            statuses, ids = harness.idempotent_burst(site, 50)
            out = {"requests": 50, "statuses": dict(statuses), "sessions created": len(ids)}
        else:
            paths = ["/healthz", "/wards/E05011402", "/wards/"]
            out = harness.read_load(site, paths, args.readers, args.seconds)
            out["p95 ratio ward/healthz"] = round(out["/wards/E05011402"]["p95_ms"] / max(out["/healthz"]["p95_ms"], 0.01), 1)
            out["p95 ratio city/healthz"] = round(out["/wards/"]["p95_ms"] / max(out["/healthz"]["p95_ms"], 0.01), 1)
    finally:
        site.stop()
        if site.drop:
            site.drop()
    print(json.dumps({"mode": args.mode, "db": "sqlite" if args.db == "sqlite" else "postgresql", **vars(args), **out}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
