"""All of a form's errors at once (issue 17, "Errors one at a time"): each form is submitted empty
and with errors across fields, and the error summary lists every problem in one go."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from listening.domain import CommitmentStatus
from listening.services import commitments
from listening.services.accounts import users
from tests import factories
from tests.factories import PASSWORD
from tests.pages import check_html


@pytest.fixture
def world(app):
    with app.app_context():
        w = factories.world()
        anchor = users.get_by_email(w["anchor"])
        w["commitment"] = commitments.create(anchor, commitments.CommitmentInput(
            title="Benches in the park", theme_keys=["park"], ward_ids=[w["kirkstall_id"]],
            status=CommitmentStatus.IN_PROGRESS)).id
        return w


def _problems(response) -> list[str]:
    assert response.status_code == 400, response.status_code
    page = check_html(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    assert page.title.get_text().startswith("Error:")
    return [li.get_text(" ", strip=True) for li in summary.select(".govuk-error-summary__list li")]


def test_a_new_event_submitted_empty_lists_every_missing_answer(world, client):
    client.sign_in(world["organiser"], PASSWORD)
    problems = _problems(client.submit("/events/new", {"status": ""}))
    for expected in ("Enter a name for the event", "Enter the date of the event", "Enter the time the event starts",
                     "Enter the venue", "Choose at least one ward", "Choose a status"):
        assert any(expected in p for p in problems), (expected, problems)


def test_end_before_start_is_reported_with_the_missing_wards(world, client):
    """Replays: 'end before start is reported only after choose at least one ward is fixed'."""
    client.sign_in(world["organiser"], PASSWORD)
    day = date.today() + timedelta(days=10)
    problems = _problems(client.submit("/events/new", {
        "title": "Kirkstall listening", "held_on": [str(day.day), str(day.month), str(day.year)],
        "starts_at": "18:30", "ends_at": "17:00", "venue": "Church hall", "status": "planned",
    }))
    assert problems == ["Choose at least one ward", "The end time must be after the start time"] or set(problems) == {
        "Choose at least one ward", "The end time must be after the start time"}


def test_a_new_commitment_submitted_empty_lists_every_missing_answer(world, client):
    client.sign_in(world["anchor"], PASSWORD)
    problems = _problems(client.submit("/commitments/new", {}))
    for expected in ("Enter what your institution will do", "Choose a status",
                     "Choose at least one theme this commitment answers", "Choose at least one ward"):
        assert any(expected in p for p in problems), (expected, problems)


def test_not_going_ahead_without_a_reason_is_reported_with_the_other_errors(world, client):
    """Replays: 'a commitment marked not going ahead without a reason is reported only after the
    other errors are fixed'."""
    client.sign_in(world["anchor"], PASSWORD)
    problems = _problems(client.submit("/commitments/new", {"title": "", "status": "not_going_ahead", "reason": "",
                                                            "themes": ["park"]}))
    assert "Enter the reason it is not going ahead" in problems
    assert "Enter what your institution will do" in problems and "Choose at least one ward" in problems


def test_a_timeline_update_not_going_ahead_without_a_reason_says_why(world, client):
    client.sign_in(world["anchor"], PASSWORD)
    url = f"/commitments/{world['commitment']}/updates"
    problems = _problems(client.submit(url, {"status": "not_going_ahead", "note": ""},
                                       form_url=f"/commitments/{world['commitment']}"))
    assert problems == ["Say why it is not going ahead"]
