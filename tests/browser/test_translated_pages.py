"""Signed-in pages in Polish and Urdu: translated text, <html lang>, right-to-left for Urdu, axe clean."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Each demo role and the signed-in pages it uses most (home, sessions, briefings, commitments, events, themes).
ROLE_PAGES = [
    ("staff@example.org", ["/", "/sessions/", "/events/"]),
    ("anchor@example.org", ["/", "/briefings/", "/commitments/"]),
    ("organiser@example.org", ["/", "/sessions/", "/briefings/", "/commitments/", "/themes/"]),
    ("admin@example.org", ["/", "/sessions/", "/briefings/", "/commitments/", "/admin/users", "/admin/redaction-words"]),
]


def _words(page) -> str:
    """The page's main text with the service's name (which is never translated) left out."""
    return page.inner_text("main").replace("Hark", "").strip()


@pytest.mark.parametrize("lang, direction", [("pl", "ltr"), ("ur", "rtl")])
@pytest.mark.parametrize("email, paths", ROLE_PAGES, ids=[email.split("@")[0] for email, _ in ROLE_PAGES])
def test_signed_in_pages_are_translated_and_accessible(browser_page, email, paths, lang, direction):
    browser_page.sign_in(email)
    page = browser_page.page
    for path in paths:
        response = browser_page.goto(f"{path}?lang=en")
        assert response.status == 200, path
        english = _words(page)
        response = browser_page.goto(f"{path}?lang={lang}")
        assert response.status == 200, path
        assert page.get_attribute("html", "lang") == lang, path
        assert page.evaluate("getComputedStyle(document.body).direction") == direction, path
        assert _words(page) != english, f"{path} in {lang}: the page is still in English"
        browser_page.assert_accessible()
