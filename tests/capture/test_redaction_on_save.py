"""Redaction on save through the real API and form (issue 14): pasted Unicode is normalised where
notes are cleaned, the note's language reaches redaction, and an admin's keep words are used."""

from __future__ import annotations

import re

import pytest

from listening.domain import Role
from listening.extensions import db
from listening.models import Note
from listening.services import capture
from listening.services.accounts import users

BODY = {
    "ward": "E05011402",
    "date": "2026-03-14",
    "venue": "Gipton\u00a0Community\u2009Centre\u200b",
    "format": "drop-in",
    "participants": 6,
}


@pytest.fixture
def token(app, staff_a, ward):
    with app.app_context():
        return users.issue_api_token(staff_a)


def _post(client, token, notes):
    return client.raw.post(
        "/api/v1/sessions", headers={"Authorization": f"Bearer {token}"}, json={**BODY, "notes": notes}
    )


def _stored(session_id: int) -> list[Note]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Note).where(Note.session_id == session_id).order_by(Note.id)))


def test_api_note_with_pasted_unicode_is_stored_normalised_and_redacted(client, token, app_ctx):
    text = "Ring Joan on 07700\u200b900\u200b417, postcode LS9\u00a07QT, cafe\u0301 shut"
    response = _post(client, token, [{"kind": "change", "text": text, "consent": "quote"}])
    assert response.status_code == 201
    body = response.get_json()
    assert body["venue"] == "Gipton Community Centre"  # the same clean-up for every field
    assert body["notes"][0]["text"] == "Ring [NAME] on [PHONE], postcode [POSTCODE], caf\u00e9 shut"
    (note,) = _stored(body["id"])
    assert note.raw_text == "Ring Joan on 07700900417, postcode LS9 7QT, caf\u00e9 shut"
    assert note.redactions == {"NAME": 1, "PHONE": 1, "POSTCODE": 1}


def test_api_polish_note_keeps_its_capitalised_words(client, token, app_ctx):
    original = "Mieszkam tu od lat. Dzieci nie mają gdzie grać, tel. \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10 \uff11\uff12\uff13"
    english = "I have lived here for years. Children have nowhere to play, tel. 07700 900 123"
    response = _post(client, token, [{"kind": "change", "text": original, "english": english, "language": "pl",
                                      "consent": "quote"}])
    assert response.status_code == 201
    note = response.get_json()["notes"][0]
    assert note["original"] == "Mieszkam tu od lat. Dzieci nie mają gdzie grać, tel. [PHONE]"
    assert note["text"] == "I have lived here for years. Children have nowhere to play, tel. [PHONE]"


def test_an_admin_keep_word_is_kept_in_notes_saved_afterwards(client, token, make, app_ctx):
    note = [{"kind": "love", "text": "We meet at Fearnvale most weeks, it is lovely", "consent": "quote"}]
    before = _post(client, token, note).get_json()["notes"][0]["text"]
    assert before == "We meet at [NAME] most weeks, it is lovely"

    capture.add_keep_word("Fearnvale", actor_id=make.user(Role.ADMIN).id)
    after = _post(client, token, note).get_json()["notes"][0]["text"]
    assert after == "We meet at Fearnvale most weeks, it is lovely"


def _start(client) -> str:
    response = client.raw.get("/sessions/new")
    return re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", response.location).group(1)


def test_form_note_with_pasted_unicode_is_stored_normalised_and_redacted(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    client.page("/sessions/")
    key = _start(client)
    details = {"held_on": ["14", "3", "2026"], "venue": "Seacroft\u2003Hub", "format": "drop-in",
               "participants": "5", "facilitator": "", "languages": ["en"], "summary": "", "ward": str(ward.id)}
    assert client.submit(f"/sessions/new/{key}/details", details).status_code == 302
    text = "dob 1961\u20110\u20114\u20110\u20112? no: d.o.b. \u0661\u0662/\u0660\u0663/\u0661\u0669\u0664\u0668. Lives alone"
    fields = {"notes-0-kind": "change", "notes-0-text": text, "notes-0-consent": "analysis",
              "notes-0-language": "en", "notes-0-english": "", "action": "continue"}
    assert client.submit(f"/sessions/new/{key}/notes", fields).status_code == 302
    response = client.submit(f"/sessions/new/{key}/check", {"submission_key": key})
    assert response.status_code == 302
    session_id = int(re.search(r"/sessions/(\d+)/confirmation", response.location).group(1))
    (note,) = _stored(session_id)
    assert "12/03/1948" in note.raw_text and "\u0661" not in note.raw_text
    assert "[DOB]" in note.text and "12/03/1948" not in note.text and "1948" not in note.text
