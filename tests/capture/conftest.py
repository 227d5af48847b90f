"""Capture fixtures: a ward, two community organisations and their staff."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g, has_app_context

from listening.domain import Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.services.accounts import users
from listening.services.capture import sessions as capture


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
    """Create a session through the service (with redaction on save); returns its id."""

    def _make(user, ward, texts=("The park is lovely",), held_on=date(2026, 3, 1), key=None, **kwargs):
        with app.app_context():
            return _create(user, ward, texts, held_on, key, **kwargs)

    def _create(user, ward, texts, held_on, key, **kwargs):
        data = capture.SessionInput(
            ward_id=ward.id, held_on=held_on, venue=kwargs.pop("venue", "Community Centre"),
            format=kwargs.pop("format", SessionFormat.DROP_IN), participants=kwargs.pop("participants", 5),
        )
        notes = [
            capture.NoteInput(kwargs.get("kind", NoteKind.LOVE), t, Consent.QUOTE)
            for t in texts
        ]
        session, _ = capture.create_session(users.get_user(user.id), data, notes, submission_key=key)
        return session.id

    return _make
