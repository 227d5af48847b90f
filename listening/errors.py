"""Error pages for people, JSON errors for the API."""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from listening import error_reports

log = logging.getLogger(__name__)

PAGE_TEMPLATES = {403: "errors/403.html", 404: "errors/404.html", 500: "errors/500.html"}


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Go back and try again."),
        403: _("You do not have permission to see this page."),
        404: _("Page not found. If you typed the web address, check it is correct."),
        405: _("That action is not allowed on this page."),
        413: _("The file or request is too large."),
        429: _("Too many attempts. Wait a minute, then try again."),
        500: _("Sorry, there is a problem with the service. Try again later."),
    }


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    code = error.code or 500
    message = _messages().get(code) or error.description
    if _wants_json():
        detail = error.description if isinstance(error.description, str) and code < 500 else message
        return jsonify({"error": {"status": code, "message": detail}}), code
    template = PAGE_TEMPLATES.get(code, "errors/generic.html")
    return render_template(template, code=code, message=message), code


def handle_csrf_error(error: CSRFError):
    message = _("Your form expired or was sent from another site. Go back, reload the page and try again.")
    if _wants_json():
        return jsonify({"error": {"status": 400, "message": message}}), 400
    return render_template("errors/generic.html", code=400, message=message), 400


def handle_unexpected(error: Exception):
    # Log the type and the route (the URL rule: a path can hold a token), not the request body: it
    # may hold residents' words. The log formatters drop the exception's message for the same reason.
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    log.exception("Unhandled %s on %s %s", type(error).__name__, request.method, route)
    error_reports.report(error)
    return handle_http_error(InternalServerError())


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
