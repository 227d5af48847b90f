"""Error reports (Sentry) only with SENTRY_DSN, and with no resident's words: a real sentry-sdk
client sends to a real HTTP receiver on 127.0.0.1; the report names the error's type and frames,
never its message, the view's local variables, the request body or the query string."""

from __future__ import annotations

import gzip
import secrets
import threading
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sentry_sdk

from config import TestConfig
from listening import create_app, error_reports
from listening.permissions import public

# Made at run time, so Sentry's source-code context (the lines around each frame) cannot hold it. Not
# the session's log canary: the app logs this exception (by type, but the raw record keeps its message).
WORD = "sentrymarker" + secrets.token_hex(4)


class Receiver(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        Receiver.bodies.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def receiver():
    Receiver.bodies = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1"
    server.shutdown()
    sentry_sdk.init(dsn=None)  # back to no client
    error_reports._enabled = False


def test_no_dsn_no_reports(app):
    assert error_reports.init_app(app) is False
    assert not sentry_sdk.get_client().is_active()


def test_the_options_keep_words_on_the_server(app):
    app.config["SENTRY_DSN"] = "http://publickey@127.0.0.1:9/1"
    try:
        found = error_reports.options(app)
    finally:
        app.config["SENTRY_DSN"] = ""
    assert found["include_local_variables"] is False
    assert found["max_request_body_size"] == "never"
    assert found["send_default_pii"] is False
    assert found["default_integrations"] is False and found["max_breadcrumbs"] == 0


def test_an_unhandled_error_is_reported_without_its_words(tmp_path, receiver):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'e.db'}"
        INSTANCE_PATH = tmp_path
        SENTRY_DSN = receiver

    app = create_app(Config)

    @app.route("/boom", methods=["POST"])
    @public
    def boom():
        note_text = "resident said " + WORD  # a local variable holding a note
        raise ValueError(f"could not save: {note_text}")

    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(f"/boom?q={WORD}", data={"text": f"{WORD} in the body"})
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)
    sent = b"".join(Receiver.bodies).decode("utf-8", "replace")
    assert "ValueError" in sent and "boom" in sent  # the type and the frame arrived
    assert WORD not in sent  # not from the message, the locals, the body or the query string
