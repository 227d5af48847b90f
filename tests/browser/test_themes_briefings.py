"""Theme runs, curation and briefings in Chromium with axe on every page: the organiser runs,
curates, drafts and publishes; the anchor member reads; one page without JavaScript.

The module's fixture seeds the live app once: the capture demo's notes, a real theme run over
them (loads the embedding model: ~30 s), the demo's Kirkstall briefing and a published city
overview.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PASSWORD

KIRKSTALL = "E05011402"


@pytest.fixture(scope="module")
def seeded(live_app):
    from listening.domain import RunStatus
    from listening.services import themes
    from listening.services.accounts import users
    from listening.services.briefings import publishing as briefings
    from listening.services.demo import sessions as demo_capture
    from listening.services.demo import theme_run as themes_demo

    with live_app.app_context():
        demo_capture.seed_sessions(PASSWORD)
        current = themes.current_run()
        if current is None or not current.model_path:  # another module may have stored a stand-in run
            run = themes.active_run() or themes.start_run(None, enqueue=False)
            assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
        themes_demo.seed_themes(PASSWORD, {})
        organiser = users.get_by_email("organiser@example.org")
        if briefings.latest_published(briefings.CITY) is None:
            briefings.publish(briefings.create_draft(None, organiser.id), organiser.id)
        run = themes.current_run()
        theme = themes.themes_of(run, include_hidden=False)[0]
        return {"run_id": run.id, "theme_key": theme.key}


@pytest.fixture
def held_queue():
    """Jobs wait in a queue nobody reads, so a started run stays queued (as with a busy worker)."""
    from huey.storage import MemoryStorage

    from listening.extensions import huey

    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = MemoryStorage(huey.name), False
    yield
    huey.storage, huey._immediate = saved


def _go(page, selector):
    """Click something that loads a new page, and wait until it has (the machine may be busy)."""
    page.click(selector)  # NavigatingPage.click waits for the new page


def _rows(page):
    return [t.strip() for t in page.locator("table.hark-matrix tbody th").all_inner_texts()]


def test_organiser_runs_curates_drafts_and_publishes(seeded, browser_page, held_queue):
    page = browser_page.page
    browser_page.sign_in("organiser@example.org")

    browser_page.goto("/themes/")
    assert page.inner_text("h1") == "Themes"
    browser_page.assert_accessible()

    # Start a date-range run with the form; with the worker busy it waits in the queue.
    page.check("input[name=scope][value=range]")
    page.fill("#date_from-day", "1")
    page.fill("#date_from-month", "1")
    page.fill("#date_from-year", "2025")
    page.fill("#date_to-day", "31")
    page.fill("#date_to-month", "12")
    page.fill("#date_to-year", "2025")
    _go(page, "button:has-text('Start a theme run')")
    assert re.search(r"/themes/runs/\d+$", page.url)
    assert page.locator("progress#run-progress").count() == 1
    assert page.locator("a:has-text('Refresh to see the latest progress')").count() == 1
    browser_page.assert_accessible()
    _go(page, "button:has-text('Cancel this run')")
    assert "Cancelled" in page.inner_text("main")
    browser_page.assert_accessible()

    # The current run and a theme's curation page: rename it through the form.
    browser_page.goto(f"/themes/runs/{seeded['run_id']}")
    assert page.locator("table tbody tr").count() >= 3
    browser_page.assert_accessible()
    browser_page.goto(f"/themes/runs/{seeded['run_id']}/themes/{seeded['theme_key']}")
    browser_page.assert_accessible()
    page.locator("summary:has-text('Rename this theme')").click()  # each change is in its own section
    page.fill("#rename-label", "Getting around town")
    _go(page, "button:has-text('Rename')")
    assert page.inner_text("h1") == "Getting around town"
    assert "Decided by a person" in page.inner_text("main")
    browser_page.assert_accessible()
    page.locator("summary:has-text('Rename this theme')").click()
    page.fill("#rename-label", "")  # a blank name is explained, not saved
    _go(page, "button:has-text('Rename')")
    assert page.title().startswith("Error:")
    browser_page.assert_accessible()

    # Let the model split a theme into 3 (real embeddings, cached by the seeding run): the first
    # part opens, named by the model and marked so, and the split theme is no longer listed.
    browser_page.goto(f"/themes/runs/{seeded['run_id']}")
    split_href = page.locator("table tbody tr a").nth(1).get_attribute("href")
    split_label = page.locator("table tbody tr a").nth(1).inner_text().strip()
    browser_page.goto(split_href)
    page.locator("summary:has-text('Let the model split this theme')").click()
    page.check("input[name='recluster-parts'][value='3']")
    _go(page, "button:has-text('Let the model split this theme')")
    assert "Split into 3 themes" in page.inner_text("main")
    assert page.inner_text("h1") == f"{split_label} (part 1)"
    assert "From the model" in page.inner_text("main")
    browser_page.assert_accessible()
    browser_page.goto(f"/themes/runs/{seeded['run_id']}")
    listed = page.locator("table tbody tr a").all_inner_texts()
    assert split_label not in [t.strip() for t in listed]
    assert sum(1 for t in listed if t.strip().startswith(f"{split_label} (part ")) == 3

    # Drafts: the briefings list, the Gipton & Harehills draft, publish it.
    browser_page.goto("/briefings/")
    assert "Draft" in page.inner_text("main")
    browser_page.assert_accessible()
    page.select_option("#scope", label="Gipton & Harehills")
    _go(page, "button:has-text('Start a draft')")
    assert "Gipton & Harehills ward briefing" in page.inner_text("h1")
    assert "Draft – not published" in page.inner_text("main")
    browser_page.assert_accessible()
    _go(page, "button:has-text('Publish this briefing')")
    assert "Published." in page.inner_text("main") and "Draft – not published" not in page.inner_text("main")
    browser_page.assert_accessible()

    # The city overview draft: heat-map, the table beside it, sorting links.
    browser_page.goto("/briefings/")
    page.select_option("#scope", label="The whole city")
    _go(page, "button:has-text('Start a draft')")
    assert page.inner_text("h1") == "City overview"
    assert page.locator("svg.hark-heatmap rect").count() > 0
    assert page.locator("table.hark-matrix").count() == 1
    names = _rows(page)
    assert names == sorted(names) and "Kirkstall" in names
    browser_page.assert_accessible()
    _go(page, "table.hark-matrix thead a:has-text('Ward')")
    assert "sort=ward" in page.url and _rows(page) == sorted(names, reverse=True)
    assert page.locator("th[aria-sort=descending]").count() == 1
    browser_page.assert_accessible()
    _go(page, "table.hark-matrix thead a:has-text('All notes')")
    assert "sort=notes" in page.url
    browser_page.assert_accessible()
    _go(page, "button:has-text('Publish this briefing')")
    assert "Published." in page.inner_text("main")


def test_anchor_reads_published_briefings_only(seeded, browser_page):
    page = browser_page.page
    browser_page.sign_in("anchor@example.org")
    browser_page.goto("/briefings/")
    main = page.inner_text("main")
    assert "Kirkstall ward briefing" in main and "Start a new briefing" not in main and "Draft" not in main
    browser_page.assert_accessible()

    _go(page, "a:has-text('Kirkstall ward briefing')")
    main = page.inner_text("main")
    assert "Kirkstall ward briefing" in page.inner_text("h1")
    assert "Draft" not in main and "Write the summary" not in main and "Version" in main
    assert "fewer than 5" in main  # small counts are words, not numbers
    assert "What people love" in main and "What people would change" in main
    browser_page.assert_accessible()

    browser_page.goto("/briefings/")
    _go(page, "a:has-text('City overview')")
    assert page.inner_text("h1") == "City overview"
    assert page.locator("svg.hark-heatmap").count() == 1 and page.locator("table.hark-matrix").count() == 1
    browser_page.assert_accessible()


def test_the_city_overview_sorts_without_javascript(seeded, nojs_page):
    page = nojs_page.page
    nojs_page.sign_in("anchor2@example.org")
    nojs_page.goto("/briefings/")
    _go(page, "a:has-text('City overview')")
    names = _rows(page)
    _go(page, "table.hark-matrix thead a:has-text('Ward')")
    assert _rows(page) == sorted(names, reverse=True)
    assert page.locator("svg.hark-heatmap rect").count() > 0
