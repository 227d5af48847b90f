"""A test client that checks every HTML page it fetches the way a person would meet it:
a <title>, one <h1>, no duplicate ids, lang set, and a form's CSRF token to hand."""

from __future__ import annotations

import re
from collections import Counter

import pyotp
from bs4 import BeautifulSoup


class PageClient:
    def __init__(self, client):
        self.raw = client

    def __getattr__(self, name):
        return getattr(self.raw, name)

    def page(self, url: str, status: int = 200, **kwargs) -> BeautifulSoup:
        response = self.raw.get(url, **kwargs)
        assert response.status_code == status, f"GET {url}: {response.status_code}, expected {status}"
        return check_html(response)

    def csrf_token(self, url: str) -> str:
        html = self.raw.get(url).get_data(as_text=True)
        match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def submit(self, url: str, data: dict, *, form_url: str | None = None, **kwargs):
        """POST a form the way a browser does: with the CSRF token from the form page."""
        payload = {"csrf_token": self.csrf_token(form_url or url), **data}
        return self.raw.post(url, data=payload, **kwargs)

    def sign_in(self, email: str, password: str):
        """Password, then (when the page asks) the code from the person's TOTP secret, or
        setting up multi-factor sign-in (the new recovery codes land in self.recovery_codes)."""
        response = self.submit("/sign-in", {"email": email, "password": password})
        assert response.status_code == 302, f"sign-in failed for {email}: {response.status_code}"
        return self.complete_second_step(response, email)

    def complete_second_step(self, response, email: str):
        location = response.headers.get("Location", "")
        if location.endswith("/sign-in/code"):
            code = fresh_totp_code(self.raw.application, email)
            response = self.submit("/sign-in/code", {"code": code})
            assert response.status_code == 302, f"code step failed for {email}: {response.status_code}"
        elif location.endswith("/sign-in/set-up-code"):
            html = self.raw.get("/sign-in/set-up-code").get_data(as_text=True)
            secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
            response = self.submit("/sign-in/set-up-code", {"code": pyotp.TOTP(secret).now()})
            assert response.status_code == 200 and "Save your recovery codes" in response.get_data(as_text=True)
            self.recovery_codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.get_data(as_text=True))
        return response

    def sign_out(self):
        return self.submit("/sign-out", {}, form_url="/")


def check_html(response) -> BeautifulSoup:
    assert response.mimetype == "text/html", response.mimetype
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    assert title, "page has no <title>"
    assert soup.html.get("lang"), "the <html> element has no lang"
    assert len(soup.find_all("h1")) == 1, f"expected one <h1> on {title!r}"
    ids = Counter(el["id"] for el in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    if soup.find(class_="govuk-error-summary"):
        assert title.startswith("Error:"), f"a page with errors must say so in its title: {title!r}"
    return soup


def fresh_totp_code(app, email: str) -> str:
    """A current code for the account, with its replay guard cleared so a test may sign the
    same person in twice within one 30-second window (replay itself is tested in test_mfa)."""
    from listening.extensions import db
    from listening.services.accounts import users
    from listening.services.core import write

    with app.app_context():
        user = users.get_by_email(email)
        assert user is not None and user.totp_secret, f"{email} has no TOTP secret"
        with write():
            db.session.merge(user).totp_last_step = None
        return pyotp.TOTP(user.totp_secret).now()
