"""Operations' background work: the nightly backup with its retention. The worker entry point
imports this. (The consumer's heartbeat is core.runner's: a thread each consumer starts.)"""

from __future__ import annotations

import logging
from datetime import datetime

from listening.extensions import huey
from listening.services.core import in_app_context, worker_app
from listening.services.operations import backup

log = logging.getLogger(__name__)


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
