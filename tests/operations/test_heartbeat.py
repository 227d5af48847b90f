"""With the real Huey consumer (a subprocess): the worker check is green while it runs and turns red
within a minute of stopping it (consumers beat every 5 s; the test turns red after 15 s of silence)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.themes.conftest import queue  # noqa: F401 - the fixture binding this process to the consumer's queue

pytestmark = pytest.mark.slow
TOKEN = "heartbeat-test-token"


def _worker_state(client):
    response = client.raw.get("/healthz/detail", headers={"Authorization": f"Bearer {TOKEN}"})
    check = next(c for c in response.get_json()["checks"] if c["name"] == "worker")
    return response.status_code, check["state"], check["detail"]


def _wait_for(client, state, seconds, app):
    deadline = time.monotonic() + seconds
    seen = None
    while time.monotonic() < deadline:
        seen = _worker_state(client)
        if seen[1] == state:
            return seen
        time.sleep(0.5)
    log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"worker check stayed {seen} for {seconds} s, wanted {state}; consumer log:\n{log}")


def test_detail_goes_red_within_a_minute_of_stopping_the_consumer(app, client, queue):  # noqa: F811
    saved = app.config["HEALTH_TOKEN"], app.config["HEARTBEAT_MAX_AGE_SECONDS"]
    app.config.update(HEALTH_TOKEN=TOKEN, HEARTBEAT_MAX_AGE_SECONDS=15)
    try:
        assert _worker_state(client)[1] == "failing"  # no consumer yet: no heartbeat
        consumer = queue()
        _wait_for(client, "ok", 180, app)  # the consumer imports the app and starts beating
        consumer.stop()
        status, state, detail = _wait_for(client, "failing", 60, app)
        assert status == 503 and "stopped" in detail
    finally:
        app.config.update(HEALTH_TOKEN=saved[0], HEARTBEAT_MAX_AGE_SECONDS=saved[1])
