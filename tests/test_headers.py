"""Security headers, as a browser receives them."""

import re


def test_public_page_headers(client):
    response = client.raw.get("/sign-in")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    # The only inline script on the page carries this response's nonce.
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Cache-Control" not in headers or "no-store" not in headers["Cache-Control"]


def test_nonce_changes_every_response(client):
    first = client.raw.get("/sign-in").headers["Content-Security-Policy"]
    second = client.raw.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_signed_in_pages_are_not_cached(client, sign_in):
    from listening.domain import Role

    sign_in(Role.ADMIN)
    response = client.raw.get("/admin/users")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_outside_development(app):
    from config import ProductionConfig

    class Prod(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        INSTANCE_PATH = app.config["INSTANCE_PATH"]
        HUEY_SQLITE_PATH = app.config["HUEY_SQLITE_PATH"]

    from listening import create_app

    prod = create_app(Prod)
    response = prod.test_client().get("/sign-in")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie_flags = prod.config
    assert cookie_flags["SESSION_COOKIE_SECURE"] and cookie_flags["SESSION_COOKIE_HTTPONLY"]
    assert cookie_flags["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_api_responses_are_not_cached(client):
    assert client.raw.get("/api/v1/openapi.json").headers["Cache-Control"] == "no-store"


def test_a_nul_in_a_query_or_form_never_reaches_a_view(app):
    """PostgreSQL cannot store NUL and no person means one: the request layer drops it."""
    with app.test_request_context("/?q=bins%00overflow", method="POST", data={"venue": "Kirk\x00stall", "n\x00": "x"}):
        from flask import request

        assert request.args["q"] == "binsoverflow"
        assert request.form["venue"] == "Kirkstall" and request.form["n"] == "x"


def test_a_nul_in_the_path_is_not_found(client):
    assert client.raw.get("/wards/%00").status_code == 404
    assert client.raw.get("/wards/E0501%001402").status_code == 404
