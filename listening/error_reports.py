"""Optional error reports to Sentry (sentry-sdk), only when SENTRY_DSN is set, built so that no
resident's words leave the server: no local variables, no request bodies, no personal data, no
breadcrumbs (they copy log lines), and each report's exception messages, query strings, cookies
and headers are removed before it is sent (an exception's message can quote a note)."""

from __future__ import annotations

from flask import Flask

from listening.logs import scrub

_enabled = False


def before_send(event: dict, _hint: dict | None = None) -> dict:
    for value in (event.get("exception") or {}).get("values", []):
        value["value"] = ""  # the type and the frames stay; the message goes
    event.pop("logentry", None)
    event.pop("breadcrumbs", None)
    event.pop("extra", None)
    event.pop("user", None)
    request = event.get("request")
    if request:
        event["request"] = {"method": request.get("method"), "url": scrub(str(request.get("url", "")).split("?")[0])}
    return event


def options(app: Flask) -> dict:
    return {
        "dsn": app.config["SENTRY_DSN"],
        "environment": app.config["ENV_NAME"],
        "include_local_variables": False,
        "max_request_body_size": "never",
        "send_default_pii": False,
        "max_breadcrumbs": 0,
        "default_integrations": False,  # no logging integration: log lines never become reports
        "traces_sample_rate": 0.0,
        "before_send": before_send,
    }


def init_app(app: Flask) -> bool:
    global _enabled
    if not app.config.get("SENTRY_DSN"):
        return False
    import sentry_sdk

    sentry_sdk.init(**options(app))
    _enabled = True
    return True


def report(error: BaseException) -> None:
    """Send one error (the web's unexpected-error handler and failed jobs call this)."""
    if _enabled:
        import sentry_sdk

        sentry_sdk.capture_exception(error)
