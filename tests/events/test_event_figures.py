"""The events area's figures against subtraction (issue 13): what a staff member reads on an event
page, knowing their own organisation's counts to the unit, and what anyone reads on the planner's
map beside the published city overview, never pins another organisation's (or a ward's) small
count. Each test first shows the attack working on the figures the primary rule alone would give,
then reads the real page and finds nothing."""

from __future__ import annotations

import re

import pytest

from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.models import ListeningSession
from listening.services import briefings, disclosure, events, places
from listening.services.core import write
from tests import factories
from tests.events.test_events import _event_id, _plan, world  # noqa: F401 - fixture
from tests.factories import PASSWORD

ALL, YOURS, OTHERS = disclosure.ALL, disclosure.YOURS, disclosure.OTHERS
RULE = disclosure.Rule()


def _read(text: str) -> disclosure.PublishedCount:
    """A figure as the page printed it, read back the way a reader would."""
    if text == "not shown":
        return disclosure.withheld(RULE)
    if text == "fewer than 5":
        return disclosure.from_machine("<5", RULE)
    return disclosure.from_machine(int(text.replace(",", "")), RULE)


def _link(app, event_id, organisation_id, ward_id, notes, venue):
    with app.app_context():
        event = events.get(event_id)
        sess = factories.session(places.get_ward(ward_id), factories.wards.get_organisation(organisation_id),
                                 held_on=event.held_on)
        for n in range(notes):
            factories.note(sess, f"What we heard at the event ({n})", "change")
        with write():
            row = db.session.get(ListeningSession, sess.id)
            row.event_id, row.venue = event_id, venue


def _event_page(client, eid):
    text = client.page(f"/events/{eid}").get_text(" ")
    notes = re.search(r"Sessions you can see: 1, with (.+?) notes\.", text).group(1)
    everyone = re.search(r"Notes gathered at this event by every organisation: (.+?)\.", text).group(1)
    others = re.search(r"Sessions logged by other organisations: (.+?)\.", text).group(1)
    return text, {("notes", YOURS): notes, ("notes", ALL): everyone, ("sessions", OTHERS): others}


def _leaks(shown: dict, own_notes: int) -> list:
    """The attacker: the page's figures, plus the reader's own notes known exactly."""
    page = disclosure.Publication("the event page", "same data", 1, {key: _read(v) for key, v in shown.items()})
    known = disclosure.Publication("what the reader knows", "same data", 1,
                                   {("notes", YOURS): disclosure.exact(own_notes, RULE)})
    return [leak for leak in disclosure.leaks([known, page], disclosure.event_layout(), RULE.k)
            if leak.key != ("notes", YOURS)]  # the reader's own count is theirs to know


@pytest.mark.parametrize(("own", "theirs", "everyone"), [(3, 2, "not shown"), (20, 10, "30")])
def test_all_notes_minus_your_notes_never_gives_away_another_organisations_small_count(
        world, client, app, own, theirs, everyone):  # noqa: F811
    client.sign_in(world["organiser"], PASSWORD)
    eid = _event_id(_plan(client, world))
    client.sign_out()
    with app.app_context():
        other = factories.org(OrgKind.COMMUNITY, name="Bramley Voices (test)").id
    _link(app, eid, world["host"], world["kirkstall_id"], own, "Our own hall")
    _link(app, eid, other, world["kirkstall_id"], theirs, "The Secret Garden Room")
    if own + theirs == 5:  # what the primary rule alone prints for all notes, 5 (5 to 7), gives theirs as 2 to 4
        naive = {("notes", ALL): "5", ("notes", YOURS): "fewer than 5", ("sessions", OTHERS): "fewer than 5"}
        assert [(leak.key, leak.lo, leak.hi) for leak in _leaks(naive, own)] == [(("notes", OTHERS), 2, 4)]
    client.sign_in(world["staff"], PASSWORD)  # the host organisation's staff member
    text, shown = _event_page(client, eid)
    assert shown[("notes", ALL)] == everyone
    assert _leaks(shown, own) == []
    # another organisation's session: never its venue, never its notes on their own
    assert "The Secret Garden Room" not in text and "Bramley Voices" not in text and "Our own hall" in text
    if everyone == "not shown":
        assert "Some figures are not shown so that a smaller number cannot be worked out from the others." in text


