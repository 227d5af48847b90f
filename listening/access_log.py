"""Access log lines that keep no secrets and no search words.

A request line's query string (words typed into a filter: a resident's name, a street) and the
token in a set-password link (as good as a password) never reach an access log: not the
development server's (a logging filter on "werkzeug") nor gunicorn's (a logger class named in
gunicorn.conf.py, which also leaves out the referrer, since it carries the previous page's query).
"""

from __future__ import annotations

import logging
import re

# Paths whose last part is a secret: /set-password/<token>.
_SECRET_PATH = re.compile(r"^(/set-password/)[^/?\s]+")
_REQUEST_LINE = re.compile(r"^([A-Z]+) (\S+)( HTTP/[\d.]+)$")


def redact_path(path: str) -> str:
    """The path without its query string, and with any one-time token replaced."""
    return _SECRET_PATH.sub(r"\1[link]", path.split("?", 1)[0])


def _redact_request_line(text: str) -> str:
    match = _REQUEST_LINE.match(text)
    return f"{match[1]} {redact_path(match[2])}{match[3]}" if match else text


class RedactRequestLines(logging.Filter):
    """For the development server's logger: its access line's request line, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_request_line(a) if isinstance(a, str) else a for a in record.args)
        return True


def install() -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactRequestLines) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(RedactRequestLines())


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is for production; development runs without it
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with the request line, path, query and referrer redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = _redact_request_line(atoms["r"])
        atoms["U"] = redact_path(atoms["U"] or "")
        atoms["q"] = ""
        atoms["f"] = "-"
        return atoms
