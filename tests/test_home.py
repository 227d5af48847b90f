"""Home pages as task lists (issue 17, "No clear next step on the home pages"): staff get a "Log a
session" button and their unfinished sessions; organisers see the run that finished, draft briefings
waiting, overdue commitments and past events to close; anchor members see new briefings for their
wards and their commitments due; the signed-out start page leads to the public ward pages."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from listening.domain import CommitmentStatus, EventStatus, OrgKind, Role
from listening.services import briefings, commitments, events, places
from listening.services.accounts import users
from tests import factories
from tests.factories import PASSWORD


@pytest.fixture
def world(app):
    with app.app_context():
        w = factories.world()
        anchor = users.get_by_email(w["anchor"])
        late = commitments.create(anchor, commitments.CommitmentInput(
            title="Benches in the park", theme_keys=["park"], ward_ids=[w["kirkstall_id"]],
            status=CommitmentStatus.IN_PROGRESS, due_on=date.today() - timedelta(days=3)))
        soon = commitments.create(anchor, commitments.CommitmentInput(
            title="Bus shelter seats", theme_keys=["buses"], ward_ids=[w["kirkstall_id"]],
            status=CommitmentStatus.PROPOSED, due_on=date.today() + timedelta(days=10)))
        organiser = users.get_by_email(w["organiser"])
        gipton = places.get_ward_by_code(w["gipton"])
        w["draft"] = briefings.create_draft(gipton, organiser.id).id
        event = events.create(organiser, events.EventInput(
            title="Gipton listening day", held_on=date.today() - timedelta(days=4), starts_at=time(18, 30),
            venue="Library", ward_ids=[gipton.id], status=EventStatus.PLANNED))
        w.update(late=late.id, soon=soon.id, event=event.id)
        host = factories.org(OrgKind.COMMUNITY, name="Kirkstall Hub (test)", ward_ids=[w["kirkstall_id"]])
        w["staff"] = factories.user(Role.STAFF, organisation=host).email
        return w


def test_the_signed_out_start_page_leads_to_the_public_ward_pages(client):
    page = client.page("/")
    link = page.find("a", href="/wards/")
    assert link is not None and "public ward pages" in link.get_text()


def test_staff_get_a_log_a_session_button_and_their_unfinished_sessions(world, client):
    client.sign_in(world["staff"], PASSWORD)
    page = client.page("/")
    button = page.find("a", class_="govuk-button--start")
    assert button.get_text(strip=True) == "Log a session" and button["href"] == "/sessions/new"
    assert "You have no unfinished sessions." in page.get_text()
    start = client.raw.get("/sessions/new")
    key = start.location.rsplit("/", 2)[-2]
    client.submit(f"/sessions/new/{key}/details", {
        "ward": str(world["kirkstall_id"]), "held_on": ["2", "3", "2026"], "venue": "Hall", "format": "drop-in",
        "participants": "4"})
    page = client.page("/")
    drafts = page.find(id="unfinished-sessions")
    link = drafts.find("a")
    assert link["href"] == f"/sessions/new/{key}/details" and "2 March 2026" in link.get_text()
    assert "In progress" in drafts.get_text()


def test_organisers_see_the_finished_run_drafts_overdue_commitments_and_events_to_close(world, client):
    client.sign_in(world["organiser"], PASSWORD)
    waiting = client.page("/").find(id="waiting")
    text = waiting.get_text(" ", strip=True)
    assert "Run finished" in text and waiting.find("a", href=f"/themes/runs/{world['run_id']}")
    assert waiting.find("a", href=f"/briefings/{world['draft']}") and "Draft waiting" in text
    assert "1 overdue" in text and waiting.find("a", href="/commitments/?overdue=1")
    assert waiting.find("a", href=f"/events/{world['event']}") and "Did this go ahead?" in text


def test_anchor_members_see_new_briefings_and_commitments_due(world, client):
    client.sign_in(world["anchor"], PASSWORD)
    page = client.page("/")
    new = page.find(id="new-briefings")
    assert new.find("a", href=f"/briefings/{world['briefing_id']}") and "Kirkstall ward briefing" in new.get_text()
    assert new.find("a", href=f"/briefings/{world['draft']}") is None  # drafts are not for anchors
    due = page.find(id="commitments-due")
    assert [a["href"] for a in due.find_all("a")] == [f"/commitments/{world['late']}", f"/commitments/{world['soon']}"]
    assert "Overdue" in due.get_text() and "Due" in due.get_text()
    client.sign_out()
    client.sign_in(world["anchor2"], PASSWORD)  # another institution: none of these commitments
    assert client.page("/").find(id="commitments-due") is None
