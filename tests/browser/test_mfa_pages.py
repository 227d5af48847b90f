"""The two-factor pages every organiser and admin meets, in Chromium with axe."""

import re

import pyotp

from tests.browser.conftest import PASSWORD
from tests.pages import fresh_totp_code


def _password_step(browser_page, email):
    browser_page.goto("/sign-in")
    browser_page.page.fill("#email", email)
    browser_page.page.fill("#password", PASSWORD)
    browser_page.page.click("button:has-text('Sign in')")


def test_code_page_is_accessible_and_a_wrong_code_is_explained(browser_page, live_app):
    _password_step(browser_page, "admin@example.org")
    page = browser_page.page
    assert page.url.endswith("/sign-in/code")
    browser_page.assert_accessible()
    page.fill("#code", "000000")
    page.click("button:has-text('Continue')")
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-summary").count() == 1
    browser_page.assert_accessible()
    page.fill("#code", fresh_totp_code(live_app, "admin@example.org"))
    page.click("button:has-text('Continue')")
    assert "Hello" in page.inner_text("h1")


def test_set_up_page_with_its_qr_code_is_accessible(browser_page, live_app):
    from listening.domain import Role
    from listening.services.accounts import users
    from listening.services.places import wards

    with live_app.app_context():
        network = next(o for o in wards.list_organisations() if o.name.startswith("Anchor Network team"))
        if users.get_by_email("new.organiser@example.org") is None:
            users.create_user(email="new.organiser@example.org", name="New Organiser", role=Role.ORGANISER,
                              organisation=network, password=PASSWORD)
    _password_step(browser_page, "new.organiser@example.org")
    page = browser_page.page
    assert page.url.endswith("/sign-in/set-up-code")
    assert page.locator("svg").count() >= 1  # the QR code, drawn on the server
    browser_page.assert_accessible()
    secret = re.sub(r"\s", "", page.inner_text("#secret-key"))
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    assert "Save your recovery codes" in page.inner_text("main")
    browser_page.assert_accessible()
