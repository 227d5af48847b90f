"""The public ward page in English, Polish and Urdu (right to left), the commitments ledger and
an event pack, in Chromium with axe; saves the screenshots docs/commitments-and-events.md uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
KIRKSTALL = "E05011402"


@pytest.fixture(scope="module")
def seeded(live_app):
    """Notes, a theme run and a published Kirkstall briefing, then the demo's commitments and event."""
    from listening.services import events
    from listening.services.accounts import users
    from listening.services.briefings import publishing as briefings
    from listening.services.demo import commitments_and_event as demo_commitments
    from listening.services.places import wards
    from tests import factories

    with live_app.app_context():
        if briefings.latest_published(KIRKSTALL) is None:
            kirkstall = wards.get_ward_by_code(KIRKSTALL)
            host = wards.get_organisation_by_name("Kirkstall Neighbourhood Centre (demo)")
            ids = factories.corpus(kirkstall, host, repeat=3)
            factories.store_run(ids, labels={"park": "Parks and green spaces", "buses": "Buses and getting around",
                                             "community": "Community spirit"})
            organiser = users.get_by_email("organiser@example.org")
            draft = briefings.create_draft(kirkstall, organiser.id)
            briefings.update_summary(draft, "People love the parks and want better buses. (Test data.)", organiser.id)
            briefings.publish(draft, organiser.id)
        demo_commitments.seed_commitments_and_event(PASSWORD, {})
        event = next(e for e in events.list_events() if e.title == demo_commitments.EVENT_TITLE)
        return {"event_id": event.id}


def _shot(page, name: str) -> None:
    # Only on request (HARK_SCREENSHOTS=1): a test run must not rewrite tracked files in docs/.
    if not os.environ.get("HARK_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path=str(SHOTS / name), full_page=False)


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("pl", "ltr"), ("ur", "rtl")])
def test_the_public_ward_page_in_each_language(seeded, browser_page, lang, direction):
    browser_page.goto(f"/wards/{KIRKSTALL}?lang={lang}")
    page = browser_page.page
    assert page.get_attribute("html", "lang") == lang
    # the direction really applies: computed style, and the main column sits on the reading side
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == direction
    box = page.locator(".hark-public .govuk-grid-column-two-thirds").bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    if direction == "rtl":
        assert box["x"] + box["width"] > width * 0.6
        quote = page.locator("blockquote").first
        assert quote.evaluate("el => getComputedStyle(el).direction") == "ltr"
    else:
        assert box["x"] < width * 0.4
    assert page.locator(".hark-count").count() > 0
    browser_page.assert_accessible()
    _shot(page, f"ward-page-{lang}.png")
    # prints without the header, footer and navigation
    page.emulate_media(media="print")
    assert page.locator("footer.govuk-footer").is_hidden()
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")


def test_the_ledger_and_a_commitment(seeded, browser_page):
    browser_page.sign_in("anchor@example.org")
    browser_page.goto("/commitments/")
    page = browser_page.page
    assert "Safer crossings on Kirkstall Road (demo)" in page.inner_text("main")
    browser_page.assert_accessible()
    _shot(page, "commitments-ledger.png")
    page.click("a:has-text('Safer crossings on Kirkstall Road (demo)')")
    assert page.locator(".hark-timeline__item").count() >= 3
    browser_page.assert_accessible()
    page.click("a:has-text('Record a commitment')") if page.locator("a:has-text('Record a commitment')").count() else browser_page.goto("/commitments/new")
    browser_page.assert_accessible()
    page.click("button:has-text('Save commitment')")
    assert page.title().startswith("Error:")
    browser_page.assert_accessible()


def test_the_event_and_its_pack(seeded, browser_page):
    browser_page.sign_in("organiser@example.org")
    page = browser_page.page
    browser_page.goto("/events/")
    browser_page.assert_accessible()
    browser_page.goto(f"/events/{seeded['event_id']}")
    assert "Gaps to fill" in page.inner_text("main")
    browser_page.assert_accessible()
    browser_page.goto(f"/events/{seeded['event_id']}/pack")
    assert "Questions to ask" in page.inner_text("main")
    browser_page.assert_accessible()
    _shot(page, "event-pack.png")
    page.emulate_media(media="print")
    assert page.locator(".govuk-service-navigation").is_hidden()
    page.emulate_media(media="screen")
    browser_page.goto("/events/new")
    browser_page.assert_accessible()
