"""Logs for operators: one line per request with its id, the route (the URL rule) and the user's id,
never a query string, a token or an exception's message; the request id follows the jobs it queues."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest
from flask import g
from huey.storage import SqliteStorage

from listening import logs
from listening.domain import Role
from listening.extensions import huey
from listening.services import core


@pytest.fixture
def json_lines():
    """Every record as the JSON formatter writes it (what LOG_FORMAT=json puts on stderr)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    root.removeHandler(handler)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "listening.requests"]


def test_a_signed_in_request_is_one_line_with_its_id_route_and_user(app, client, sign_in, json_lines):
    user = sign_in(Role.STAFF)
    response = client.raw.get("/sessions/?q=bins+on+Elm+Street&page=1")
    assert response.status_code == 200
    line = _request_lines(json_lines())[-1]
    assert line["route"] == "/sessions/" and line["status"] == 200 and line["user_id"] == user.id
    assert line["request_id"] == response.headers["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["duration_ms"] >= 0 and line["level"] == "INFO"
    assert "Elm" not in json.dumps(json_lines())  # no query string anywhere


def test_an_incoming_request_id_is_kept_when_valid(client, json_lines):
    kept = client.raw.get("/healthz", headers={"X-Request-ID": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"})
    assert kept.headers["X-Request-ID"] == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    replaced = client.raw.get("/healthz", headers={"X-Request-ID": "words-not-an-id-at-all"})  # could carry text
    assert replaced.headers["X-Request-ID"] != "words-not-an-id-at-all"
    assert [line["request_id"] for line in _request_lines(json_lines())] == ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", replaced.headers["X-Request-ID"]]


def test_a_token_in_the_path_never_reaches_the_log(client, json_lines):
    client.raw.get("/set-password/SECRETTOKENabc123")
    lines = json_lines()
    assert _request_lines(lines)[-1]["route"] == "/set-password/<token>"
    assert "SECRETTOKENabc123" not in json.dumps(lines)


def test_an_exception_is_logged_by_type_and_frames_never_its_message(json_lines):
    try:
        raise ValueError("the note said Mrs Jones at 4 Elm Street is unwell")
    except ValueError:
        logging.getLogger("listening.test").exception("could not save")
    line = json_lines()[-1]
    assert line["exception"] == "ValueError" and any("test_logging.py" in f for f in line["stack"])
    assert "Elm Street" not in json.dumps(line)


def test_tokens_and_links_are_scrubbed_from_messages(json_lines):
    logging.getLogger("listening.test").warning(
        "link https://hark.example/set-password/abcDEF123 and https://hark.example/sessions?q=Elm, Bearer s3cr3t"
    )
    message = json_lines()[-1]["message"]
    assert "abcDEF123" not in message and "Elm" not in message and "s3cr3t" not in message
    assert "/set-password/[redacted]" in message


def test_a_job_carries_the_request_id_that_queued_it(app, json_lines):
    storage = SqliteStorage(huey.name, filename=str(Path(app.instance_path) / "jobs-log.db"))
    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = storage, False
    try:
        with app.test_request_context("/"):
            g.request_id = "0123456789abcdef0123"
            core.ping()  # queued, not run
        with app.app_context():
            task = huey.dequeue()
            assert task.id.startswith("0123456789abcdef0123:")
            huey.execute(task)  # as the consumer would, outside any request
    finally:
        storage.flush_all()
        huey.storage, huey._immediate = saved
    executed = [line for line in json_lines() if line["logger"] == "huey" and task.id in line["message"]]
    assert executed and {line["request_id"] for line in executed} == {"0123456789abcdef0123"}
    assert {line["route"] for line in executed} == {"job:ping"}


def test_log_format_json_writes_json_to_stderr():
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    stream = io.StringIO()
    try:
        logs.configure("json", "INFO")
        ours = [h for h in root.handlers if getattr(h, "_hark_handler", False)]
        assert len(ours) == 1 and ours[0].stream is sys.stderr
        ours[0].setStream(stream)
        logging.getLogger("listening.test").info("started", extra={"workers": 2})
        logs.configure("text", "INFO")  # the same handler, switched to text
        assert [h for h in root.handlers if getattr(h, "_hark_handler", False)] == ours
        logging.getLogger("listening.test").info("started again")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)
    first, second = stream.getvalue().strip().splitlines()[-2:]
    assert json.loads(first)["message"] == "started" and json.loads(first)["workers"] == 2
    assert "INFO" in second and "listening.test: started again" in second
