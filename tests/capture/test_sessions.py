"""Listing, reading, correcting and deleting: scoped to the organisation, raw words
shown only to the note's organisation and admins, every change audited without text."""

from __future__ import annotations

from datetime import date

from listening.domain import Role
from listening.extensions import db
from listening.models import AuditEvent, ListeningSession, Note

SECRET = "Ask for Priya on 07700 900456 at the centre"


def _note_id(app, session_id, index=0):
    with app.app_context():
        return db.session.get(ListeningSession, session_id).notes[index].id


def test_redaction_on_save_and_raw_text_only_for_own_org_and_admins(client, app, make, as_user, staff_a, staff_b,
                                                                     ward, make_session):
    session_id = make_session(staff_a, ward, texts=(SECRET,))
    with app.app_context():
        note = db.session.scalars(db.select(Note)).one()
        assert note.raw_text == SECRET and note.text == "Ask for [NAME] on [PHONE] at the centre"
        assert note.redactions == {"NAME": 1, "PHONE": 1}
    as_user(staff_a)
    page = client.page(f"/sessions/{session_id}")
    assert SECRET in page.get_text() and "Ask for [NAME] on [PHONE]" in page.get_text()
    client.sign_out()

    as_user(staff_b)  # another organisation: not even the session
    assert client.raw.get(f"/sessions/{session_id}").status_code == 404
    assert client.raw.get(f"/sessions/{session_id}/history").status_code == 404
    assert client.raw.get(f"/sessions/notes/{_note_id(app, session_id)}/edit").status_code == 404
    assert SECRET not in client.raw.get("/sessions/export.csv").get_data(as_text=True)
    client.sign_out()

    as_user(make.user(Role.ORGANISER))  # sees every session, never the raw words
    page = client.page(f"/sessions/{session_id}")
    assert "Ask for [NAME] on [PHONE]" in page.get_text() and "Priya" not in page.get_text()
    assert client.raw.get(f"/sessions/notes/{_note_id(app, session_id)}/edit").status_code == 403
    client.sign_out()

    as_user(make.user(Role.ADMIN))
    assert SECRET in client.page(f"/sessions/{session_id}").get_text()
    client.sign_out()

    as_user(make.user(Role.ANCHOR))
    assert client.raw.get(f"/sessions/{session_id}").status_code == 403
    assert client.raw.get("/sessions/").status_code == 403


def test_list_filters_and_pages(client, app, as_user, staff_a, staff_b, ward, other_ward, make_session):
    for day in range(1, 31):
        make_session(staff_a, ward, texts=(f"The bus number {day} is late",), held_on=date(2026, 1, day))
    make_session(staff_a, other_ward, texts=("Lovely allotments",), held_on=date(2026, 2, 1), format="street-stall")
    make_session(staff_b, ward, texts=("Other org's note about buses",), held_on=date(2026, 2, 2))
    as_user(staff_a)
    page = client.page("/sessions/")
    assert "31 sessions" in page.get_text() and "Other org" not in page.get_text()
    assert page.find(class_="govuk-pagination") is not None
    second = client.page("/sessions/?page=2")
    assert len(second.select("tbody tr")) == 6
    assert "1 session" in client.page(f"/sessions/?ward={other_ward.id}").get_text()
    assert "5 sessions" in client.page("/sessions/?date_from=01/01/2026&date_to=05/01/2026").get_text()
    assert "1 session" in client.page("/sessions/?format=street-stall").get_text()
    found = client.page("/sessions/?q=allotments")
    assert "1 session" in found.get_text() and "Matching notes" in found.get_text()
    assert "0 sessions" in client.page("/sessions/?q=100%25").get_text()  # % is a literal, not a wildcard
    assert "0 sessions" in client.page("/sessions/?kind=change").get_text()
    bad = client.raw.get("/sessions/?date_from=someday")
    assert bad.status_code == 200 and "Enter a date like 27/03/2026" in bad.get_data(as_text=True)
    assert "<title>Error:" in bad.get_data(as_text=True)
    assert client.raw.get("/sessions/?page=abc").status_code == 200


def test_edit_and_delete_a_note_with_audit_rows_and_history(client, app, as_user, staff_a, ward, make_session):
    session_id = make_session(staff_a, ward, texts=("First note", "Second note"))
    note_id = _note_id(app, session_id)
    as_user(staff_a)
    page = client.page(f"/sessions/notes/{note_id}/edit")
    assert "Do not write anything that could identify someone" in page.get_text()
    url = f"/sessions/notes/{note_id}/edit"
    response = client.submit(url, {"kind": "change", "text": "", "language": "en", "english": "", "consent": "quote"})
    assert response.status_code == 200 and "Enter what they said" in response.get_data(as_text=True)
    response = client.submit(url, {"kind": "change", "text": "Call 07700 900999 about the lights",
                                   "language": "en", "english": "", "consent": "analysis"})
    assert response.status_code == 302
    with app.app_context():
        note = db.session.get(Note, note_id)
        assert note.text == "Call [PHONE] about the lights" and note.kind == "change" and note.consent == "analysis"
    second_id = _note_id(app, session_id, 1)
    assert client.page(f"/sessions/notes/{second_id}/delete")
    assert client.submit(f"/sessions/notes/{second_id}/delete", {}).status_code == 302
    with app.app_context():
        assert db.session.get(Note, second_id) is None
        events = list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.object_type == "ListeningSession").order_by(AuditEvent.id)))
        assert [e.action for e in events] == ["session.created", "note.updated", "note.deleted"]
        assert sorted(events[1].details["fields"]) == ["consent", "kind", "text"]
        assert all("07700" not in str(e.details) and "lights" not in str(e.details) for e in events)
    history = client.page(f"/sessions/{session_id}/history").get_text()
    assert "Note changed" in history and "Note deleted" in history and "Session logged" in history


def test_edit_and_delete_a_session(client, app, as_user, staff_a, staff_b, ward, other_ward, make_session):
    session_id = make_session(staff_a, ward, texts=("A note",), key="form:abcdefghijklmnopqrstuvwx")
    as_user(staff_b)
    assert client.raw.get(f"/sessions/{session_id}/edit").status_code == 404
    client.sign_out()
    as_user(staff_a)
    client.page(f"/sessions/{session_id}/edit")
    data = {"ward": str(other_ward.id), "held_on": ["2", "2", "2026"], "venue": "New venue", "format": "online",
            "participants": "4", "summary": ""}
    assert client.submit(f"/sessions/{session_id}/edit", data).status_code == 302
    with app.app_context():
        session = db.session.get(ListeningSession, session_id)
        assert session.venue == "New venue" and session.ward_id == other_ward.id
        assert session.notes[0].ward_id == other_ward.id and session.notes[0].held_on == date(2026, 2, 2)
    client.page(f"/sessions/{session_id}/delete")
    assert client.submit(f"/sessions/{session_id}/delete", {}).status_code == 302
    assert client.raw.get(f"/sessions/{session_id}").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Note)) == 0
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.object_type == "ListeningSession").order_by(AuditEvent.id))]
        assert actions == ["session.created", "session.updated", "session.deleted"]


def test_every_capture_page_renders(client, app, as_user, staff_a, ward, make_session):
    session_id = make_session(staff_a, ward)
    as_user(staff_a)
    for url in ("/sessions/", f"/sessions/{session_id}", f"/sessions/{session_id}/history",
                f"/sessions/{session_id}/edit", f"/sessions/{session_id}/delete", f"/sessions/{session_id}/confirmation",
                "/sessions/import"):
        client.page(url)
