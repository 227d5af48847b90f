"""Schemathesis against /api/v1/openapi.json, in-process on the WSGI app: every generated
request (valid and invalid) must get a 2xx/4xx whose body matches the documented schema.

Shared by the fast test (tests/reliability/test_api_fuzz.py) and bench/api_fuzz.py (10,000+)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@dataclass
class FuzzReport:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    per_operation: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)


def fuzz(app, token: str, *, examples: int, modes=("positive", "negative"), time_budget: float | None = None) -> FuzzReport:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    report = FuzzReport()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes:
            if time_budget and time.monotonic() - started > time_budget:
                break
            _run(operation, mode, examples, headers, report)
    report.seconds = time.monotonic() - started
    return report


def _run(operation, mode: str, examples: int, headers: dict, report: FuzzReport) -> None:
    strategy = operation.as_strategy(generation_mode=GenerationMode(mode))

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def one(case):
        report.requests += 1
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # an exception escaping the app counts as a 500
            report.statuses[599] += 1
            report.failures.append((operation.label, mode, "exception", repr(exc)[:400]))
            return
        report.statuses[response.status_code] += 1
        report.per_operation[operation.label] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # counted and reported, not raised
            report.failures.append((operation.label, mode, response.status_code, str(exc)[:400]))

    one()
