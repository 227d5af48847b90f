"""The organiser's theme pages: start, progress, cancel, curate through the forms; the CLI."""

import pytest

from listening.domain import Role
from listening.services import themes
from tests import factories


@pytest.fixture
def current(app):
    with app.app_context():
        ids = factories.corpus(factories.ward("E05011402", "Kirkstall"))
        run = factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community"})
        return run.id, ids


def test_start_a_run_shows_its_outcome_and_a_refresh_link(client, sign_in):
    sign_in(Role.ORGANISER)
    page = client.page("/themes/")
    assert "There are no themes yet" in page.get_text()
    response = client.submit("/themes/", {"scope": "all"})
    assert response.status_code == 302
    page = client.page(response.location)
    # In tests the queue runs in-process: with no notes the run fails, and says why.
    assert "needs at least" in page.get_text() and not page.find("meta", attrs={"http-equiv": "refresh"})
    status = client.get(response.location + "/status.json").get_json()
    assert status["status"] == "failed" and status["progress"] >= 0


def test_bad_dates_are_explained(client, sign_in):
    sign_in(Role.ORGANISER)
    response = client.submit("/themes/", {"scope": "range", "date_from": ["1", "3", "2026"], "date_to": ["", "", ""]})
    assert response.status_code == 200 and "Enter the last date" in response.get_data(as_text=True)
    response = client.submit("/themes/", {"scope": "range", "date_from": ["31", "2", "2026"], "date_to": ["1", "3", "2026"]})
    assert "Not a valid date" in response.get_data(as_text=True) or "Enter the first date" in response.get_data(as_text=True)


def test_an_active_run_has_progress_a_refresh_link_and_cancel(app, client, sign_in):
    sign_in(Role.ORGANISER)
    with app.app_context():
        run_id = themes.start_run(None, enqueue=False).id
    page = client.page(f"/themes/runs/{run_id}")
    assert page.find("progress") is not None and page.find("a", string=lambda s: s and "Refresh" in s)
    assert page.find("script", src=lambda s: s and "theme-run.js" in s)
    token = client.csrf_token("/themes/")
    response = client.post(f"/themes/runs/{run_id}/cancel", data={"cancel-csrf_token": token})
    assert response.status_code == 302
    assert client.get(f"/themes/runs/{run_id}/status.json").get_json()["status"] == "cancelled"


def test_curate_through_the_forms(current, client, sign_in):
    run_id, ids = current
    sign_in(Role.ORGANISER)
    page = client.page(f"/themes/runs/{run_id}")
    assert "Parks" in page.get_text()
    url = f"/themes/runs/{run_id}/themes/park"
    page = client.page(url)
    assert "From the model" in page.get_text()
    token = client.csrf_token("/themes/")
    post = lambda action, data: client.post(f"{url}/{action}", data={**data})  # noqa: E731
    assert post("rename", {"rename-csrf_token": token, "rename-label": "Green spaces"}).status_code == 302
    page = client.page(url)
    assert page.h1.get_text(strip=True) == "Green spaces" and "Decided by a person" in page.get_text()
    response = post("rename", {"rename-csrf_token": token, "rename-label": ""})
    assert response.status_code == 400 and "Error:" in response.get_data(as_text=True)
    response = post("hide", {"flag-csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert "No, hidden" in client.page(url).get_text()
    response = post("notes", {"notes-csrf_token": token, "notes-notes": [str(ids["park"][0])],
                              "notes-label": "Benches", "notes-split": "Split"})
    assert response.status_code == 302 and "split" in response.location
    assert "Benches" in client.page(response.location).h1.get_text()
    response = post("merge", {"merge-csrf_token": token, "merge-target": "community"})
    assert response.status_code == 302 and response.location.endswith("/community")
    assert client.get(url).status_code == 302  # a merged theme leads to where it went


def test_cli_runs_and_waits(app, runner):
    result = runner.invoke(args=["themes", "run", "--wait"])
    assert result.exit_code == 1 and "failed" in result.output  # no notes: a plain failure, not a crash
