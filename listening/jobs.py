"""Background tasks: thin wrappers that call services inside an app context.

The consumer (`huey_consumer listening.worker.huey`) builds its app in
listening.worker; the web process only enqueues.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, has_app_context
from huey import crontab

from listening.extensions import huey

_worker_app: Flask | None = None


def bind_worker_app(app: Flask) -> None:
    global _worker_app
    _worker_app = app


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


@huey.task()
@in_app_context
def run_theme_job(run_id: int) -> str | None:
    """Run a queued theme run (listening.services.themes does the work)."""
    from listening.services import themes

    status = themes.execute_run(run_id)
    return status.value if status else None


@huey.task()
@in_app_context
def assign_provisional_job(note_ids: list[int], replace: bool = False) -> int:
    """Place newly saved (or re-worded) notes on the current themes, provisionally, from the saved model."""
    from listening.services import themes

    return themes.assign_provisional(note_ids, replace)


@huey.on_startup()
def recover_theme_runs() -> None:
    """When a consumer starts, put back theme runs whose job was lost (a killed worker)."""
    if _worker_app is None:
        return
    from listening.services import themes

    with _worker_app.app_context():
        pending = set()
        for task in huey.pending():
            if getattr(task, "name", "").endswith("run_theme_job") and task.args:
                pending.add(int(task.args[0]))
        themes.recover(pending)


@huey.periodic_task(crontab(hour="3", minute="17"))
@in_app_context
def purge_raw_text_job() -> int:
    """Daily: blank raw note text older than RAW_RETENTION_DAYS (the redacted text stays) and
    drop unfinished session drafts older than DRAFT_RETENTION_DAYS (they hold unredacted words)."""
    from listening.services import privacy

    privacy.purge_abandoned_drafts()
    return privacy.purge_raw_text().purged
