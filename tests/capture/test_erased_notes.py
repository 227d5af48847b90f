"""Erasure is final in every view (issue 17, "an erased note still counts in its session ... and can
be edited and saved"): the erased note shows as "Erased on <date>" with no words and no actions, the
counts and lists leave it out, and every route that edits a note refuses it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from listening.domain import Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.extensions import db
from listening.models import Note
from listening.services import capture
from listening.services.accounts import users
from listening.services.privacy import rights as privacy

TEXTS = [
    "Mary Jones says the bins on her street are never emptied",
    "The park is lovely in summer",
    "The buses are late every morning",
    "The library is warm and friendly",
]


@pytest.fixture
def erased(app, make):
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Org A", ward_ids=[ward.id])
    staff = make.user(Role.STAFF, organisation=org)
    with app.app_context():
        data = capture.SessionInput(ward_id=ward.id, held_on=date(2026, 3, 1), venue="Library",
                                    format=SessionFormat.DROP_IN, participants=6)
        notes = [capture.NoteInput(NoteKind.CHANGE, t, Consent.QUOTE) for t in TEXTS]
        session, _ = capture.create_session(users.get_user(staff.id), data, notes)
        ids = [n.id for n in session.notes]
        privacy.erase(privacy.Criteria(name="Mary"), actor_id=staff.id)
    return staff, session.id, ids


def _note_routes(app):
    """Every web route that takes a note id: each one writes to the note."""
    return sorted(
        (rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()
        if "note_id" in rule.arguments and not rule.endpoint.startswith("api.")
    )


def test_the_erased_note_shows_its_date_with_no_words_or_actions_and_is_not_counted(app, client, make, erased):
    """Replays: 'An erased note still counts in its session ("4 notes"), shows as a blank note with
    Change and Delete links'."""
    staff, session_id, (erased_id, *kept) = erased
    client.sign_in(staff.email, make.PASSWORD)
    page = client.page(f"/sessions/{session_id}")
    assert page.find("h2", string="3 notes")
    card = page.find(id=f"note-{erased_id}")
    assert "Erased on" in card.get_text()
    assert card.find("a") is None, "an erased note has no Change or Delete links"
    assert "Mary" not in page.get_text()
    for note_id in kept:
        assert page.find(id=f"note-{note_id}").find("a", href=f"/sessions/notes/{note_id}/edit")
    listing = client.page("/sessions/")
    row = listing.find("a", href=f"/sessions/{session_id}").find_parent("tr")
    assert "3" in row.get_text() and "4" not in row.get_text().replace("2026", "")
    export = client.get("/sessions/export.csv").get_data(as_text=True)
    assert export.count("\n") == 1 + 3  # the header and the three notes that remain


def test_every_note_editing_route_refuses_an_erased_note(app, client, make, erased):
    """Replays: '/sessions/notes/<id>/edit returns 200 and saves new text into an erased note'."""
    staff, session_id, (erased_id, live_id, *_rest) = erased
    client.sign_in(staff.email, make.PASSWORD)
    routes = _note_routes(app)
    assert {endpoint for _rule, endpoint in routes} >= {"capture.edit_note", "capture.delete_note"}
    for rule, _endpoint in routes:
        url = rule.replace("<int:note_id>", str(erased_id))
        page = client.page(url, status=409)
        assert "erased" in page.find("h1").get_text()
        response = client.submit(
            url, {"kind": "love", "text": "Put the words back", "consent": "quote", "language": "en", "confirm": "yes"},
            form_url=rule.replace("<int:note_id>", str(live_id)),
        )
        assert response.status_code == 409, f"POST {url}: {response.status_code}"
    with app.app_context():
        note = db.session.get(Note, erased_id)
        assert note is not None and note.erased_at is not None and note.text == "" and note.raw_text is None
        assert len(db.session.scalars(select(Note).where(Note.session_id == session_id)).all()) == 4


def test_the_services_refuse_an_erased_note(app, erased):
    staff, _session_id, (erased_id, *_rest) = erased
    with app.app_context():
        user, note = users.get_user(staff.id), db.session.get(Note, erased_id)
        with pytest.raises(capture.NoteErased):
            capture.update_note(user, note, capture.NoteInput(NoteKind.LOVE, "New words", Consent.QUOTE))
        with pytest.raises(capture.NoteErased):
            capture.delete_note(user, note)


def test_the_api_leaves_the_erased_note_out(app, client, erased):
    staff, session_id, (erased_id, *_rest) = erased
    with app.app_context():
        token = users.issue_api_token(users.get_user(staff.id))
    body = client.raw.get(f"/api/v1/sessions/{session_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert erased_id not in [n["id"] for n in body["notes"]] and len(body["notes"]) == 3
