"""The capture journey in Chromium, with axe on every page, and again without JavaScript."""

from __future__ import annotations


def _journey(browser_page, check=True):
    page = browser_page.page
    browser_page.goto("/sessions/")
    if check:
        browser_page.assert_accessible()
    page.click("a:has-text('Log a session')")
    page.click("button:has-text('Continue')")  # empty: every error shows
    assert page.title().startswith("Error:")
    if check:
        browser_page.assert_accessible()
    page.select_option("#ward", label="Kirkstall")
    page.fill("#held_on-day", "14")
    page.fill("#held_on-month", "3")
    page.fill("#held_on-year", "2026")
    page.fill("#venue", "Kirkstall Community Centre")
    page.check("input[name=format][value=drop-in]")
    page.fill("#participants", "7")
    page.click("button:has-text('Continue')")
    assert "Add the notes" in page.inner_text("h1")
    if check:
        browser_page.assert_accessible()
    page.check("input[name='notes-0-kind'][value=love]")
    page.fill("#notes-0-text", "The library is warm and welcoming")
    page.check("input[name='notes-0-consent'][value=quote]")
    page.click("button:has-text('Add another note')")
    page.check("input[name='notes-1-kind'][value=change]")
    page.fill("#notes-1-text", "Ring Sam on 07700 900123 about the bins")
    page.click("button:has-text('Continue')")  # consent missing on note 2
    assert page.title().startswith("Error:")
    if check:
        browser_page.assert_accessible()
    page.check("input[name='notes-1-consent'][value=analysis]")
    page.click("button:has-text('Continue')")
    assert "Check your answers" in page.inner_text("h1")
    if check:
        browser_page.assert_accessible()
    page.click("button:has-text('Save session')")
    assert "Session saved" in page.inner_text("main")
    if check:
        browser_page.assert_accessible()
    page.go_back()  # back to check your answers, and reload: the same session, never a second one
    page.reload()
    assert "Session saved" in page.inner_text("main")


def test_staff_log_a_session_in_chromium_with_axe(browser_page):
    browser_page.sign_in("staff@example.org")
    _journey(browser_page)
    page = browser_page.page
    browser_page.goto("/sessions/?q=bins")
    page.click("tbody a")
    assert "Ring [NAME] on [PHONE] about the bins" in page.inner_text("main")
    browser_page.assert_accessible()
    browser_page.goto("/sessions/import")
    browser_page.assert_accessible()
    # Upload, check the preview (axe), then import.
    csv = ("ward,date,venue,format,participants,facilitator,kind,text,consent,language,english\r\n"
           "Kirkstall,2026-03-21,Kirkstall Library,drop-in,4,,change,The ginnel needs a light,quote,,\r\n"
           "Kirkstall,2026-03-21,Kirkstall Library,drop-in,4,,love,The library staff know everyone,quote,,\r\n")
    page.set_input_files("#file", files=[{"name": "notes.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.click("button:has-text('Check the file')")
    assert "Check the file before you import it" in page.inner_text("h1")
    assert "Every row is right: 2 notes" in page.inner_text("main")
    browser_page.assert_accessible()
    page.click("button:has-text('Import these notes')")
    assert "Notes imported" in page.inner_text("main")


def test_the_journey_works_without_javascript(nojs_page):
    nojs_page.sign_in("staff2@example.org")
    _journey(nojs_page, check=False)
