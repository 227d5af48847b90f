"""Theme runs in the background: the Huey tasks, and the functions that queue them (start a run,
re-queue lost ones, place newly saved notes provisionally). The worker entry point imports this.

A queued run is claimed and executed by runs.execute_run; its results land in one write()
(results.store_results), so a run that fails or whose worker dies changes nothing anyone sees.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from listening.domain import ACTIVE_RUN_STATUSES, RunStatus
from listening.extensions import db, huey
from listening.models import ThemeRun
from listening.services import operations
from listening.services.core import (
    Exclusive,
    audit,
    in_app_context,
    refresh_statistics,
    runners,
    worker_app,
    write,
)
from listening.services.themes.child import run_in_child
from listening.services.themes.provisional import assign_pending, mark_pending, pending_count, waiting_count
from listening.services.themes.queries import ALL_SCOPE, active_run, get_run, scope_for
from listening.services.themes.runs import RunConflict, ThemeRunError, _orphaned, execute_run

log = logging.getLogger(__name__)


# ---- the tasks ----------------------------------------------------------------------------------


# Theme runs jump the queue: a consumer takes the highest priority first (SQLite and Redis storage
# both order by it), so a run never waits behind routine jobs, only behind what is already running.
RUN_PRIORITY = 100
PROVISIONAL_PRIORITY = 10
# Set while a provisional job is queued and not yet started: at most one is ever queued.
PROVISIONAL_QUEUED = "hark:provisional-queued"
# With two workers (make run, docs/deploy.md) a run waits in one worker for its child process while
# the other places provisional themes; these make sure two workers (or two consumers) never run two
# theme runs, or two provisional jobs, at once. Whoever holds one does the work the others queued.
RUN_LOCK = Exclusive("hark:theme-run-executing")
PROVISIONAL_LOCK = Exclusive("hark:provisional-executing")
# A run job that found another run executing looks again this often, in case that worker died
# before taking the run in (normally the worker that holds RUN_LOCK starts it the moment it is free).
RUN_RECHECK_S = 30


@huey.task(priority=RUN_PRIORITY)
@in_app_context
def run_theme_job(run_id: int) -> str | None:
    """Run a queued theme run (runs.execute_run does the work): in a child process that exits
    afterwards when in the consumer (THEME_RUN_IN_CHILD), so its memory comes back. One run at a
    time, oldest queued first: if another is executing, this returns at once (its worker stays free
    for routine jobs) and the worker executing runs starts this one when its turn comes."""
    started, outcome = time.perf_counter(), "error"
    try:
        status = _run_while_holding(run_id)
        outcome = status.value if status else "skipped"
        return status.value if status else None
    finally:
        operations.metrics.THEME_RUNS.labels(outcome).inc()
        operations.metrics.THEME_RUN_SECONDS.labels(outcome).observe(time.perf_counter() - started)


def _run_while_holding(run_id: int) -> RunStatus | None:
    if worker_app() is None:  # in-process (immediate mode): just this run, nothing runs beside it
        return _execute(run_id)
    status, first, tried = None, True, set()
    while True:
        if not RUN_LOCK.acquire():
            if first and _still_queued(run_id):
                run_theme_job.schedule(args=(run_id,), delay=RUN_RECHECK_S)  # in case that worker dies
            return status
        try:  # oldest queued first, whichever run's job took the lock; each run once per job
            while (next_id := _next_queued_run(tried)) is not None:
                tried.add(next_id)
                status = _execute(next_id) or status
        finally:
            RUN_LOCK.release()
        first = False
        if _next_queued_run(tried) is None:  # else queued while the lock was being let go: take it too
            return status


def _still_queued(run_id: int) -> bool:
    db.session.rollback()
    queued = db.session.scalar(select(ThemeRun.status).where(ThemeRun.id == run_id)) == RunStatus.QUEUED
    db.session.rollback()
    return queued


def _execute(run_id: int) -> RunStatus | None:
    db.session.rollback()
    run = db.session.get(ThemeRun, run_id)
    if run is None or run.status != RunStatus.QUEUED:
        return None  # already run (by the worker that held the lock), or cancelled
    db.session.rollback()  # hold no transaction open while the run works
    if worker_app() is not None and current_app.config.get("THEME_RUN_IN_CHILD", True):
        status = run_in_child(run_id)
    else:
        status = execute_run(run_id)
    if waiting_count():  # handed-over notes of a run that failed, or notes parked while it worked
        queue_provisional()
    return status


def _next_queued_run(tried: set[int]) -> int | None:
    db.session.rollback()
    return db.session.scalar(
        select(ThemeRun.id).where(ThemeRun.status == RunStatus.QUEUED, ThemeRun.id.not_in(tried)).order_by(ThemeRun.id)
    )


@huey.task(priority=PROVISIONAL_PRIORITY)
@in_app_context
def assign_provisional_job(note_ids: list[int] | None = None, replace: bool = False) -> int:
    """Place every note waiting for provisional themes on the current themes, from the saved model.
    (`note_ids`: a job queued by an older version, which named its notes.) One at a time: a job that
    finds another executing returns, and that one picks up its notes before it lets go."""
    huey.get(PROVISIONAL_QUEUED)  # taken: a note saved from now on queues the next job
    if note_ids:
        mark_pending(note_ids, replace)
    added = 0
    while PROVISIONAL_LOCK.acquire():
        try:
            added += assign_pending(give_way=_give_way)
        finally:
            PROVISIONAL_LOCK.release()
        if not waiting_count():
            break
        if _give_way():
            queue_provisional()  # gave way to a theme run: the rest follows it
            break
    if added:
        refresh_statistics()  # after a big ingest the planner still sees the tables as they were
    return added


def _give_way() -> bool:
    """Stop between batches for a theme run only when it would otherwise wait: a run job is queued,
    no run is executing (that worker would start it next) and no worker is free to take it."""
    try:
        if not any(getattr(t, "name", "").endswith("run_theme_job") for t in huey.pending(limit=200)):
            return False
        if db.session.scalar(select(ThemeRun.id).where(ThemeRun.status == RunStatus.RUNNING).limit(1)):
            db.session.rollback()
            return False
        db.session.rollback()
        alive = runners()
        return sum(r["workers"] for r in alive) - sum(len(r["executing"]) for r in alive) <= 0
    except Exception:
        log.warning("could not read the queue; the provisional job carries on")
        return False


_recovered = threading.Lock()  # held for good once a worker thread of this consumer has recovered


@huey.on_startup()
def recover_theme_runs() -> None:
    """When a consumer starts, put back theme runs whose job was lost (a killed worker). Once per
    consumer: Huey calls this in every worker thread, and two at once could queue two provisional jobs."""
    app = worker_app()
    if app is None or not _recovered.acquire(blocking=False):
        return
    with app.app_context():
        pending, provisional_queued = set(), False
        for task in huey.pending():
            name = getattr(task, "name", "")
            if name.endswith("run_theme_job") and task.args:
                pending.add(int(task.args[0]))
            provisional_queued |= name.endswith("assign_provisional_job")
        recover(pending)
        if not provisional_queued:
            huey.get(PROVISIONAL_QUEUED)  # a flag left by a queue that lost its job
            if pending_count():
                queue_provisional()


# ---- queueing -----------------------------------------------------------------------------------


def start_run(
    actor_id: int | None, date_from: date | None = None, date_to: date | None = None, *, enqueue: bool = True
) -> ThemeRun:
    """Queue a run; raises RunConflict when one is already queued or running for the scope."""
    if date_from and date_to and date_from > date_to:
        raise ThemeRunError(_("The start date must be on or before the end date."))
    scope = scope_for(date_from, date_to)
    try:
        with write():
            run = ThemeRun(
                scope=scope,
                date_from=date_from,
                date_to=date_to,
                status=RunStatus.QUEUED,
                active_scope=scope,
                message="Waiting for the job runner",
                created_by_id=actor_id,
            )
            db.session.add(run)
            db.session.flush()
            audit.record("theme_run.start", actor_id, run, scope=scope)
    except IntegrityError:
        existing = active_run(scope)
        raise RunConflict(existing.id if existing else 0) from None
    if enqueue:
        _enqueue(run.id)
    return run


def _enqueue(run_id: int) -> None:
    run_theme_job(run_id)


def recover(pending_run_ids: set[int] | None = None) -> list[int]:
    """Put orphaned runs back in the queue: running ones whose worker died, and queued ones
    whose job is not in the queue (pass the run ids the queue holds). Returns the run ids."""
    requeue = []
    with write():
        for run in db.session.scalars(select(ThemeRun).where(ThemeRun.status.in_(list(ACTIVE_RUN_STATUSES)))):
            if run.status == RunStatus.RUNNING and _orphaned(run):
                run.status = RunStatus.QUEUED
                run.claimed_by = None
                run.message = "Restarting after the job runner stopped"
                requeue.append(run.id)
            elif run.status == RunStatus.QUEUED and pending_run_ids is not None and run.id not in pending_run_ids:
                requeue.append(run.id)
    for run_id in requeue:
        _enqueue(run_id)
    return requeue


def run_from_cli(wait: bool) -> ThemeRun:
    """`flask themes run`: re-queue an orphaned all-notes run, or start one; with wait, run it here."""
    existing = active_run(ALL_SCOPE)
    if existing is not None:
        if existing.status == RunStatus.RUNNING and _orphaned(existing):
            with write():
                db.session.refresh(existing)
                existing.status = RunStatus.QUEUED
                existing.claimed_by = None
        elif existing.status == RunStatus.RUNNING:
            raise RunConflict(existing.id)
        run = existing
        if not wait:
            _enqueue(run.id)
    else:
        run = start_run(None, enqueue=not wait)
    if wait:
        execute_run(run.id)
    db.session.expire_all()
    return get_run(run.id)


def notes_saved(note_ids: list[int], *, replace: bool = False) -> None:
    """Call after saving notes, once their write() has committed (the capture service does, for
    the form, the import, the API and note edits). Marks them as waiting for provisional themes
    and makes sure one job is queued to place them. `replace`: the text changed, so the note's
    model-made places in the current run go first. A queue that is down never undoes a save."""
    if not note_ids:
        return
    try:
        mark_pending(note_ids, replace)
        queue_provisional()
    except Exception:
        log.exception("could not queue provisional themes for %s notes", len(note_ids))


def queue_provisional() -> bool:
    """Queue the provisional job unless one is already queued. Returns whether this call queued it."""
    if not huey.put_if_empty(PROVISIONAL_QUEUED, "1"):
        return False
    try:
        assign_provisional_job()
    except Exception:
        huey.get(PROVISIONAL_QUEUED)  # not queued after all: let the next save try
        raise
    return True


def assign_provisional(note_ids: list[int], replace: bool = False) -> int:
    """Mark these notes and place every waiting note now, in this process (the CLI, tests)."""
    mark_pending(note_ids, replace)
    return assign_pending()
