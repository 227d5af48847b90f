""""Current" is per scope: a date-range run is viewable on its own page and never replaces the
city-wide (all notes) themes that briefings, the API and provisional themes use."""

from __future__ import annotations

from datetime import date

import pytest

from listening.domain import EditKind, Role
from listening.services import themes
from listening.services.accounts import users
from listening.services.briefings import publishing as briefings
from listening.services.themes import curation
from tests import factories

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def runs(app):
    with app.app_context():
        ids = factories.corpus(factories.ward("E05011402", "Kirkstall"), repeat=2)
        city = factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community"})
        march = factories.store_run({"park": ids["park"]}, {"park": "March parks"}, *MARCH)
        return {"city": city.id, "march": march.id, "ids": ids}


def test_a_date_range_run_does_not_replace_the_city_wide_themes(app, runs):
    with app.app_context():
        assert themes.current_run().id == runs["city"]
        assert themes.current_run("2026-03-01..2026-03-31").id == runs["march"]
        assert themes.get_run(runs["city"]).is_current and themes.get_run(runs["march"]).is_current
        # A new run for the same dates replaces the last one for those dates, still not the city's.
        again = factories.store_run({"park": runs["ids"]["park"]}, None, *MARCH)
        assert not themes.get_run(runs["march"]).is_current and themes.get_run(again.id).is_current
        assert themes.current_run().id == runs["city"]
        # A new all-notes run replaces the city's, and leaves the date range's alone.
        city2 = factories.store_run(runs["ids"])
        assert themes.current_run().id == city2.id and themes.get_run(again.id).is_current


def test_briefings_and_the_api_use_the_city_wide_themes(app, client, runs):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        draft = briefings.create_draft(factories.ward("E05011402"), organiser.id)
        labels = {t["label"] for t in briefings.snapshot(draft)["themes"]}
        token = users.issue_api_token(organiser, second_factor=True)
    assert labels == {"Parks", "Buses", "Community"}
    body = client.get("/api/v1/themes", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {t["label"] for t in body} == {"Parks", "Buses", "Community"}


def test_a_date_range_run_is_viewable_but_not_curated(app, client, sign_in, runs):
    with app.app_context(), pytest.raises(curation.CurationError):
        curation.edit(themes.get_run(runs["march"]), EditKind.RENAME, "park", None, value="Spring")
    sign_in(Role.ORGANISER)
    page = client.page(f"/themes/runs/{runs['march']}")
    text = page.get_text(" ")
    assert "March parks" in text and "does not replace the city-wide themes" in text
    assert "Latest for these dates" in text
    theme = client.page(f"/themes/runs/{runs['march']}/themes/park")
    assert theme.find("form", action=lambda a: a and a.endswith("/rename")) is None
    start = client.page("/themes/").get_text(" ")
    assert f"come from run {runs['city']}" in start and "never replaces the city-wide themes" in start
