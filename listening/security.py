"""Security headers on every response, and session lifetime rules.

The CSP uses a per-request nonce so the one inline script govuk-frontend's
template needs can run while every other inline script is refused.
"""

from __future__ import annotations

import secrets
import time

from flask import current_app, g, request, session
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from listening import access_log


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; "
        "img-src 'self' data:; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "form-action 'self'; "
        "object-src 'none'; "
        "base-uri 'none'; "
        "frame-ancestors 'none'"
    )


def _enforce_session_lifetime():
    """Sign out a session past its absolute lifetime; idle expiry is the cookie's own."""
    if not current_user.is_authenticated:
        return
    session.permanent = True
    started = session.get("signed_in_at")
    limit = current_app.config["SESSION_ABSOLUTE_HOURS"] * 3600
    if started is None or time.time() - started > limit:
        logout_user()
        session.clear()


def _add_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    signed_in = current_user.is_authenticated if _has_user() else False
    if signed_in or request.path.startswith("/api/"):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def _has_user() -> bool:
    try:
        current_user.is_authenticated  # noqa: B018 - loading may fail outside a request
        return True
    except Exception:
        return False


class BoundedIntConverter(IntegerConverter):
    """<int:...> that stops at the largest id a database column holds (PostgreSQL's 32-bit
    integer), so /sessions/99999999999999999999 is a 404, not an overflow and a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class TrustedProxies:
    """Believe X-Forwarded-For/-Proto/-Host from exactly TRUSTED_PROXIES proxies in front (read
    per request, so the setting is the config's). 0, the default, believes none: a client
    could otherwise give itself a fresh address, and a fresh sign-in allowance, per request.
    Behind one nginx or Caddy set 1, or every sign-in counts against the proxy's address."""

    def __init__(self, app) -> None:
        self.app, self.wsgi_app, self._fixes = app, app.wsgi_app, {}

    def __call__(self, environ, start_response):
        hops = int(self.app.config.get("TRUSTED_PROXIES") or 0)
        if hops <= 0:
            return self.wsgi_app(environ, start_response)
        if hops not in self._fixes:
            self._fixes[hops] = ProxyFix(self.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        return self._fixes[hops](environ, start_response)


def init_app(app) -> None:
    # Before any blueprint registers a rule: every <int:id> in the app is bounded.
    app.url_map.converters["int"] = BoundedIntConverter
    app.wsgi_app = TrustedProxies(app)
    access_log.install()
    app.before_request(_enforce_session_lifetime)
    app.after_request(_add_headers)
