"""Real browser tests: the app served on 127.0.0.1 by a live server thread, driven by
Debian's Chromium through Playwright, with axe-core checking every page.

Chromium missing is a skip locally and a failure in CI (HARK_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestConfig
from listening import create_app
from listening.extensions import db
from tests.pages import fresh_totp_code

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "demo-password-for-browser-tests"
_LIVE: dict = {}  # the live app, so sign_in can compute the demo organiser's and admin's codes


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    if not Path(CHROMIUM).exists() or not AXE.exists():
        message = f"browser tests need {CHROMIUM} and {AXE}"
        if os.environ.get("HARK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    instance = tmp_path_factory.mktemp("live-instance")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / 'live.db'}"
        INSTANCE_PATH = instance
        HUEY_SQLITE_PATH = str(instance / "huey.db")
        EMBEDDING_CACHE_DIR = str(instance / "embeddings")
        MODEL_DIR = str(instance / "models")
        DEMO_PASSWORD = PASSWORD
        LOGIN_RATE_LIMIT_ACCOUNT = "1000/minute"
        LOGIN_RATE_LIMIT_IP = "1000/minute"
        # The same demo people sign in many times a minute across browser tests; the limits
        # themselves are tested in tests/test_auth.py and tests/test_mfa.py.
        MFA_RATE_LIMIT = "1000/minute"

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        from listening.services import demo, places
        from listening.services.places import wards

        wards.seed_wards()
        places.load_boundaries(places.LEEDS_BOUNDARIES, source=places.LEEDS_SOURCE)  # as `wards seed` does
        demo.seed_organisations_and_accounts(PASSWORD)
    _LIVE["app"] = app
    # A real local SMTP server, as `make run` starts one: invitations go by mail (tests/mail.py).
    from tests import mail

    _box, stop_mail = mail.start(app, instance / "outbox")
    yield app
    stop_mail()


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class NavigatingPage:
    """A Playwright page whose click() waits for the page it loads.

    Without JavaScript every button and link here loads a new page, and Playwright's click
    does not wait for that, so on a busy machine a test could read the old page. For a click
    that stays on the page, use page.locator(selector).click().
    """

    def __init__(self, page):
        self._page = page

    def __getattr__(self, name):
        return getattr(self._page, name)

    def click(self, selector, **kwargs):
        with self._page.expect_navigation():
            self._page.click(selector, **kwargs)
        self._page.wait_for_load_state()


class BrowserPage:
    """A page plus the CSP violations and console errors it collected."""

    def __init__(self, page, base_url):
        self.page = NavigatingPage(page)
        self.base_url = base_url
        self.csp_violations: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        return response

    def sign_in(self, email: str, password: str = PASSWORD):
        self.goto("/sign-in")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.click("button[type=submit]:has-text('Sign in'), input[type=submit]")
        self.page.wait_for_load_state()
        if self.page.url.endswith("/sign-in/code"):  # organisers and admins: the TOTP step
            self.page.fill("#code", fresh_totp_code(_LIVE["app"], email))
            self.page.click("button[type=submit]:has-text('Continue')")
            self.page.wait_for_load_state()

    def sign_out(self):
        self.page.click("text=Sign out")
        self.page.wait_for_load_state()

    def axe(self) -> list[dict]:
        """Run axe-core on the current page; returns the violations (empty when clean)."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    def assert_accessible(self):
        violations = self.axe()
        assert violations == [], f"axe on {self.page.url}:\n" + json.dumps(violations, indent=2)
        assert self.csp_violations == [], f"CSP violations on {self.page.url}: {self.csp_violations}"


@pytest.fixture
def browser_page(browser, live_server):
    context = browser.new_context(locale="en-GB")
    page = BrowserPage(context.new_page(), live_server)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = BrowserPage(context.new_page(), live_server)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    def check(browser_page: BrowserPage):
        browser_page.assert_accessible()

    return check
