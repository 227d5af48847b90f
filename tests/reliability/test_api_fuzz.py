"""Bad input to the JSON API: a few hundred Schemathesis-generated requests, valid and not,
with a valid bearer token. None may get a 5xx; every response must match the schema."""

from __future__ import annotations

import pytest

from listening.domain import Role
from listening.services.accounts import users
from tests.reliability.api_fuzz import fuzz


@pytest.mark.slow
def test_generated_requests_never_get_a_5xx_and_match_the_schema(app, make):
    make.ward("E05011402", "Kirkstall")
    admin = make.user(Role.ADMIN)
    with app.app_context():
        token = users.issue_api_token(users.get_user(admin.id), second_factor=True)
    report = fuzz(app, token, examples=25, time_budget=90)
    assert report.requests >= 200, report.per_operation
    assert report.server_errors == 0, report.statuses
    assert report.failures == [], "\n".join(map(str, report.failures[:10]))
