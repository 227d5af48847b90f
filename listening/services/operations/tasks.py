"""Operations' background work: the nightly backup with its retention, and the consumer's
heartbeat. The worker entry point imports this.

The heartbeat is written by a thread the consumer starts (Huey's own periodic tasks run at most
once a minute, and a long theme run would hold up a heartbeat queued as a job): it proves a
consumer process is alive and can reach the queue's storage, which is where the web reads it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime

from listening.extensions import huey
from listening.services.core import in_app_context, worker_app
from listening.services.operations import backup

log = logging.getLogger(__name__)
HEARTBEAT_KEY = "hark:worker-heartbeat"
_beating = threading.Event()


def _backup_due(now: datetime) -> bool:
    """Huey asks this once a minute: is it the configured backup time (BACKUP_HOUR:30 UTC)?"""
    app = worker_app()
    hour = app.config["BACKUP_HOUR"] if app is not None else 2
    return now.hour == hour and now.minute == 30


@huey.periodic_task(_backup_due)
@in_app_context
def scheduled_backup_job() -> int:
    """Daily: take a backup into BACKUP_DIR, then keep only the newest BACKUP_KEEP (older ones,
    with any erased note or purged raw text they still hold, are deleted)."""
    return run_scheduled_backup()


def run_scheduled_backup() -> int:
    from flask import current_app

    root = current_app.config["BACKUP_DIR"]
    if not root:
        log.warning("scheduled backup skipped: BACKUP_DIR is not set")
        return 0
    made = backup.create(root)
    gone = backup.prune(root, current_app.config["BACKUP_KEEP"])
    log.info("backup written", extra={"backup": made.path.name, "pruned": len(gone)})
    return len(gone)


# ---- heartbeat ----------------------------------------------------------------------------------


def beat() -> None:
    huey.put(HEARTBEAT_KEY, {"at": datetime.now(UTC), "host": socket.gethostname(), "pid": os.getpid()})


def last_heartbeat() -> dict | None:
    try:
        return huey.get(HEARTBEAT_KEY, peek=True)
    except Exception:
        log.warning("could not read the worker heartbeat from the queue")
        return None


def _beat_forever(seconds: float) -> None:
    while True:
        try:
            beat()
        except Exception:
            log.exception("worker heartbeat not written")
        time.sleep(seconds)


@huey.on_startup()
def start_heartbeat() -> None:
    """Once per consumer process: a daemon thread writes the heartbeat every HEARTBEAT_SECONDS."""
    app = worker_app()
    if app is None or _beating.is_set():
        return
    _beating.set()
    seconds = float(app.config["HEARTBEAT_SECONDS"])
    threading.Thread(target=_beat_forever, args=(seconds,), name="hark-heartbeat", daemon=True).start()


__all__ = ["HEARTBEAT_KEY", "beat", "last_heartbeat", "run_scheduled_backup", "scheduled_backup_job"]
