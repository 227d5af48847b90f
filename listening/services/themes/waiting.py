"""What a queued theme run is waiting for, in plain words: the job runner is not running, or how
many tasks are ahead of it. Runs have the highest priority (tasks.RUN_PRIORITY), so what is ahead
is what the runner is executing now plus any run queued before this one. Runs go one at a time
(tasks.RUN_LOCK): while one is under way, a queued run waits for it, whatever the free workers."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from listening.domain import RunStatus
from listening.extensions import db, huey
from listening.models import ThemeRun
from listening.services.core import runners

LOOK_AHEAD = 500  # queued tasks read at most (a coalesced queue holds a handful)


def _is_job(task, name: str) -> bool:
    return getattr(task, "name", "").endswith(name)


def waiting_for(run: ThemeRun) -> str | None:
    """A sentence for a queued run; None when it is not queued or jobs run in-process."""
    if run.status != RunStatus.QUEUED or huey.immediate:
        return None
    alive = runners()
    if not alive:
        return _(
            "Waiting: the job runner is not running, so this run cannot start. It will start by itself "
            "when the job runner is back; if this lasts, tell your administrator."
        )
    under_way = db.session.scalar(
        select(ThemeRun.id).where(ThemeRun.status == RunStatus.RUNNING, ThemeRun.id != run.id).limit(1))
    if under_way is not None:
        before = db.session.scalar(
            select(func.count(ThemeRun.id)).where(ThemeRun.status == RunStatus.QUEUED, ThemeRun.id < run.id)) or 0
        if before:
            return ngettext(
                "Waiting for the theme run under way and %(num)d other queued run to finish: runs go one at a time.",
                "Waiting for the theme run under way and %(num)d other queued runs to finish: runs go one at a time.",
                before)
        return _("Waiting for the theme run under way to finish: runs go one at a time, and this one starts "
                 "straight after it.")
    executing = sum(len(r["executing"]) for r in alive)
    free = sum(r["workers"] for r in alive) - executing
    queued_before = 0
    try:
        for task in huey.pending(limit=LOOK_AHEAD):
            if _is_job(task, "run_theme_job") and task.args and int(task.args[0]) == run.id:
                break
            queued_before += 1
    except Exception:
        queued_before = 0
    if free > queued_before:
        return _("Waiting: it will start in a moment.")
    ahead = executing + queued_before
    return ngettext("Waiting: %(num)d other task ahead.", "Waiting: %(num)d other tasks ahead.", ahead)

