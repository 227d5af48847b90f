"""Logs never contain note text: a canary word goes in through the form, the API and the
import, then through a real theme run, and must never appear in any log record.

The handler in tests/canary.py watches every record for the whole test session (the
session fails in tests/conftest.py if any test ever logged it); this test also checks at once.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from sqlalchemy import func, select

from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.models import Note
from listening.services import themes
from listening.services.accounts import users
from tests import canary, factories

WORD = canary.CANARY


@pytest.fixture
def staff(app, make, client):
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Canary Org", ward_ids=[ward.id])
    user = make.user(Role.STAFF, organisation=org)
    client.sign_in(user.email, make.PASSWORD)
    return user, ward


def _through_the_form(client, ward):
    key = re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", client.raw.get("/sessions/new").location).group(1)
    details = {"held_on": ["14", "3", "2026"], "venue": "Kirkstall Library", "format": "drop-in",
               "participants": "6", "facilitator": "", "languages": ["en"], "summary": "", "ward": str(ward.id)}
    assert client.submit(f"/sessions/new/{key}/details", details).status_code == 302
    note = {"notes-0-kind": "change", "notes-0-text": f"The {WORD} bench by the park is broken",
            "notes-0-consent": "quote", "notes-0-language": "en", "notes-0-english": "", "action": "continue"}
    assert client.submit(f"/sessions/new/{key}/notes", note).status_code == 302
    assert client.submit(f"/sessions/new/{key}/check", {"submission_key": key}).status_code == 302


def _through_the_api(app, client, user):
    with app.app_context():
        token = users.issue_api_token(users.get_user(user.id))
    body = {"ward": "E05011402", "date": "2026-03-15", "venue": "Kirkstall Library", "format": "drop-in",
            "participants": 4, "notes": [{"kind": "love", "text": f"I love the {WORD} park benches", "consent": "quote"}]}
    response = client.raw.post("/api/v1/sessions", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.get_data(as_text=True)
    # and a bad request that echoes nothing back into the logs either
    bad = dict(body, participants=f"{WORD}")
    assert client.raw.post("/api/v1/sessions", json=bad, headers={"Authorization": f"Bearer {token}"}).status_code == 422


def _through_the_import(client):
    data = ("ward,date,venue,format,participants,facilitator,kind,text,consent,language,english\r\n"
            f"E05011402,2026-03-16,Kirkstall Library,drop-in,5,,change,More {WORD} benches in the park please,quote,,\r\n"
            ).encode()
    response = client.submit("/sessions/import", {"file": (io.BytesIO(data), "notes.csv")}, form_url="/sessions/import",
                             content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = client.submit(response.location, {}, form_url=response.location)
    assert response.status_code == 200 and "Notes imported" in response.get_data(as_text=True)
    # a refused file that contains the word as well
    bad = data.replace(b"drop-in", b"not-a-format")
    client.submit("/sessions/import", {"file": (io.BytesIO(bad), "notes.csv")}, form_url="/sessions/import",
                  content_type="multipart/form-data")


@pytest.mark.slow
def test_the_canary_note_never_reaches_a_log_line(app, client, staff, caplog):
    user, ward = staff
    caplog.set_level(logging.DEBUG, logger="listening")
    before = len(canary.WATCH.hits)
    _through_the_form(client, ward)
    _through_the_api(app, client, user)
    _through_the_import(client)
    # a search of a signed-in page (its query string) and a request id that is not one
    assert client.raw.get(f"/sessions/?q={WORD}&venue={WORD}", headers={"X-Request-ID": WORD}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Note).where(Note.raw_text.contains(WORD))) == 3
        factories.corpus(ward, users.get_user(user.id).organisation, repeat=1)
        run = themes.start_run(None)  # the queue runs in-process in tests: the real analysis
        db.session.expire_all()
        assert themes.get_run(run.id).status.value == "done", themes.get_run(run.id).error
    assert canary.WATCH.lines > 0
    assert canary.WATCH.hits[before:] == [], canary.report()
    assert not [r for r in caplog.records if WORD in r.getMessage().lower()]


def test_the_watch_sees_records_from_any_logger_and_level():
    before = len(canary.WATCH.hits)
    logging.getLogger("listening.some.module").debug("note said %s", WORD)
    try:
        raise ValueError(f"bad note {WORD}")
    except ValueError:
        logging.getLogger("huey").exception("task failed")
    assert len(canary.WATCH.hits) == before + 2
    del canary.WATCH.hits[before:]  # planted on purpose: not a leak


def test_set_password_and_reset_links_never_reach_a_log_line(app, client, make, mailbox, caplog):
    """Issue 15: set-password and reset links never appear in any log (they were written to the
    application log at WARNING). Every logger at every level is captured while an invitation and a
    reset are mailed and opened, on the test client and through the real development server."""
    import threading

    import httpx
    from werkzeug.serving import make_server

    from tests.mail import link_in

    caplog.set_level(logging.DEBUG)
    org = make.org(OrgKind.COMMUNITY)
    admin = make.user(Role.ADMIN)
    client.sign_in(admin.email, make.PASSWORD)
    client.submit("/admin/users/invite", {"name": "Nia Jones", "email": "nia@example.org", "role": "staff",
                                          "organisation": str(org.id), "locale": "en"})
    staff = make.user(Role.STAFF)
    client.submit("/forgot-password", {"email": staff.email})
    links = [link_in(m) for m in mailbox.wait_for(2)]
    assert len(links) == 2
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for link in links:
            assert client.raw.get(link).status_code == 200
            assert httpx.get(f"http://127.0.0.1:{server.server_port}{link}").status_code == 200
    finally:
        server.shutdown()
        thread.join(5)
    tokens = [link.rsplit("/", 1)[1] for link in links]
    # Every record but the test's own HTTP client's (httpx logs each URL it fetches).
    logged = [r.getMessage() for r in caplog.records if r.name.split(".")[0] not in ("httpx", "httpcore")]
    assert any("/set-password/[link]" in line for line in logged)  # the access lines were there
    assert not [line for line in logged if any(t in line for t in tokens)]
