"""What every area's background tasks share: the worker's app, a wrapper that runs a task inside
an app context, and a trivial task the tests and health checks use to prove the queue runs.

The consumer (`huey_consumer listening.worker.huey`) builds its app in listening.worker and binds
it here; the web process only enqueues.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, has_app_context

from listening.extensions import huey

_worker_app: Flask | None = None


def bind_worker_app(app: Flask) -> None:
    global _worker_app
    _worker_app = app


def worker_app() -> Flask | None:
    """The app the consumer bound (None in the web process and in tests)."""
    return _worker_app


def in_app_context(fn: Callable) -> Callable:
    @wraps(fn)
    def wrapped(*args, **kwargs):
        if has_app_context():  # immediate mode in tests, or called from the CLI
            return fn(*args, **kwargs)
        if _worker_app is None:
            raise RuntimeError("The worker app is not bound; start the consumer with listening.worker.huey")
        with _worker_app.app_context():
            return fn(*args, **kwargs)

    return wrapped


@huey.task()
@in_app_context
def ping() -> str:
    """A trivial task the tests and health checks use to prove the queue runs."""
    return current_app.config["SERVICE_NAME"]
