"""Session fixation, sign-out and deactivation, and IDOR probes on every route that takes an id."""

from __future__ import annotations

import time
from datetime import date

import pytest

from listening.domain import Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.services.accounts import users
from listening.services.capture import sessions as capture
from tests.factories import PASSWORD


def test_a_session_planted_before_sign_in_does_not_survive_it(client, make):
    user = make.user(Role.ORGANISER)
    client.raw.get("/sign-in")
    with client.raw.session_transaction() as session:
        session["planted"] = "attacker"
        session["_user_id"] = "999:0"
    planted = client.raw.get_cookie("hark_session").value
    client.sign_in(user.email, PASSWORD)
    with client.raw.session_transaction() as session:
        assert "planted" not in session and session["_user_id"] == f"{user.id}:0"
    assert client.raw.get_cookie("hark_session").value != planted


def test_the_session_between_password_and_code_is_not_signed_in(client, make):
    user = make.user(Role.ADMIN)
    client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    with client.raw.session_transaction() as session:
        assert "_user_id" not in session
    assert client.raw.get("/admin/users").status_code == 302


def test_sign_out_kills_the_cookie_even_if_replayed_later(app, client, sign_in):
    user = sign_in(Role.STAFF)
    stolen = client.raw.get_cookie("hark_session").value
    client.sign_out()
    client.raw.set_cookie("hark_session", stolen)
    assert "Sign out" not in client.raw.get("/").get_data(as_text=True)
    with app.app_context():
        assert users.get_user(user.id).session_epoch == 1


def test_a_deactivated_users_api_token_and_session_stop_working(app, client, sign_in):
    user = sign_in(Role.STAFF)
    with app.app_context():
        token = users.issue_api_token(users.get_user(user.id))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.raw.get("/api/v1/wards", headers=headers).status_code == 200
    with app.app_context():
        users.set_active(users.get_user(user.id), False, None)
    assert client.raw.get("/api/v1/wards", headers=headers).status_code == 401
    assert client.raw.get("/sessions/").status_code == 302
    with client.raw.session_transaction() as session:
        session["signed_in_at"] = time.time()
    assert client.raw.get("/sessions/").status_code == 302


@pytest.fixture
def org_a_objects(app, make):
    ward = make.ward("E05011402", "Kirkstall")
    org_a = make.org(OrgKind.COMMUNITY, name="Org A", ward_ids=[ward.id])
    staff_a = make.user(Role.STAFF, organisation=org_a)
    with app.app_context():
        data = capture.SessionInput(ward_id=ward.id, held_on=date(2026, 3, 1), venue="Hall",
                                    format=SessionFormat.DROP_IN, participants=3)
        session, _ = capture.create_session(users.get_user(staff_a.id), data,
                                            [capture.NoteInput(NoteKind.LOVE, "The park is lovely", Consent.QUOTE)])
        return {"session_id": session.id, "note_id": session.notes[0].id}


def test_idor_probes_on_every_route_that_takes_an_id(app, client, make, org_a_objects):
    """Org B's staff asking for any id-taking page with org A's ids (or an id that does not
    exist) get 404 or 403: never the page, never a 500."""
    staff_b = make.user(Role.STAFF, organisation=make.org(OrgKind.COMMUNITY, name="Org B"))
    client.sign_in(staff_b.email, PASSWORD)
    with app.app_context():
        token = users.issue_api_token(users.get_user(staff_b.id))
    probed = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if type(conv).__name__.endswith("IntConverter")]
        if not ints or "GET" not in rule.methods:
            continue
        values = {name: org_a_objects.get(name, 2**31 - 1) for name in rule.arguments}
        for name in rule.arguments:
            values.setdefault(name, "x")
            if name not in ints:
                values[name] = "E05011402" if name == "code" else "x"
        url = app.url_map.bind("localhost").build(rule.endpoint, values)
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        response = client.raw.get(url, headers=headers)
        assert response.status_code in (403, 404), (url, response.status_code)
        probed += 1
    assert probed >= 10
