"""A canary word for the whole test session, and a logging handler that sees every log
record and remembers any that contains it. Residents' words must never reach a log line:
tests/privacy/test_canary_logs.py writes the canary into notes through every way in,
each record is also checked as listening/logs.py's JSON and text formatters write it,
and tests/conftest.py fails the session if any record, from any test, ever held it."""

from __future__ import annotations

import logging
import secrets
import traceback

from listening.logs import JsonFormatter, TextFormatter

CANARY = "zqkanary" + secrets.token_hex(5)  # one unique lower-case word per test session

# Loggers whose every level is watched (the app and the libraries that handle notes).
WATCHED = ("listening", "nlp", "huey", "gunicorn", "werkzeug", "flask", "bertopic", "sentence_transformers")


FORMATTERS = (JsonFormatter(), TextFormatter())


class LogWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines = 0
        self.hits: list[tuple[str, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record still counts; check its parts
            text = f"{record.msg} {record.args}"
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            text += record.exc_text
        # and as the app's own formatters write it (JSON and text: context, extras, exceptions)
        for formatter in FORMATTERS:
            try:
                text += "\n" + formatter.format(record)
            except Exception as error:  # a record the formatter cannot write is a bug too
                text += f"\nformatter failed: {error!r}"
        self.lines += 1
        if CANARY in text.lower():
            self.hits.append((record.name, record.levelname, text[:500]))


WATCH = LogWatch()


def install() -> None:
    root = logging.getLogger()
    if WATCH not in root.handlers:
        root.addHandler(WATCH)
    root.setLevel(min(root.level or logging.WARNING, logging.INFO))
    for name in WATCHED:
        logging.getLogger(name).setLevel(logging.DEBUG)
    # As in production: SQL statement logging (which would print bound parameters) stays off.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)


def report() -> str:
    lines = [f"{name} {level}: {text}" for name, level, text in WATCH.hits[:20]]
    return f"the canary note word {CANARY!r} reached {len(WATCH.hits)} log records:\n" + "\n".join(lines)
