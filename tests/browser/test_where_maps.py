"""Every page with a ward map, in Chromium with axe: the city overview (a theme picked without
JavaScript), the public ward page's locator map, and the events planner. Keyboard users reach a
ward's link; the map's figures match the table's."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD

KIRKSTALL = "E05011402"


@pytest.fixture(scope="module")
def seeded(live_app):
    """A published Kirkstall briefing and a published city overview (the other modules' if they ran)."""
    from listening.services.accounts import users
    from listening.services.briefings import publishing as briefings
    from listening.services.places import wards
    from tests import factories

    with live_app.app_context():
        organiser = users.get_by_email("organiser@example.org")
        if briefings.latest_published(KIRKSTALL) is None:
            kirkstall = wards.get_ward_by_code(KIRKSTALL)
            host = wards.get_organisation_by_name("Kirkstall Neighbourhood Centre (demo)")
            ids = factories.corpus(kirkstall, host, repeat=3)
            factories.store_run(ids, labels={"park": "Parks and green spaces", "buses": "Buses and getting around",
                                             "community": "Community spirit"})
            briefings.publish(briefings.create_draft(kirkstall, organiser.id), organiser.id)
        if briefings.latest_published(briefings.CITY) is None:
            briefings.publish(briefings.create_draft(None, organiser.id), organiser.id)
        return {"city": briefings.latest_published(briefings.CITY).id}


def _figures(page, map_id):
    """{ward code: title} of the map's wards and {ward code: figure} of the table beside it."""
    wards = page.locator(f"#{map_id} svg [data-ward]")
    codes = [wards.nth(i).get_attribute("data-ward") for i in range(wards.count())]
    titles = dict(zip(codes, page.locator(f"#{map_id} svg [data-ward] > title").all_text_contents(), strict=True))
    rows = page.locator(f"#{map_id} tbody tr")
    row_codes = [rows.nth(i).get_attribute("data-ward") for i in range(rows.count())]
    cells = dict(zip(row_codes, [t.strip() for t in page.locator(f"#{map_id} tbody td").all_text_contents()], strict=True))
    return titles, cells


def test_the_city_overview_map_without_javascript(seeded, nojs_page):
    page = nojs_page.page
    nojs_page.sign_in("anchor@example.org")
    nojs_page.goto(f"/briefings/{seeded['city']}")
    assert page.locator("#overview-map svg [data-ward]").count() == 33
    options = [o.get_attribute("value") for o in page.locator("#map-choice option").all()]
    assert options[0] == "all" and len(options) > 1
    page.select_option("#map-choice", options[1])
    page.locator("form.hark-map-form button").click()
    page.wait_for_url(f"**map={options[1]}#where")
    assert page.locator("#map-choice option[selected]").get_attribute("value") == options[1]
    titles, cells = _figures(page, "overview-map")
    assert len(titles) == 33
    for code, title in titles.items():
        assert title.endswith(": " + cells[code])


def test_every_page_with_a_map_passes_axe(seeded, browser_page):
    page = browser_page.page
    browser_page.goto(f"/wards/{KIRKSTALL}")
    assert page.locator("#locator [data-ward]").count() == 33
    assert page.locator(f"#locator [data-ward='{KIRKSTALL}'] title").text_content() == "Kirkstall (this ward)"
    browser_page.assert_accessible()

    browser_page.sign_in("organiser@example.org", PASSWORD)
    browser_page.goto("/events/")
    assert page.locator("#planner-map svg [data-ward]").count() == 33
    titles, cells = _figures(page, "planner-map")
    # Each ward's title says how much was heard there, as its row in the table beside it does (the
    # demo now hears all 33 wards; a ward nobody was heard in reads "nobody heard yet").
    for code, title in titles.items():
        assert cells[code] in title
        assert title.endswith("nobody heard yet") == (cells[code] == "nobody heard yet")
    browser_page.assert_accessible()
    # a keyboard user reaches a ward's link and it plans an event there
    page.locator("#planner-map svg a[data-ward='E05011411']").focus()
    assert page.evaluate("document.activeElement.dataset.ward") == "E05011411"
    page.keyboard.press("Enter")
    page.wait_for_url("**/events/new?ward=E05011411")
    assert page.locator("input[name=wards]:checked").count() == 1

    for query in ("", "?map=all"):
        browser_page.goto(f"/briefings/{seeded['city']}{query}")
        assert page.locator("#overview-map svg [data-ward]").count() == 33
        browser_page.assert_accessible()
    themes = [o.get_attribute("value") for o in page.locator("#map-choice option").all()]
    browser_page.goto(f"/briefings/{seeded['city']}?map={themes[1]}")  # the biggest theme
    legend = page.locator("#overview-map .hark-map__legend li").all_inner_texts()
    assert legend[-2].startswith("Too few to show") and legend[-1] == "No notes yet"
    browser_page.assert_accessible()
