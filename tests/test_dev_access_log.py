"""The development server (`make run`) logs each request without its query string."""

from __future__ import annotations

import logging
import threading

import httpx
from werkzeug.serving import make_server

from listening.domain import Role


def test_dev_server_access_lines_keep_no_search_words(app, make, caplog):
    """Finding 7: the access log recorded search words typed into the sessions filter."""
    user = make.user(Role.STAFF)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with httpx.Client(base_url=base) as http, caplog.at_level(logging.INFO, logger="werkzeug"):
            html = http.get("/sign-in").text
            token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
            signed = http.post("/sign-in", data={"csrf_token": token, "email": user.email, "password": make.PASSWORD})
            assert signed.status_code == 302
            assert http.get("/sessions/?q=zqprivateword+road").status_code == 200
    finally:
        server.shutdown()
        thread.join(5)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any('"GET /sessions/ HTTP/1.1" 200' in line for line in lines), lines
    assert not any("zqprivateword" in line for line in lines)


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(app, client):
    """TRUSTED_PROXIES defaults to 0: a client cannot give itself a fresh sign-in allowance by
    sending its own X-Forwarded-For."""
    assert app.config["TRUSTED_PROXIES"] == 0
    token = client.csrf_token("/sign-in")
    statuses = [client.raw.post("/sign-in", data={"csrf_token": token, "email": f"n{i}@example.org", "password": "x"},
                                headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
