"""Capture fixtures: a ward, two community organisations and their staff, signing in, and logging a
session (built by tests.factories)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g, has_app_context

from listening.domain import OrgKind, Role
from tests import factories


@pytest.fixture
def ward(make):
    return make.ward("E05011402", "Kirkstall")


@pytest.fixture
def other_ward(make):
    return make.ward("E05011394", "Gipton & Harehills")


@pytest.fixture
def org_a(make):
    return make.org(OrgKind.COMMUNITY, name="Org A")


@pytest.fixture
def org_b(make):
    return make.org(OrgKind.COMMUNITY, name="Org B")


@pytest.fixture
def staff_a(make, org_a):
    return make.user(Role.STAFF, organisation=org_a)


@pytest.fixture
def staff_b(make, org_b):
    return make.user(Role.STAFF, organisation=org_b)


def _drop_cached_csrf():
    if has_app_context():
        g.pop("csrf_token", None)


@pytest.fixture
def as_user(client, make):
    def _as(user):
        _drop_cached_csrf()
        client.sign_in(user.email, make.PASSWORD)
        # The test's app context is shared with the client's requests, so Flask-WTF's per-request
        # token cache in `g` outlives the sign-in that cleared the session: drop it.
        _drop_cached_csrf()
        return user

    return _as


@pytest.fixture
def make_session(app):
    """Log a session through the service (with redaction on save); returns its id."""

    def _make(user, ward, texts=("The park is lovely",), held_on=date(2026, 3, 1), key=None, **kwargs):
        with app.app_context():
            return factories.logged_session(user, ward, texts, held_on, key, **kwargs)

    return _make
