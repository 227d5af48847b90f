"""After an event (issue 17, "Events"): "Log what you heard" on a future event leaves the date for
the person to give, a session is linked to an event only when held in its window (EVENT_LINK_DAYS),
and a planned event whose day has passed asks "Did this go ahead?"."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from listening.domain import EventStatus, SessionFormat
from listening.services import events
from listening.services.accounts import users
from tests import factories
from tests.events.test_events import _event_id, _plan, world  # noqa: F401 - fixture
from tests.factories import PASSWORD


def _start_from_event(client, eid) -> str:
    response = client.raw.get(f"/sessions/new?event={eid}")
    assert response.status_code == 302
    return re.search(r"/sessions/new/([A-Za-z0-9_-]+)/details", response.location).group(1)


def _day(d: date) -> list[str]:
    return [str(d.day), str(d.month), str(d.year)]


def _date_boxes(page) -> list[str]:
    return [page.find(id=f"held_on-{part}").get("value") or "" for part in ("day", "month", "year")]


def test_log_what_you_heard_on_a_future_event_does_not_fill_in_its_future_date(world, client, app):  # noqa: F811
    """Replays: '"Log what you heard" on a future event pre-fills the event's future date, which the
    form then rejects'."""
    client.sign_in(world["organiser"], PASSWORD)
    future = _event_id(_plan(client, world))
    past = _event_id(_plan(client, world, held_on=_day(date.today() - timedelta(days=2))))
    page = client.page(f"/sessions/new/{_start_from_event(client, future)}/details")
    assert _date_boxes(page) == ["", "", ""]
    assert page.find(id="venue").get("value") == "St Stephen's Church Hall, Kirkstall Lane"
    held = date.today() - timedelta(days=2)
    page = client.page(f"/sessions/new/{_start_from_event(client, past)}/details")
    assert _date_boxes(page) == [str(held.day), str(held.month), str(held.year)]


def test_a_session_held_weeks_before_the_event_cannot_be_linked_to_it(world, client, app, monkeypatch):  # noqa: F811
    """Replays: 'a session held seven weeks before an event can be linked as heard at this event'."""
    client.sign_in(world["organiser"], PASSWORD)
    eid = _event_id(_plan(client, world, held_on=_day(date.today() - timedelta(days=3))))
    client.sign_out()
    client.sign_in(world["staff"], PASSWORD)
    key = _start_from_event(client, eid)
    seven_weeks_before = date.today() - timedelta(days=3 + 49)
    response = client.submit(f"/sessions/new/{key}/details", {
        "ward": str(world["kirkstall_id"]), "held_on": _day(seven_weeks_before), "venue": "Hall",
        "format": "event", "participants": "4"})
    assert response.status_code == 200 and "/notes" not in (response.location or "")
    assert "A session heard at this event must be held between" in response.get_data(as_text=True)
    with app.app_context():
        event = events.get(eid)
        host = factories.wards.get_organisation(world["host"])
        kirkstall = factories.wards.get_ward(world["kirkstall_id"])
        early = factories.session(kirkstall, host, held_on=seven_weeks_before, fmt=SessionFormat.EVENT).id
        on_the_day = factories.session(kirkstall, host, held_on=event.held_on, fmt=SessionFormat.EVENT).id
        staff = users.get_by_email(world["staff"])
        assert [s.id for s in events.linkable_sessions(staff, event)] == [on_the_day]
        with pytest.raises(events.EventError, match="must be held between"):
            events.link_session(staff, event, early)
        monkeypatch.setitem(app.config, "EVENT_LINK_DAYS", 0)  # the window is configurable
        later = factories.session(kirkstall, host, held_on=event.held_on + timedelta(days=1)).id
        with pytest.raises(events.EventError):
            events.link_session(staff, event, later)
    page = client.page(f"/events/{eid}")
    options = [o.get("value") for o in page.select("#session option")]
    assert str(early) not in options and str(on_the_day) in options


def test_a_past_planned_event_asks_whether_it_went_ahead(world, client, app):  # noqa: F811
    """Replays: 'an event moved into the past stays "Planned" without asking whether it was held'."""
    client.sign_in(world["organiser"], PASSWORD)
    eid = _event_id(_plan(client, world, held_on=_day(date.today() - timedelta(days=1))))
    page = client.page(f"/events/{eid}")
    assert "Did it go ahead?" in page.get_text()
    assert "Did this go ahead?" in client.page("/events/").get_text()
    response = client.submit(f"/events/{eid}/outcome", {}, form_url=f"/events/{eid}")
    assert response.status_code == 400 and "Select yes if the event was held" in response.get_data(as_text=True)
    response = client.submit(f"/events/{eid}/outcome", {"went_ahead": "yes"}, form_url=f"/events/{eid}")
    assert response.status_code == 302
    with app.app_context():
        assert events.get(eid).status == EventStatus.HELD
    page = client.page(f"/events/{eid}")
    assert "Did it go ahead?" not in page.get_text() and "Held" in page.get_text()
    future = _event_id(_plan(client, world))
    assert "Did it go ahead?" not in client.page(f"/events/{future}").get_text()
