"""Every route declares who may use it, and the app enforces exactly that."""

from __future__ import annotations

import re

import pytest

from listening.domain import Role
from listening.permissions import PUBLIC, access_rule

EXEMPT = {"static"}  # Flask's own static files

# The role × route matrix: the declared rule of every route. A new route must be added
# here, so changing who may use a page is always a visible, reviewed change.
S, A, O, AD = "staff", "anchor", "organiser", "admin"  # noqa: E741 - short names keep the matrix readable
ALL = {S, A, O, AD}
EXPECTED = {
    "main.home": "public",
    "main.healthz": "public",
    "auth.sign_in": "public",
    "auth.sign_out": ALL,
    "auth.set_password": "public",
    "auth.forgot_password": "public",
    "admin.users": {AD},
    "admin.users_list": {AD},
    "admin.invite_user": {AD},
    "admin.user_detail": {AD},
    "admin.change_role": {AD},
    "admin.deactivate_user": {AD},
    "admin.reactivate_user": {AD},
    "admin.resend_invitation": {AD},
    "admin.reset_mfa": {AD},
    "admin.audit_log": {AD},
    "admin.outbox_list": {AD},
    "admin.outbox_message": {AD},
    "admin.organisations": {AD},
    "admin.edit_organisation": {AD},
    "admin.wards_list": {AD},
    "admin.edit_ward": {AD},
    "api.openapi_json": "public",
    "api.list_wards": ALL,
}
# Areas register their own rows (kept beside their tests) by extending this table.
from tests.permission_rows import EXTRA_ROWS  # noqa: E402

EXPECTED.update(EXTRA_ROWS)


def _declared(app, endpoint):
    rule = access_rule(app.view_functions[endpoint])
    if rule == PUBLIC:
        return "public"
    return {r.value for r in rule} if rule is not None else None


def test_every_route_declares_who_may_use_it(app):
    missing = [e for e in app.view_functions if e not in EXEMPT and access_rule(app.view_functions[e]) is None]
    assert missing == [], f"routes without a permission rule: {missing}"


def test_the_declared_rules_match_the_role_matrix(app):
    endpoints = {e for e in app.view_functions if e not in EXEMPT}
    assert endpoints - set(EXPECTED) == set(), "add these routes to the matrix in tests"
    for endpoint in endpoints:
        assert _declared(app, endpoint) == EXPECTED[endpoint], endpoint


def _url(rule) -> str:
    # Fill every URL parameter with something that exists nowhere: the rule still applies.
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "999999", rule.rule)


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _request(client, method, url):
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={})


def test_signed_out_visitors_reach_only_public_routes(app, client):
    for rule, method in _routes(app):
        response = _request(client.raw, method, _url(rule))
        declared = _declared(app, rule.endpoint)
        if declared == "public":
            assert response.status_code not in (401, 403), (method, rule.rule)
        elif rule.rule.startswith("/api/"):
            assert response.status_code == 401, (method, rule.rule, response.status_code)
        elif method == "GET":
            assert response.status_code == 302 and "/sign-in" in response.location, (method, rule.rule)
        else:
            # A POST without a CSRF token stops at 400 before the permission check; never 2xx.
            assert response.status_code in (302, 400), (method, rule.rule, response.status_code)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_routes_it_is_not_allowed(app, client, make, role):
    user = make.user(role)
    client.sign_in(user.email, make.PASSWORD)
    from listening.services.accounts import users

    with app.app_context():
        token = users.issue_api_token(users.get_user(user.id), second_factor=True)
    for rule, method in _routes(app):
        declared = _declared(app, rule.endpoint)
        if rule.rule.startswith("/api/"):
            response = client.raw.open(
                _url(rule), method=method, json={}, headers={"Authorization": f"Bearer {token}"}
            )
        elif method == "GET":
            response = client.raw.get(_url(rule))
        else:
            continue  # state-changing routes are covered with CSRF tokens in their own tests
        allowed = declared == "public" or role.value in declared
        if allowed:
            assert response.status_code != 403, (role, method, rule.rule)
        else:
            assert response.status_code == 403, (role, method, rule.rule, response.status_code)
