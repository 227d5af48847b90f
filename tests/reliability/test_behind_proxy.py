"""The documented deployment, for real: gunicorn started with gunicorn.conf.py (several workers,
rate limits in Redis at 127.0.0.1:6379) behind one trusted proxy, and its access log."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.reliability import harness

pytestmark = pytest.mark.slow
PASSWORD = "proxy-test-pass-phrase-31"
SECRET_WORDS = "zqsearchword"


class ProxiedSite(harness.Site):
    extra: dict = {}

    def env(self) -> dict:
        return {**super().env(), **self.extra}

    def start(self, *args: str) -> subprocess.CompletedProcess | None:
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{self.port}",
             "--access-logfile", str(self.instance / "access.log"), *args, "listening:create_app()"],
            env=self.env(), cwd=harness.ROOT, stdout=subprocess.DEVNULL,
            stderr=open(self.instance / "gunicorn.log", "a"), start_new_session=True,  # noqa: SIM115
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code < 500:
                    return None
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError((self.instance / "gunicorn.log").read_text()[-2000:])


@pytest.fixture(scope="module")
def site():
    site = harness.sqlite_site()
    site.__class__ = ProxiedSite
    site.extra = {"REDIS_URL": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": "hark-test-" + uuid.uuid4().hex,
                  "TRUSTED_PROXIES": "1", "WEB_WORKERS": "3", "WEB_THREADS": "2"}
    code = (
        "from listening import create_app\nfrom listening.extensions import db\n"
        "from listening.services import accounts, places\nfrom listening.domain import OrgKind, Role\n"
        "app = create_app()\nwith app.app_context():\n"
        "    db.create_all(); places.seed_wards()\n"
        "    org = places.save_organisation(None, name='Proxy Org', kind=OrgKind.COMMUNITY, ward_ids=[])\n"
        f"    accounts.create_user(email='staff@example.org', name='S', role=Role.STAFF, organisation=org, password={PASSWORD!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], env=site.env(), cwd=harness.ROOT, check=True, timeout=300,
                   capture_output=True)
    site.start()
    yield site
    site.stop()


def _client(site) -> httpx.Client:
    """A browser on plain HTTP to 127.0.0.1: the proxy would have terminated TLS, so the session
    cookie (Secure in production) is sent back as a browser behind TLS would."""
    client = httpx.Client(base_url=site.base)

    def insecure(_response):
        for cookie in client.cookies.jar:
            cookie.secure = False

    client.event_hooks["response"] = [insecure]
    return client


def _form(http: httpx.Client, path: str, client_ip: str) -> str:
    html = http.get(path, headers={"X-Forwarded-For": client_ip}).text
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _failed_sign_in(http: httpx.Client, token: str, client_ip: str, n: int) -> int:
    return http.post("/sign-in", data={"csrf_token": token, "email": f"nobody{n}@example.org", "password": "wrong"},
                     headers={"X-Forwarded-For": client_ip}).status_code


def test_sign_in_limits_hold_across_workers_and_count_each_client_behind_the_proxy(site):
    """Finding 4: behind the prescribed reverse proxy every sign-in counted against the proxy's
    address, and with four gunicorn workers on memory:// each worker kept its own count. Now the
    20-a-minute allowance of one client is spent after 20 tries whichever worker answers, and a
    second client behind the same proxy still has its own."""
    with _client(site) as http:
        token = _form(http, "/sign-in", "203.0.113.7")
        statuses = [_failed_sign_in(http, token, "203.0.113.7", n) for n in range(20)]
        assert 429 not in statuses, statuses
        assert _failed_sign_in(http, token, "203.0.113.7", 99) == 429
    with _client(site) as other:
        token = _form(other, "/sign-in", "198.51.100.4")
        assert _failed_sign_in(other, token, "198.51.100.4", 1) == 200


def test_access_log_keeps_no_search_words(site):
    """Finding 7: the access log recorded search words typed into the sessions filter."""
    with _client(site) as http:
        token = _form(http, "/sign-in", "192.0.2.50")
        signed = http.post("/sign-in", data={"csrf_token": token, "email": "staff@example.org", "password": PASSWORD},
                           headers={"X-Forwarded-For": "192.0.2.50"})
        assert signed.status_code == 302, signed.text[:500]
        page = http.get(f"/sessions/?q={SECRET_WORDS}+street", headers={"X-Forwarded-For": "192.0.2.50"})
        assert page.status_code == 200
        http.get("/sessions/", headers={"Referer": f"{site.base}/sessions/?q={SECRET_WORDS}"})
        http.get(f"/set-password/{SECRET_WORDS}-link-token")  # a one-time link's token is a secret too
    time.sleep(0.5)
    log = (site.instance / "access.log").read_text()
    assert '"GET /sessions/ HTTP/1.1" 200' in log and '"GET /set-password/[link] HTTP/1.1" 404' in log
    assert SECRET_WORDS not in log


def test_several_workers_without_redis_refuse_to_start(tmp_path):
    """Without a shared store, several workers would each keep their own count: one plain line."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--check-config",
         "listening:create_app()"],
        env={**harness.Site("sqlite://", tmp_path).env(), "WEB_WORKERS": "4", "REDIS_URL": ""},
        cwd=harness.ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0 and "WEB_WORKERS=4 needs REDIS_URL" in result.stderr
