"""Screenshots of the ward maps from a running demo (`make run`), into docs/screenshots/.

    .venv/bin/python scripts/map_screenshots.py [--base http://127.0.0.1:5000]

Signs in as the demo anchor (city overview), the demo organiser with the demo's published TOTP key
(events planner), and visits the public Kirkstall page signed out.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pyotp
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-password")
TOTP = os.environ.get("DEMO_TOTP_SECRET", "HARKDEMOHARKDEMOHARKDEMOHARKDEMO")


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.url.endswith("/sign-in/code"):
        page.fill("#code", pyotp.TOTP(TOTP).now())
        page.click("button[type=submit]")
        page.wait_for_load_state()


def shoot(page, name: str, selector: str) -> None:
    page.locator(selector).scroll_into_view_if_needed()
    page.locator(selector).screenshot(path=str(SHOTS / name))
    print("saved", SHOTS / name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    base = parser.parse_args().base
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.goto(base + "/wards/E05011402")
        page.screenshot(path=str(SHOTS / "map-public-kirkstall.png"))
        print("saved", SHOTS / "map-public-kirkstall.png")
        sign_in(page, base, "anchor@example.org")
        page.goto(base + "/briefings/")
        page.click("a:has-text('City overview')")
        page.wait_for_load_state()
        theme = page.locator("#map-choice option").nth(1).get_attribute("value")
        page.goto(page.url.split("?")[0] + f"?map={theme}#where")
        shoot(page, "map-city-overview.png", "#where ~ div.hark-map, #overview-map")
        context.close()
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
        page = context.new_page()
        sign_in(page, base, "organiser@example.org")
        page.goto(base + "/events/")
        shoot(page, "map-events-planner.png", "#planner-map")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