def test_an_organiser_sees_every_session_and_all_notes_as_figures(world, client, app):  # noqa: F811
    client.sign_in(world["organiser"], PASSWORD)
    eid = _event_id(_plan(client, world))
    with app.app_context():
        other = factories.org(OrgKind.COMMUNITY, name="Bramley Voices (test)").id
    _link(app, eid, world["host"], world["kirkstall_id"], 3, "Our own hall")
    _link(app, eid, other, world["kirkstall_id"], 9, "The Secret Garden Room")
    text = client.page(f"/events/{eid}").get_text(" ")
    assert "Sessions you can see: 2, with 10 notes." in text  # 12, rounded: organisers read notes anyway
    assert "The Secret Garden Room" in text and "Notes gathered at this event by every organisation" not in text


# ---- the planner's map beside the published city overview ------------------------------------

SMALL_WARDS = 4


def _people(table: dict[str, str], code: str) -> tuple[disclosure.PublishedCount, disclosure.PublishedCount]:
    """(sessions, people) as a map row tells them: "nobody heard yet" is no session at all."""
    text = table[code]
    if text == "nobody heard yet":
        return disclosure.publish(0, RULE), disclosure.publish(0, RULE)
    if text == "not shown":
        return disclosure.withheld(RULE), disclosure.withheld(RULE)
    return disclosure.some(1, RULE), _read(text)


def _map_leaks(app, table: dict[str, str]) -> list:
    """The map read as a publication made from the same data as each published version in turn."""
    with app.app_context():
        history, layout = disclosure.history(), disclosure.published_layout()
    figures = {}
    for code in table:
        figures[("sessions", code, ALL)], figures[("people", code)] = _people(table, code)
    found = []
    for generation in {p.generation for p in history}:
        page = disclosure.Publication("the planner's map", generation, len(history) + 1, figures)
        found += disclosure.leaks([*history, page], layout, RULE.k)
    return found


def test_the_city_overviews_people_minus_the_planners_wards_gives_nothing_away(app, client, sign_in):
    """Six wards heard: two of 7 people, four of 4. The city overview says 30 people (28 to 32);
    the primary rule alone would shade the map 5, 5 and four "fewer than 5", so each small ward
    would be 2 to 4."""
    with app.app_context():
        factories.leeds_with_boundaries()
        wards = places.list_wards()[:2 + SMALL_WARDS]
        notes = []
        for i, ward in enumerate(wards):
            people = [3, 1, 1, 1, 1] if i < 2 else [4]  # many sessions in the big wards: sessions stay loose
            for n in people:
                sess = factories.session(ward, participants=n)
                notes.append(factories.note(sess, f"The park near the shops ({ward.code} {n})", "love").id)
        factories.store_run({"park": notes}, labels={"park": "Parks"})
        organiser = factories.user(Role.ORGANISER)
        city = briefings.publish(briefings.create_draft(None, organiser.id), organiser.id)
        assert city.snapshot["heard"]["people"] == 30
        codes = [w.code for w in wards]
    naive = {code: "nobody heard yet" for code in places_codes(app)}
    naive.update({code: "5" if i < 2 else "fewer than 5" for i, code in enumerate(codes)})
    pinned = {leak.key for leak in _map_leaks(app, naive)}
    assert {("people", code) for code in codes[2:]} <= pinned  # the attack works on unprotected figures
    sign_in(Role.STAFF)
    page = client.page("/events/")
    rows = page.find("div", id="planner-map").select("tbody tr")
    table = {tr["data-ward"]: tr.find("td").get_text(strip=True) for tr in rows}
    assert _map_leaks(app, table) == []
    # a small ward or two withheld ("not shown") is enough: the big wards and the rest keep their figures
    assert [table[c] for c in codes[:2]] == ["5", "5"]
    assert sorted(table[c] for c in codes[2:]) in (["fewer than 5"] * 3 + ["not shown"],
                                                  ["fewer than 5"] * 2 + ["not shown"] * 2)
    legend = page.find("div", id="planner-map").get_text(" ")
    assert "withheld to protect a small number" in legend


def places_codes(app) -> list[str]:
    with app.app_context():
        return [w.code for w in places.list_wards()]
