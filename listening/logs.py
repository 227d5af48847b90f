"""Logs for operators, never residents' words: one line per record, JSON when LOG_FORMAT=json,
readable text otherwise, each carrying the request id, the signed-in user's id and the route.

- A request id per request (an incoming hex or UUID X-Request-ID is kept, else a new one), sent back in
  X-Request-ID. Jobs queued during the request carry it: it prefixes the Huey task id, and the
  consumer puts it back into every record the job logs (core.tasks sets it from Huey's signal).
- The route is the URL rule (`/set-password/<token>`), never the path or the query string.
- An exception is logged by type and frames (file, line, function), never its message, which
  may quote a note. Bearer tokens, set-password links and query strings are scrubbed from messages.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

log = logging.getLogger("listening.requests")

job_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("job_request_id", default=None)
job_name: contextvars.ContextVar[str | None] = contextvars.ContextVar("job_name", default=None)

VALID_ID = re.compile(r"^[0-9a-fA-F-]{16,64}$")  # a UUID or hex id from a proxy: it can carry no words
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "user_id", "route"}
_SCRUB = (
    (re.compile(r"(Bearer\s+)[^\s\"',]+", re.I), r"\1[redacted]"),
    (re.compile(r"(/set-password/)(?!<token>)[^\s/?#\"'<]+"), r"\1[redacted]"),
    (re.compile(r"(https?://[^\s?#\"']+)\?[^\s#\"']*"), r"\1?[redacted]"),
)
_HANDLER_MARK = "_hark_handler"


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return job_request_id.get()


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def _context(record: logging.LogRecord) -> None:
    """Add request_id, user_id and route to a record (from the request, or the job running)."""
    if has_request_context():
        user = g.get("_login_user")  # flask-login's cache: reading it never loads a user
        record.request_id = g.get("request_id")
        record.user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
        record.route = request.url_rule.rule if request.url_rule is not None else None
    else:
        record.request_id = job_request_id.get()
        record.user_id = None
        record.route = f"job:{job_name.get()}" if job_name.get() else None


def _exception(record: logging.LogRecord) -> dict:
    if not record.exc_info or record.exc_info[0] is None:
        return {}
    kind, _value, tb = record.exc_info
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    return {"exception": kind.__name__, "stack": frames[-15:]}


def _extras(record: logging.LogRecord) -> dict:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def __init__(self, scrubbing: bool = True) -> None:
        super().__init__()
        self.scrubbing = scrubbing

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "route"):
            _context(record)
        message = record.getMessage()
        body = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(message) if self.scrubbing else message,
            "request_id": record.request_id,
            "user_id": record.user_id,
            "route": record.route,
            **{k: scrub(v) if self.scrubbing and isinstance(v, str) else v for k, v in _extras(record).items()},
            **_exception(record),
        }
        return json.dumps(body, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self, scrubbing: bool = True) -> None:
        super().__init__()
        self.scrubbing = scrubbing

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "route"):
            _context(record)
        context = " ".join(f"{k}={v}" for k, v in (("req", record.request_id), ("user", record.user_id),
                                                    ("route", record.route)) if v is not None)
        extras = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%S")
        line = f"{stamp} {record.levelname:<7} {record.name}: {record.getMessage()}"
        line += f" [{context}]" if context else ""
        line += f" {extras}" if extras else ""
        error = _exception(record)
        if error:
            line += f"\n  {error['exception']} at\n    " + "\n    ".join(error["stack"])
        return scrub(line) if self.scrubbing else line


def _record_factory(base):
    def make(*args, **kwargs):
        record = base(*args, **kwargs)
        _context(record)
        return record

    make.hark = True
    return make


def configure(fmt: str, level: str, scrubbing: bool = True) -> None:
    """Once per process: every record gets the context; one stderr handler in the chosen format."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "hark", False):
        logging.setLogRecordFactory(_record_factory(factory))
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, _HANDLER_MARK, False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        setattr(handler, _HANDLER_MARK, True)
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter(scrubbing) if fmt == "json" else TextFormatter(scrubbing))
    root.setLevel(level.upper())


def adopt_handlers(fmt: str, scrubbing: bool = True) -> None:
    """The Huey consumer adds its own root handler (plain format, exception messages included)
    after importing the app: give every handler Hark's formatter, and drop a second stderr one."""
    root = logging.getLogger()
    ours = any(getattr(h, _HANDLER_MARK, False) for h in root.handlers)
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            continue
        if ours and type(handler) is logging.StreamHandler and handler.stream in (sys.stderr, sys.stdout):
            root.removeHandler(handler)
        else:
            handler.setFormatter(JsonFormatter(scrubbing) if fmt == "json" else TextFormatter(scrubbing))


def _begin() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if VALID_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    duration = time.perf_counter() - started if started else 0.0
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    log.info("%s %s %s", request.method, route, response.status_code,
             extra={"status": response.status_code, "duration_ms": round(duration * 1000, 1)})
    return response


def log_exception(app: Flask):
    def _log(exc_info) -> None:
        route = request.url_rule.rule if request.url_rule is not None else "(no route)"
        app.logger.error("Exception on %s %s", request.method, route, exc_info=exc_info)

    return _log


def init_app(app: Flask) -> None:
    if not app.testing:  # the test suite's own handlers (and the canary watch) see every record
        # The development server's fallback puts set-password links in the log (no mail there).
        configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"], scrubbing=app.config["ENV_NAME"] != "development")
    else:
        factory = logging.getLogRecordFactory()
        if not getattr(factory, "hark", False):
            logging.setLogRecordFactory(_record_factory(factory))
    app.before_request(_begin)
    app.after_request(_finish)
    app.log_exception = log_exception(app)
