"""The form journey: details → notes (add another, no JavaScript) → check → confirmation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from datetime import time as datetime_time

from listening.extensions import db
from listening.models import AuditEvent, CaptureDraft, ListeningSession, Note

DETAILS = {
    "held_on": ["14", "3", "2026"],
    "venue": "Kirkstall Community Centre",
    "format": "drop-in",
    "participants": "12",
    "facilitator": "",
    "languages": ["en", "ur"],
    "summary": "",
    "age_18_24": "3",
    "age_65_plus": "2",
}


def _start(client) -> str:
    response = client.raw.get("/sessions/new")
    assert response.status_code == 302
    match = re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", response.location)
    assert match
    return match.group(1)


def _details(client, key, ward, **overrides):
    data = {**DETAILS, "ward": str(ward.id), **overrides}
    return client.submit(f"/sessions/new/{key}/details", data)


def _note_fields(i, kind="love", text="The library is warm", consent="quote", language="en", english=""):
    return {f"notes-{i}-kind": kind, f"notes-{i}-text": text, f"notes-{i}-consent": consent,
            f"notes-{i}-language": language, f"notes-{i}-english": english}


def _sessions():
    return list(db.session.scalars(db.select(ListeningSession)))


def test_happy_path_through_check_answers(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    client.page("/sessions/")
    key = _start(client)
    page = client.page(f"/sessions/new/{key}/details")
    assert page.find("input", {"name": "submission_key"})["value"] == key
    response = _details(client, key, ward)
    assert response.status_code == 302 and response.location.endswith(f"/sessions/new/{key}/notes")

    page = client.page(f"/sessions/new/{key}/notes")
    assert "Do not write anything that could identify someone" in page.get_text()
    # Add another note without JavaScript: a plain POST button that adds a row server-side.
    response = client.submit(f"/sessions/new/{key}/notes", {**_note_fields(0), "action": "add"})
    assert response.status_code == 302
    page = client.page(f"/sessions/new/{key}/notes")
    assert page.find(id="notes-1-text") is not None
    assert page.find(id="notes-0-text").get_text() == "The library is warm"  # kept across the round trip

    data = {**_note_fields(0), **_note_fields(1, kind="change", text="Ring Sarah on 07700 900123 about the bins",
                                               consent="analysis"), "action": "continue"}
    response = client.submit(f"/sessions/new/{key}/notes", data)
    assert response.status_code == 302 and response.location.endswith(f"/sessions/new/{key}/check")

    page = client.page(f"/sessions/new/{key}/check")
    text = page.get_text()
    assert "Check your answers" in text and "Kirkstall Community Centre" in text and "18 to 24: 3" in text
    response = client.submit(f"/sessions/new/{key}/check", {"submission_key": key})
    assert response.status_code == 302
    session_id = int(re.search(r"/sessions/(\d+)/confirmation", response.location).group(1))
    page = client.page(response.location)
    assert "Session saved" in page.get_text()

    db.session.expire_all()
    session = db.session.get(ListeningSession, session_id)
    assert session.organisation_id == staff_a.organisation_id
    assert session.languages == ["en", "ur"] and session.demographics == {"18-24": 3, "65-plus": 2}
    assert [n.text for n in session.notes] == ["The library is warm", "Ring [NAME] on [PHONE] about the bins"]
    assert session.notes[1].raw_text == "Ring Sarah on 07700 900123 about the bins"
    assert session.notes[1].redactions == {"NAME": 1, "PHONE": 1}
    assert db.session.scalar(db.select(db.func.count()).select_from(CaptureDraft)) == 0
    events = list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "session.created")))
    assert len(events) == 1 and "Sarah" not in str(events[0].details) and "07700" not in str(events[0].details)


def _ready_to_save(client, ward) -> str:
    key = _start(client)
    _details(client, key, ward)
    client.submit(f"/sessions/new/{key}/notes", {**_note_fields(0), "action": "continue"},
                  form_url=f"/sessions/new/{key}/notes")
    return key


def test_double_submit_and_back_button_create_one_session(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    key = _ready_to_save(client, ward)
    token = client.csrf_token(f"/sessions/new/{key}/check")
    first = client.raw.post(f"/sessions/new/{key}/check", data={"csrf_token": token, "submission_key": key})
    second = client.raw.post(f"/sessions/new/{key}/check", data={"csrf_token": token, "submission_key": key})
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    # The back button to any step of a finished journey lands on the confirmation.
    for step in ("details", "notes", "check"):
        response = client.raw.get(f"/sessions/new/{key}/{step}")
        assert response.status_code == 302 and response.location == first.location
    assert len(_sessions()) == 1


def test_each_details_error_is_shown(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    key = _start(client)
    future = date.today() + timedelta(days=3)
    cases = [
        ({"ward": "0"}, "Select the ward the session was held in"),
        ({"held_on": ["", "", ""]}, "Enter the date of the session"),
        ({"held_on": ["31", "2", "2026"]}, "must be a real date"),
        ({"held_on": [str(future.day), str(future.month), str(future.year)]}, "must be today or in the past"),
        ({"held_on": ["1", "1", "1999"]}, "after 1 January 2000"),
        ({"venue": ""}, "Enter where the session was held"),
        ({"venue": "x" * 201}, "Venue must be 200 characters or fewer"),
        ({"format": None}, "Select the format of the session"),
        ({"participants": ""}, "Enter how many people you heard from"),
        ({"participants": "lots"}, "Enter how many people you heard from"),
        ({"participants": "-1"}, "Number of people must be between 0 and 10,000"),
        ({"age_18_24": "-4"}, "age group must be between 0 and 10,000"),
        ({"summary": "x" * 5001}, "Summary must be 5,000 characters or fewer"),
    ]
    for override, message in cases:
        data = {**DETAILS, "ward": str(ward.id), **override}
        data = {k: v for k, v in data.items() if v is not None}
        response = client.submit(f"/sessions/new/{key}/details", data)
        assert response.status_code == 200, override
        html = response.get_data(as_text=True)
        assert message in html, (override, message)
        assert "<title>Error:" in html
    assert _sessions() == []


def test_each_note_error_is_shown_and_typing_is_kept(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    key = _start(client)
    _details(client, key, ward)
    url = f"/sessions/new/{key}/notes"
    cases = [
        (_note_fields(0, kind=""), "Select whether this is something they love or would change"),
        (_note_fields(0, kind="", text="", consent=""), "Enter at least one note"),
        (_note_fields(0, kind="love", text=""), "Enter what they said"),
        (_note_fields(0, text="x" * 2001), "What they said must be 2,000 characters or fewer"),
        (_note_fields(0, consent=""), "Select what they agreed to"),
    ]
    for fields, message in cases:
        fields = {k: v for k, v in fields.items() if v != "" or k.endswith(("text", "english"))}
        response = client.submit(url, {**fields, "action": "continue"})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert message in html, message
        assert "<title>Error:" in html
    # What was typed is still there after an error.
    client.submit(url, {**_note_fields(0, consent="") | {"notes-0-consent": None}, "action": "continue"})
    assert "The library is warm" in client.raw.get(url).get_data(as_text=True)
    assert _sessions() == []


def test_remove_a_note_and_blank_rows_are_dropped(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    key = _start(client)
    _details(client, key, ward)
    url = f"/sessions/new/{key}/notes"
    client.submit(url, {**_note_fields(0, text="first"), "action": "add"})
    client.submit(url, {**_note_fields(0, text="first"), **_note_fields(1, text="second"), "action": "add"})
    client.submit(url, {**_note_fields(0, text="first"), **_note_fields(1, text="second"),
                        "notes-2-text": "", "notes-2-language": "en", "action": "remove-0"})
    page = client.page(url)
    assert page.find(id="notes-0-text").get_text() == "second"
    response = client.submit(url, {**_note_fields(0, text="second"), "notes-1-text": "", "notes-1-language": "en",
                                   "action": "continue"})
    assert response.status_code == 302
    page = client.page(f"/sessions/new/{key}/check")
    assert "1 note" in page.get_text()


def test_non_english_note_keeps_original_and_reads_english(client, as_user, staff_a, ward, app_ctx):
    as_user(staff_a)
    key = _start(client)
    _details(client, key, ward)
    client.submit(f"/sessions/new/{key}/notes", {**_note_fields(0, text="Park bahut acha hai", language="ur",
                                                              english="The park is very good"), "action": "continue"})
    response = client.submit(f"/sessions/new/{key}/check", {"submission_key": key})
    assert response.status_code == 302
    note = db.session.scalars(db.select(Note)).one()
    assert note.text == "The park is very good" and note.raw_original == "Park bahut acha hai"
    assert note.language == "ur" and note.original_redacted == "Park bahut acha hai"


def test_another_users_journey_key_is_404(client, as_user, staff_a, staff_b, ward, app_ctx):
    as_user(staff_a)
    key = _start(client)
    _details(client, key, ward)
    client.sign_out()
    as_user(staff_b)
    assert client.raw.get(f"/sessions/new/{key}/notes").status_code == 302  # no draft of theirs: start again
    response = _details(client, key, ward)
    assert response.status_code == 404
    assert client.raw.get("/sessions/new/not-a-valid-key!/details").status_code == 404


def test_a_session_logged_from_an_event_page_is_linked_to_the_event(client, as_user, staff_a, ward, app_ctx):
    """The event page's "Log what you heard" link starts the journey with the event's date, venue
    and ward filled in; the saved session is linked to the event and counted on its page."""
    from listening.domain import EventStatus
    from listening.models import EngagementEvent
    from listening.services.core import write

    held = date.today() - timedelta(days=1)
    with write():
        event = EngagementEvent(uid="evt-test@hark", title="Kirkstall listening evening", held_on=held,
                                starts_at=datetime_time(18, 30), venue="St Stephen's Church Hall",
                                status=EventStatus.PLANNED, wards=[ward])
        db.session.add(event)
    as_user(staff_a)
    assert f"/sessions/new?event={event.id}" in str(client.page(f"/events/{event.id}"))

    response = client.raw.get(f"/sessions/new?event={event.id}")
    assert response.status_code == 302
    key = re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", response.location).group(1)
    page = client.page(response.location)
    assert "linked to the event Kirkstall listening evening" in page.get_text(" ")
    assert page.find(id="venue")["value"] == "St Stephen's Church Hall"
    assert page.find(id="held_on-day")["value"] == str(held.day)
    assert page.find(id="ward").find("option", selected=True)["value"] == str(ward.id)

    # The person changes the venue; the event link survives the details step.
    response = _details(client, key, ward, venue="Kirkstall Library",
                        held_on=[str(held.day), str(held.month), str(held.year)])
    assert response.status_code == 302
    client.submit(f"/sessions/new/{key}/notes", {**_note_fields(0), "action": "continue"},
                  form_url=f"/sessions/new/{key}/notes")
    check = client.page(f"/sessions/new/{key}/check").get_text(" ")
    assert "Kirkstall listening evening" in check and "Kirkstall Library" in check
    response = client.submit(f"/sessions/new/{key}/check", {"submission_key": key})
    assert response.status_code == 302

    db.session.expire_all()
    [session] = _sessions()
    assert session.event_id == event.id and session.venue == "Kirkstall Library"
    event_page = client.page(f"/events/{event.id}").get_text(" ")  # the event lists its own organisation's session
    assert "Sessions you can see: 1," in event_page and "Kirkstall Library" in event_page


def test_a_bad_event_in_the_start_link_is_not_found(client, as_user, staff_a, app_ctx):
    as_user(staff_a)
    for value in ("abc", "999999", "-1", "１２", str(2**31), ""):
        assert client.raw.get(f"/sessions/new?event={value}").status_code == 404, value
    assert db.session.scalar(db.select(db.func.count()).select_from(CaptureDraft)) == 0


def test_control_characters_in_the_form_never_break_a_save(client, as_user, staff_a, ward, app_ctx):
    """A NUL or other control character pasted into a field (PostgreSQL refuses NUL in text) is
    either refused with a message on the page or stripped; never a server error."""
    as_user(staff_a)
    key = _start(client)
    response = _details(client, key, ward, venue="Kirkstall\x00 Library\x07", facilitator="Sam\x00")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "<title>Error:" in response.get_data(as_text=True)
        return
    response = client.submit(f"/sessions/new/{key}/notes",
                             {**_note_fields(0, text="Bins\x00 overflow\x1b every week"), "action": "continue"},
                             form_url=f"/sessions/new/{key}/notes")
    assert response.status_code in (200, 302), response.status_code
    response = client.submit(f"/sessions/new/{key}/check", {"submission_key": key})
    assert response.status_code == 302, response.status_code
    db.session.expire_all()
    [session] = _sessions()
    assert session.venue == "Kirkstall Library" and session.facilitator == "Sam"
    assert session.notes[0].text == "Bins overflow every week"


def test_an_event_start_still_needs_the_details_step_and_a_cancelled_event_has_none(
        client, as_user, staff_a, ward, app_ctx):
    from listening.domain import EventStatus
    from listening.models import AuditEvent, EngagementEvent
    from listening.services.core import write

    held = date.today() - timedelta(days=2)
    with write():
        event = EngagementEvent(uid="evt-two@hark", title="Two wards evening", held_on=held,
                                starts_at=datetime_time(18, 0), venue="Hall", status=EventStatus.PLANNED, wards=[])
        cancelled = EngagementEvent(uid="evt-off@hark", title="Called off", held_on=held,
                                    starts_at=datetime_time(18, 0), venue="Hall", status=EventStatus.CANCELLED,
                                    wards=[ward])
        db.session.add_all([event, cancelled])
    as_user(staff_a)
    assert client.raw.get(f"/sessions/new?event={cancelled.id}").status_code == 404

    key = re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details",
                    client.raw.get(f"/sessions/new?event={event.id}").location).group(1)
    # Skipping the details step (the prefill is not an answer) leads back to it, never to an error.
    for step in ("notes", "check"):
        response = client.raw.get(f"/sessions/new/{key}/{step}")
        assert response.status_code == 302 and response.location.endswith(f"/sessions/new/{key}/details"), step
    assert "Two wards evening" in client.page(f"/sessions/new/{key}/details").get_text(" ")
    _details(client, key, ward, held_on=[str(held.day), str(held.month), str(held.year)])
    client.submit(f"/sessions/new/{key}/notes", {**_note_fields(0), "action": "continue"},
                  form_url=f"/sessions/new/{key}/notes")
    assert client.submit(f"/sessions/new/{key}/check", {"submission_key": key}).status_code == 302
    db.session.expire_all()
    [session] = _sessions()
    assert session.event_id == event.id
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "session.created"))
    assert audit.details["event"] == event.id  # the link is on the record, as a linked session's is
