"""Theme runs: start one, claim and execute it in a Huey worker, report progress, cancel it,
and put back runs whose worker died.

A run's results land in one write() (theme_results.store_results): until that moment the last
good run stays current, so a run that fails or whose worker is killed changes nothing anyone
sees. Progress is written in separate short transactions.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme, Theme, ThemeRun, Ward
from listening.models.base import utcnow
from listening.services.core import audit, live_note, refresh_statistics, themeable, write
from listening.services.themes import analysis, provisional
from listening.services.themes.queries import ALL_SCOPE, current_run, get_run
from listening.services.themes.results import RunCancelled, finish, store_results

log = logging.getLogger(__name__)

MIN_NOTES = 10  # below this there is nothing to find themes in
STALE_AFTER = timedelta(minutes=15)  # a running run without a heartbeat this long is orphaned


class ThemeRunError(ValueError):
    """A request about theme runs that cannot be carried out; the message is safe to show."""


class RunConflict(ThemeRunError):
    def __init__(self, run_id: int):
        super().__init__(_("A theme run for these notes is already queued or running."))
        self.run_id = run_id


class RunFailed(Exception):
    """A failure with a plain-English reason for the organiser."""


# ---- starting, cancelling ------------------------------------------------------------------


def request_cancel(run: ThemeRun, actor_id: int | None) -> ThemeRun:
    with write():
        db.session.refresh(run)
        if run.status == RunStatus.QUEUED:
            finish(run, RunStatus.CANCELLED, message="Cancelled before it started")
        elif run.status == RunStatus.RUNNING:
            run.cancel_requested = True
            run.message = "Stopping at the next step"
        else:
            raise ThemeRunError(_("This run has already finished."))
        audit.record("theme_run.cancel", actor_id, run)
    return run


# ---- executing (in the worker) ---------------------------------------------------------------


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_run(run_id: int) -> bool:
    """Move a queued run to running, atomically: a second copy of the job finds nothing to do."""
    now = utcnow()
    with write():
        claimed = db.session.execute(
            update(ThemeRun)
            .where(ThemeRun.id == run_id, ThemeRun.status == RunStatus.QUEUED)
            .values(
                status=RunStatus.RUNNING,
                claimed_by=_worker_id(),
                started_at=now,
                heartbeat_at=now,
                progress=1,
                message="Starting",
                attempts=ThemeRun.attempts + 1,
            )
        ).rowcount
    return bool(claimed)


def _progress(run_id: int, fraction: float, message: str) -> None:
    """Write progress in its own short transaction, and stop if someone asked to cancel."""
    with write():
        cancel = db.session.scalar(select(ThemeRun.cancel_requested).where(ThemeRun.id == run_id))
        if not cancel:
            db.session.execute(
                update(ThemeRun)
                .where(ThemeRun.id == run_id)
                .values(progress=max(1, min(99, int(fraction * 100))), message=message[:200], heartbeat_at=utcnow())
            )
    if cancel:
        raise RunCancelled()


def _documents(run: ThemeRun) -> list[analysis.NoteDoc]:
    query = (
        select(Note.id, Note.text, Note.kind, Note.consent, Ward.code, Note.held_on, Note.session_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        .where(live_note(), themeable())  # a note without its English is not themed (needs a translation)
        .order_by(Note.id)
    )
    if run.date_from:
        query = query.where(Note.held_on >= run.date_from)
    if run.date_to:
        query = query.where(Note.held_on <= run.date_to)
    docs = []
    for note_id, text, kind, consent, code, held_on, session_id in db.session.execute(
            query.execution_options(yield_per=1000)):
        if text and text.strip():
            docs.append(
                analysis.NoteDoc(note_id, text, kind.value, code, consent.value, held_on.strftime("%Y-%m"), session_id)
            )
    return docs


def _earlier_themes() -> list[analysis.Earlier]:
    current = current_run()
    if current is None:
        return []
    rows = db.session.scalars(select(Theme).where(Theme.run_id == current.id, Theme.centroid.is_not(None)))
    # Each theme's notes (main theme only): when few notes changed, the analysis keeps the themes.
    members: dict[int, list[int]] = {}
    placed = select(NoteTheme.theme_id, NoteTheme.note_id).join(Theme, Theme.id == NoteTheme.theme_id)
    for theme_id, note_id in db.session.execute(placed.where(Theme.run_id == current.id, NoteTheme.rank == 0)):
        members.setdefault(theme_id, []).append(note_id)
    return [
        analysis.Earlier(t.key, t.model_label or t.label, list(t.centroid), t.locked, tuple(members.get(t.id, ())))
        for t in rows
    ]


def execute_run(run_id: int) -> RunStatus | None:
    """Run the analysis for a queued run. Safe to call twice: only one caller claims it."""
    if not claim_run(run_id):
        return None
    run = get_run(run_id)
    config = current_app.config
    try:
        _progress(run_id, 0.02, "Reading the notes")
        docs = _documents(run)
        if run.scope == ALL_SCOPE:
            provisional.hand_over(run)  # the notes waiting for provisional themes are read: this run themes them
        _test_gate(config.get("THEME_RUN_GATE"))
        if len(docs) < MIN_NOTES:
            raise RunFailed(
                f"There are only {len(docs)} notes in this scope; a theme run needs at least {MIN_NOTES}. "
                "Add more listening sessions or choose a wider date range."
            )
        earlier = _earlier_themes()
        _progress(run_id, 0.05, "Finding themes")
        result = analysis.run(
            docs,
            seed=run.seed,
            cache_dir=config["EMBEDDING_CACHE_DIR"],
            min_quote_group=config["SUPPRESSION_THRESHOLD"],
            earlier=earlier,
            progress=lambda fraction, message: _progress(run_id, 0.05 + 0.85 * fraction, message),
        )
        log.info("theme run %s stats %s", run_id, json.dumps(result.stats, default=float))
        _progress(run_id, 0.92, "Saving the model")
        model_path = Path(config["MODEL_DIR"]) / f"run-{run_id}"
        result.save(model_path)
        _progress(run_id, 0.96, "Saving the themes")
        store_results(run_id, result, str(model_path), note_count=len(docs))
        refresh_statistics(written=("themes", "note_themes"))  # new to PostgreSQL's planner
        return RunStatus.DONE
    except RunCancelled:
        _end(run_id, RunStatus.CANCELLED, message="Cancelled")
        return RunStatus.CANCELLED
    except RunFailed as failure:
        _end(run_id, RunStatus.FAILED, message="Failed", error=str(failure))
        return RunStatus.FAILED
    except Exception as exc:
        log.exception("theme run %s failed", run_id)
        _end(
            run_id,
            RunStatus.FAILED,
            message="Failed",
            error=f"The analysis stopped because of an unexpected problem ({type(exc).__name__}). "
            "Nothing has changed: the previous themes and briefings are as they were. "
            "Try again; if it fails again, tell your administrator.",
        )
        return RunStatus.FAILED


def _test_gate(path: str | None) -> None:
    """Tests that start a real consumer (ConsumerTestConfig only) hold a run here, after it has read
    its notes, until they create the file (the run creates `<path>.reached` when it gets here)."""
    if path:
        Path(f"{path}.reached").touch()
    deadline = time.monotonic() + 600
    while path and not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def _end(run_id: int, status: RunStatus, **kwargs) -> None:
    db.session.rollback()
    with write():
        run = db.session.get(ThemeRun, run_id)
        finish(run, status, **kwargs)
        audit.record(f"theme_run.{status.value}", None, run)


# ---- recovery, CLI ------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed run process whose parent died too is a zombie until something reaps it (a
    # container's PID 1 often never does): it answers signal 0 but is not running.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _orphaned(run: ThemeRun) -> bool:
    """A running run whose worker has gone: dead on this host, or silent for too long."""
    if run.claimed_by:
        host, _sep, pid = run.claimed_by.rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            return True
    beat = run.heartbeat_at or run.started_at
    if beat is None:
        return True
    beat = beat if beat.tzinfo else beat.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - beat > STALE_AFTER


