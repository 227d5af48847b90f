"""A theme run in its own process, so the memory the analysis takes (1-2 GB at city scale: the
embeddings, the clustering's distance matrix, torch's buffers) goes back to the system when it
ends; a long-lived consumer never gives freed heap back on its own.

The consumer's task starts `python -m listening.run_child RUN_ID PARENT_PID` and waits. The child
asks Linux to kill it if the consumer dies (so a killed consumer leaves an orphaned run that the next
consumer re-queues, as before), claims the run and executes it exactly as in-process.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ThemeRun
from listening.services.core import audit, write
from listening.services.themes.results import finish

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
PR_SET_PDEATHSIG = 1


def run_in_child(run_id: int) -> RunStatus | None:
    """Execute a queued run in a child process and wait for it. Returns the run's status after."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module, ids only
        [sys.executable, "-m", "listening.run_child", str(run_id), str(os.getpid())], env=env, cwd=ROOT
    )
    code = child.wait()
    db.session.rollback()
    run = db.session.get(ThemeRun, run_id)
    db.session.refresh(run)
    if code != 0 and run.status == RunStatus.RUNNING and run.claimed_by == f"{socket.gethostname()}:{child.pid}":
        _child_died(run_id, code)  # killed mid-run (out of memory, say): say so now, not after 15 minutes
        db.session.refresh(run)
    return run.status


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


def die_with_parent(parent_pid: int) -> None:
    """In the child: be killed when the consumer that started it dies (Linux), and stop at once
    if it is already gone."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the consumer's death leaves the child running
        log.info("parent-death signal not available")
    if os.getppid() != parent_pid:
        os._exit(1)
