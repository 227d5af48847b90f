"""Hand-made requests no browser sends: a date widget with other than three parts, and JSON
nested far deeper than any Hark body. Each is answered 4xx with a message, never a 500."""

from __future__ import annotations

import json
import re
from datetime import date, time

import pytest

from listening.domain import CommitmentStatus, Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.services import capture, commitments, events
from listening.services.accounts import users
from tests import factories

WRONG_PARTS = "Enter the date as a day, a month and a year"
MALFORMED = [["14", "3"], ["14"], ["14", "3", "2026", "9"]]


@pytest.fixture
def world(app):
    with app.app_context():
        w = factories.world()
        host = factories.org(OrgKind.COMMUNITY, name="Kirkstall Hub (test)", ward_ids=[w["kirkstall_id"]])
        staff = factories.user(Role.STAFF, organisation=host)
        anchor = users.get_by_email(w["anchor"])
        organiser = users.get_by_email(w["organiser"])
        commitment = commitments.create(anchor, commitments.CommitmentInput(
            title="Benches in the park", theme_keys=["park"], ward_ids=[w["kirkstall_id"]],
            status=CommitmentStatus.IN_PROGRESS))
        event = events.create(organiser, events.EventInput(
            title="Summer listening", held_on=date(2027, 5, 14), starts_at=time(18, 30), venue="Church hall",
            host_organisation_id=host.id, ward_ids=[w["kirkstall_id"]]))
        session, _created = capture.create_session(
            staff,
            capture.SessionInput(ward_id=w["kirkstall_id"], held_on=date(2026, 3, 1), venue="Hub",
                                 format=SessionFormat.DROP_IN, participants=4),
            [capture.NoteInput(kind=NoteKind.LOVE, text="The park is lovely", consent=Consent.QUOTE)],
        )
        w.update(staff=staff.email, commitment=commitment.id, event=event.id, session=session.id)
        return w


def _post_dates(client, url: str, field: str, base: dict, form_url: str | None = None):
    for parts in MALFORMED:
        response = client.submit(url, {**base, field: parts}, form_url=form_url)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, (url, parts, response.status_code)
        assert WRONG_PARTS in html, (url, parts)
        # The redrawn widget still has its three boxes.
        assert len(re.findall(rf'name="{field}"', html)) == 3


def test_session_journey_and_edit_dates_with_other_than_three_parts(world, client):
    """Finding 5: `held_on` posted with other than three parts in the session journey and edit
    failed inside the date widget while the form was redrawn (a 500)."""
    client.sign_in(world["staff"], factories.PASSWORD)
    start = client.raw.get("/sessions/new")
    key = re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", start.location).group(1)
    details = {"ward": str(world["kirkstall_id"]), "venue": "Hub", "format": "drop-in", "participants": "4"}
    _post_dates(client, f"/sessions/new/{key}/details", "held_on", details)
    _post_dates(client, f"/sessions/{world['session']}/edit", "held_on", details)


def test_commitment_due_dates_with_other_than_three_parts(world, client):
    """Finding 5: `due` in commitments new/edit."""
    client.sign_in(world["anchor"], factories.PASSWORD)
    base = {"title": "Fix the lights", "status": "planned", "themes": ["park"], "wards": [str(world["kirkstall_id"])]}
    _post_dates(client, "/commitments/new", "due", base)
    _post_dates(client, f"/commitments/{world['commitment']}/edit", "due", base)


def test_event_dates_with_other_than_three_parts(world, client):
    """Finding 5: `held_on` in events new/edit."""
    client.sign_in(world["organiser"], factories.PASSWORD)
    base = {"title": "Listening", "starts_at": "18:30", "venue": "Hall", "status": "planned",
            "wards": [str(world["kirkstall_id"])]}
    _post_dates(client, "/events/new", "held_on", base)
    _post_dates(client, f"/events/{world['event']}/edit", "held_on", base)


def test_theme_run_date_filter_with_other_than_three_parts(world, client):
    """Finding 5: `date_from`/`date_to` in the themes filter."""
    client.sign_in(world["organiser"], factories.PASSWORD)
    good = ["1", "1", "2026"]
    _post_dates(client, "/themes/", "date_from", {"scope": "range", "date_to": good})
    _post_dates(client, "/themes/", "date_to", {"scope": "range", "date_from": good})


def test_a_browser_posted_date_is_still_read(world, client):
    """The fix leaves real three-part dates alone: an event moves to the posted date."""
    client.sign_in(world["organiser"], factories.PASSWORD)
    response = client.submit(f"/events/{world['event']}/edit", {
        "title": "Listening", "held_on": ["2", "6", "2027"], "starts_at": "18:30", "venue": "Hall",
        "status": "planned", "wards": [str(world["kirkstall_id"])]})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "2 June 2027" in client.raw.get(f"/events/{world['event']}").get_data(as_text=True)


DEEP = "[" * 1000


@pytest.mark.parametrize("body", [DEEP, DEEP + "]" * 1000, '{"notes": ' + DEEP + "]" * 1000 + "}"])
def test_deeply_nested_json_on_every_json_post(world, client, app, body):
    """Finding 5: deeply nested JSON (`[` x 1000) was a RecursionError 500 on POST /api/v1/sessions,
    /commitments, /commitments/{id}/updates and /theme-runs."""
    with app.app_context():
        staff = factories.token(world["staff"])
        anchor = factories.token(world["anchor"])
        organiser = factories.token(world["organiser"])
    posts = [
        ("/api/v1/sessions", staff), ("/api/v1/commitments", anchor),
        (f"/api/v1/commitments/{world['commitment']}/updates", anchor), ("/api/v1/theme-runs", organiser),
    ]
    for url, token in posts:
        response = client.raw.post(url, data=body, headers={"Authorization": f"Bearer {token}",
                                                            "Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, (url, response.status_code)
        message = response.get_json()["error"]["message"]
        assert "nests arrays or objects more than 32 levels deep" in message, (url, message)


def test_ordinary_nesting_and_brackets_inside_strings_are_read(world, client, app):
    """Brackets inside strings do not count towards the depth: a commitment titled with 40 '['."""
    with app.app_context():
        anchor = factories.token(world["anchor"])
    body = {"title": "[" * 40 + " benches", "themes": ["park"], "wards": [world["kirkstall"]], "status": "proposed"}
    response = client.raw.post("/api/v1/commitments", data=json.dumps(body),
                               headers={"Authorization": f"Bearer {anchor}", "Content-Type": "application/json"})
    assert response.status_code == 201, response.get_json()


def test_a_date_left_out_of_the_post_is_asked_for(world, client):
    """No date boxes posted at all (a hand-made request): the form asks for the date, no 500."""
    client.sign_in(world["organiser"], factories.PASSWORD)
    response = client.submit("/events/new", {"title": "Listening", "starts_at": "18:30", "venue": "Hall",
                                             "status": "planned", "wards": [str(world["kirkstall_id"])]})
    assert response.status_code == 400
    assert "Enter the date of the event" in response.get_data(as_text=True)
