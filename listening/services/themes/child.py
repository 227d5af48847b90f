"""A theme run in its own process, so the memory the analysis takes (1-2 GB at city scale: the
embeddings, the clustering's distance matrix, torch's buffers) goes back to the system when it
ends; a long-lived consumer never gives freed heap back on its own.

The process is forked from a fork server (multiprocessing's "forkserver") that the consumer starts
once and that has imported the web app and the NLP libraries (torch, sentence-transformers, spaCy)
but holds no data: a run starts in about a second instead of re-importing them (20 s or more on a
busy machine), and its memory is returned when it exits. The run asks Linux to kill it if its
parent dies, and the fork server exits when the consumer dies (forkserver_watch), so a killed
consumer leaves an orphaned run that the next consumer re-queues, as before.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import threading

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ThemeRun
from listening.services.core import audit, worker_app, write
from listening.services.themes.results import finish
from listening.services.themes.runs import execute_run

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
# Imported once by the fork server, so every run's process starts with them loaded.
# listening.worker builds the consumer's app at import and binds it (core.worker_app); no connection
# is opened until a run uses it, and each run's process drops any pooled one it inherited.
# nlp.preload loads the redaction word lists, spaCy's lookup tables and BERTopic (issue 19: each
# run loaded them again, ~6 s of a warm run).
PRELOAD = ["listening.services.themes.forkserver_watch", "listening.worker", "nlp.pipeline", "nlp.embed", "torch",
           "sentence_transformers", "spacy", "nlp.preload"]
_context_lock = threading.Lock()
_context: list = []


def _forkserver():
    with _context_lock:
        if not _context:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context.append(ctx)
        return _context[0]


def run_in_child(run_id: int) -> RunStatus | None:
    """Execute a queued run in a child process and wait for it. Returns the run's status after."""
    child = _forkserver().Process(target=_run_here, args=(run_id,), name=f"hark-theme-run-{run_id}")
    child.start()
    child.join()
    code = child.exitcode
    db.session.rollback()
    run = db.session.get(ThemeRun, run_id)
    db.session.refresh(run)
    if code != 0 and run.status == RunStatus.RUNNING and run.claimed_by == f"{socket.gethostname()}:{child.pid}":
        _child_died(run_id, code)  # killed mid-run (out of memory, say): say so now, not after 15 minutes
        db.session.refresh(run)
    return run.status


def _run_here(run_id: int) -> None:
    """In the run's process: the consumer's app, a fresh connection pool, the run, then exit."""
    die_with_parent()
    # The run's stage timings and counts go to the consumer's log (numbers only, never words).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = worker_app()
    if app is None:
        raise RuntimeError("the fork server did not import listening.worker")
    with app.app_context():
        db.engine.dispose(close=False)  # never share a connection with the fork server
        execute_run(run_id)


def _child_died(run_id: int, code: int) -> None:
    with write():
        run = db.session.get(ThemeRun, run_id)
        if run.status != RunStatus.RUNNING:
            return
        killed = code < 0 and -code == signal.SIGKILL
        finish(
            run, RunStatus.FAILED, message="Failed",
            error="The analysis stopped because its process ended unexpectedly"
            + (" (it was stopped by the system, often for lack of memory)" if killed else "")
            + ". Nothing has changed: the previous themes and briefings are as they were. "
            "Try again; if it fails again, tell your administrator.",
        )
        audit.record("theme_run.failed", None, run)


def die_with_parent() -> None:
    """In the child: be killed when its parent (the fork server) dies (Linux), and stop at once if
    it is already gone."""
    parent_pid = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the consumer's death leaves the child running
        log.info("parent-death signal not available")
    if os.getppid() != parent_pid:
        os._exit(1)
