"""What a queued theme run is waiting for, in plain words: the job runner is not running, or how
many tasks are ahead of it. Runs have the highest priority (tasks.RUN_PRIORITY), so what is ahead
is what the runner is executing now plus any run queued before this one."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from listening.domain import RunStatus
from listening.extensions import huey
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
