"""Metrics: /metrics exists only with METRICS_TOKEN and answers only that token; a scrape shows
requests by route, notes stored, queue depth and theme-run outcomes; under gunicorn with several
workers (PROMETHEUS_MULTIPROC_DIR) one scrape adds up every worker's requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from listening.domain import Role
from listening.services.themes import tasks as theme_tasks

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-tests"


def _value(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        metric, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', metric))
        if metric.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


@pytest.fixture
def token(app):
    app.config["METRICS_TOKEN"] = TOKEN
    yield TOKEN
    app.config["METRICS_TOKEN"] = ""


def _scrape(client) -> str:
    response = client.raw.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    return response.get_data(as_text=True)


def test_no_metrics_without_the_token_setting(client):
    assert client.raw.get("/metrics").status_code == 404
    assert client.raw.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_wrong_token_gets_nothing(client, token):
    assert client.raw.get("/metrics").status_code == 404
    assert client.raw.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 404


def test_a_scrape_counts_requests_notes_the_queue_and_theme_runs(app, client, make, token):
    before = _scrape(client)
    for _ in range(3):
        client.raw.get("/healthz")
    client.raw.get("/no-such-page")
    ward = make.ward("E05011402", "Kirkstall")
    make.logged_session(make.user(Role.STAFF), ward, texts=("The park is lovely", "More buses please"))
    with app.app_context():
        theme_tasks.run_theme_job(987654)  # no such run: the job finishes without running one
    after = _scrape(client)
    count = "hark_http_requests_total"
    assert _value(after, count, route="/healthz", method="GET", status="200") - \
        _value(before, count, route="/healthz", method="GET", status="200") == 3
    assert _value(after, count, route="(no route)", status="404") - _value(before, count, route="(no route)", status="404") == 1
    assert _value(after, "hark_http_request_duration_seconds_count", route="/healthz") >= 3
    assert _value(after, "hark_notes_stored") == 2
    assert "hark_queue_depth" in after
    assert _value(after, "hark_theme_runs_total", outcome="skipped") - _value(before, "hark_theme_runs_total", outcome="skipped") == 1
    assert "hark_emails_sent_total" in after or "hark_emails_sent" in after


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_one_scrape_adds_up_every_gunicorn_worker(tmp_path):
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    port = _free_port()
    env = {**os.environ, "HARK_ENV": "production", "SECRET_KEY": uuid.uuid4().hex, "METRICS_TOKEN": TOKEN,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'hark.db'}", "HARK_INSTANCE_PATH": str(tmp_path),
           "PROMETHEUS_MULTIPROC_DIR": str(multiproc), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "listening:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=10) as http:  # new connections: the workers share them out
            def healthz(_):
                return http.get("/healthz", headers={"Connection": "close"}).status_code

            # Six at once: one after another, a loaded machine can let one worker accept them all.
            with ThreadPoolExecutor(6) as pool:
                assert set(pool.map(healthz, range(60))) == {200}
            text = http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _value(text, "hark_http_requests_total", route="/healthz", status="200") >= 60
    assert len(list(multiproc.glob("counter_*.db"))) >= 2  # more than one worker answered
