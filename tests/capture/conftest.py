"""Capture fixtures: a ward, two community organisations and their staff."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g

from listening.domain import Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.services import capture


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


@pytest.fixture
def as_user(client, make):
    def _as(user):
        g.pop("csrf_token", None)
        client.sign_in(user.email, make.PASSWORD)
        # The test's app context is shared with the client's requests, so Flask-WTF's per-request
        # token cache in `g` outlives the sign-in that cleared the session: drop it.
        g.pop("csrf_token", None)
        return user

    return _as


@pytest.fixture
def make_session(app_ctx):
    """Create a session through the service (with redaction on save)."""

    def _make(user, ward, texts=("The park is lovely",), held_on=date(2026, 3, 1), key=None, **kwargs):
        data = capture.SessionInput(
            ward_id=ward.id, held_on=held_on, venue=kwargs.pop("venue", "Community Centre"),
            format=kwargs.pop("format", SessionFormat.DROP_IN), participants=kwargs.pop("participants", 5),
        )
        notes = [
            capture.NoteInput(kwargs.get("kind", NoteKind.LOVE), t, Consent.QUOTE)
            for t in texts
        ]
        session, _ = capture.create_session(user, data, notes, submission_key=key)
        return session

    return _make
