"""Each person's first hour (issue 17): every role walks from its home page to its main task and back
to its home page, with axe passing on every page. With HARK_SCREENSHOTS=1 it saves each role's home,
the theme page and the city overview's table on paper into docs/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.test_commitments_pages import _shot, seeded  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def _home(browser_page):
    """Back to the home page through the service navigation, as a person would."""
    page = browser_page.page
    page.click(".govuk-service-navigation a:has-text('Home')")
    assert page.url.rstrip("/") == browser_page.base_url.rstrip("/")
    browser_page.assert_accessible()


def test_staff_log_a_session_from_their_home_page(seeded, browser_page):  # noqa: F811
    browser_page.sign_in("staff@example.org")
    page = browser_page.page
    browser_page.assert_accessible()
    _shot(page, "home-staff.png")
    page.click("a.govuk-button--start:has-text('Log a session')")
    assert "/sessions/new/" in page.url and page.locator("#ward").count() == 1
    browser_page.assert_accessible()
    page.fill("#venue", "Kirkstall Community Centre")
    page.click("button:has-text('Continue'), input[type=submit]")
    browser_page.assert_accessible()  # the error summary, every problem at once
    _home(browser_page)


def test_organisers_go_from_their_home_page_to_the_themes(seeded, browser_page):  # noqa: F811
    browser_page.sign_in("organiser@example.org")
    page = browser_page.page
    assert page.locator("#waiting").count() == 1
    browser_page.assert_accessible()
    _shot(page, "home-organiser.png")
    page.click("#waiting a.govuk-task-list__link >> nth=0")
    assert "/themes/" in page.url
    browser_page.assert_accessible()
    page.click("main a[href*='/themes/'][href*='/runs/'] >> nth=-1")
    assert "/themes/" in page.url and page.locator("h1").count() == 1
    browser_page.assert_accessible()
    _shot(page, "theme-page.png")
    _home(browser_page)


def test_anchor_members_go_from_their_home_page_to_a_briefing(seeded, browser_page):  # noqa: F811
    browser_page.sign_in("anchor@example.org")
    page = browser_page.page
    browser_page.assert_accessible()
    _shot(page, "home-anchor.png")
    if page.locator("#new-briefings a").count():
        page.click("#new-briefings a >> nth=0")
    else:
        page.click("main a:has-text('Read the latest briefings')")
        page.click("main table a >> nth=0")
    assert "/briefings/" in page.url
    browser_page.assert_accessible()
    _home(browser_page)


def test_admins_go_from_their_home_page_to_the_audit_log(seeded, browser_page):  # noqa: F811
    browser_page.sign_in("admin@example.org")
    page = browser_page.page
    browser_page.assert_accessible()
    _shot(page, "home-admin.png")
    page.click(".govuk-service-navigation a:has-text('Admin')")
    browser_page.assert_accessible()
    page.click("main a:has-text('Audit log')")
    assert "signed in" in page.inner_text("main")
    browser_page.assert_accessible()
    _home(browser_page)


def test_the_signed_out_home_page_leads_to_the_public_ward_pages(seeded, browser_page):  # noqa: F811
    browser_page.goto("/")
    page = browser_page.page
    browser_page.assert_accessible()
    _shot(page, "home-signed-out.png")
    page.click("a:has-text('See the public ward pages')")
    assert page.url.endswith("/wards/")
    browser_page.assert_accessible()
