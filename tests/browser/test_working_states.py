"""Slow actions show that they are working (issue 17: "saving a session ~4.6 s ... with no sign of
progress"): while the server works, the Save button is marked busy, a status message is announced,
and a second press does not send the form again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_saving_a_session_says_it_is_working_and_is_sent_once(browser_page):
    browser_page.sign_in("staff@example.org")
    page = browser_page.page
    browser_page.goto("/sessions/new")
    page.select_option("#ward", label="Kirkstall")
    page.fill("#held_on-day", "14")
    page.fill("#held_on-month", "3")
    page.fill("#held_on-year", "2026")
    page.fill("#venue", "Kirkstall Community Centre")
    page.check("input[name=format][value=drop-in]")
    page.fill("#participants", "7")
    page.click("button:has-text('Continue')")
    page.check("input[name='notes-0-kind'][value=love]")
    page.fill("#notes-0-text", "The library is warm and welcoming")
    page.check("input[name='notes-0-consent'][value=quote]")
    page.click("button:has-text('Continue')")
    assert "/check" in page.url

    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and r.url.endswith("/check") else None)
    # Watch the page as it sends: a listener added now runs after Hark's own, and keeps what it saw
    # for the next page, and presses again as an impatient person would.
    page.evaluate("""() => {
      const form = document.querySelector('form[data-hark-working]');
      form.addEventListener('submit', () => {
        if (sessionStorage.getItem('seen')) return;
        const button = form.querySelector('button[type=submit]');
        const status = form.querySelector('.hark-working[role=status]');
        const again = new Event('submit', {cancelable: true});
        sessionStorage.setItem('seen', '1');
        form.dispatchEvent(again);
        sessionStorage.setItem('working', JSON.stringify({
          text: status ? status.textContent : null, busy: button.getAttribute('aria-disabled'),
          second_sent: !again.defaultPrevented}));
      });
    }""")
    page.click("button:has-text('Save session')")
    assert "/confirmation" in page.url
    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('working'))")
    assert seen["text"] and "Saving the session" in seen["text"], seen
    assert seen["busy"] == "true" and seen["second_sent"] is False, seen
    assert len(posts) == 1
