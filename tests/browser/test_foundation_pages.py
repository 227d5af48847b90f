"""Sign-in and the admin pages in Chromium: they work, and axe finds nothing."""

from tests.browser.conftest import PASSWORD


def test_start_and_sign_in_pages_are_accessible(browser_page):
    browser_page.goto("/")
    assert "Hark" in browser_page.page.title()
    browser_page.assert_accessible()
    browser_page.goto("/sign-in")
    browser_page.assert_accessible()


def test_failed_sign_in_shows_an_accessible_error_summary(browser_page):
    browser_page.goto("/sign-in")
    browser_page.page.fill("#email", "admin@example.org")
    browser_page.page.fill("#password", "not the password")
    browser_page.page.click("button:has-text('Sign in')")
    page = browser_page.page
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    browser_page.assert_accessible()


def test_admin_walks_every_admin_page(browser_page):
    browser_page.sign_in("admin@example.org")
    page = browser_page.page
    assert "Hello, Ade Admin" in page.inner_text("h1")
    browser_page.assert_accessible()
    for link in ["Admin", "Organisations", "Wards", "Redaction words", "Audit log", "People"]:
        page.click(f"a:has-text('{link}')")
        page.wait_for_load_state()
        browser_page.assert_accessible()
    page.click("a:has-text('Invite someone')")
    browser_page.assert_accessible()
    page.click("button:has-text('Invite')")  # empty form: every error shows
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-summary__list li").count() >= 3
    browser_page.assert_accessible()
    page.fill("#name", "Nadia Newcomer")
    page.fill("#email", "nadia@example.org")
    page.check("input[name=role][value=staff]")
    harehills = page.locator("#organisation option", has_text="Harehills Community Hub").get_attribute("value")
    page.select_option("#organisation", value=harehills)
    page.click("button:has-text('Invite')")
    assert "Nadia Newcomer has been invited" in page.inner_text("main")
    browser_page.assert_accessible()
    browser_page.goto("/admin/wards")
    page.click("a:has-text('Kirkstall')")
    browser_page.assert_accessible()
    browser_page.goto("/admin/organisations")
    page.click("a:has-text('Add an organisation')")
    browser_page.assert_accessible()
    browser_page.goto("/admin/redaction-words")
    page.click("button:has-text('Add to the list')")  # empty: the error summary and the field's error
    assert page.title().startswith("Error:")
    assert "Enter a place or organisation" in page.locator(".govuk-error-summary").inner_text()
    browser_page.assert_accessible()
    page.fill("#word", "Hollin Hall")
    page.click("button:has-text('Add to the list')")
    assert "hollin hall has been added" in page.inner_text("main")
    browser_page.assert_accessible()
    page.click("button:has-text('Remove')")
    assert "hollin hall has been removed" in page.inner_text("main")
    browser_page.sign_out()
    assert "You have signed out" in page.inner_text("main")


def test_every_role_home_page_is_accessible(browser_page):
    for email in ["staff@example.org", "anchor@example.org", "organiser@example.org"]:
        browser_page.sign_in(email, PASSWORD)
        assert browser_page.page.locator("h1").inner_text().startswith("Hello")
        browser_page.assert_accessible()
        browser_page.sign_out()


def test_sign_in_and_out_work_without_javascript(nojs_page):
    nojs_page.sign_in("organiser@example.org")
    assert "Hello, Olu Organiser" in nojs_page.page.inner_text("h1")
    nojs_page.sign_out()
    assert "Sign in" in nojs_page.page.inner_text("h1")


def test_pages_reflow_on_a_small_screen(browser, live_server):
    # WCAG 1.4.10: content reflows at 320 CSS pixels without sideways scrolling.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/sign-in")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 320
