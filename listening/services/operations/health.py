"""What /healthz/detail and the admin's health page report: each check with its state.

A check is "ok", "warning" (needs a look, nothing is broken yet: no backup folder configured, no
purge recorded yet) or "failing" (page someone). The page answers 503 when any check fails.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text

from listening.extensions import db, huey, migrate
from listening.models import AuditEvent
from listening.services.core import database_ok, last_beat
from listening.services.operations import backup

OK, WARNING, FAILING = "ok", "warning", "failing"
PURGE_ACTION = "privacy.raw_purged"


@dataclass(frozen=True)
class Check:
    name: str  # stable, for machines
    label: str  # for people
    state: str
    detail: str


def _age(at: datetime | None, now: datetime) -> timedelta | None:
    if at is None:
        return None
    if at.tzinfo is None:  # SQLite returns naive UTC
        at = at.replace(tzinfo=UTC)
    return now - at


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _database() -> Check:
    ok = database_ok()
    return Check("database", str(_l("Database")), OK if ok else FAILING,
                 str(_l("Answering")) if ok else str(_l("Not answering")))


def _migrations() -> Check:
    label = str(_l("Database migrations"))
    try:
        head = ScriptDirectory.from_config(migrate.get_config()).get_current_head()
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        db.session.rollback()
        return Check("migrations", label, FAILING, str(_l("No migration recorded: run flask db upgrade")))
    if current != head:
        return Check("migrations", label, FAILING,
                     str(_l("At %(current)s, code expects %(head)s: run flask db upgrade", current=current, head=head)))
    return Check("migrations", label, OK, str(_l("At the latest revision (%(head)s)", head=head)))


def _queue() -> Check:
    label = str(_l("Job queue"))
    try:
        pending = huey.pending_count()
    except Exception:
        return Check("queue", label, FAILING, str(_l("The queue's storage cannot be reached")))
    return Check("queue", label, OK, str(_l("%(num)s jobs waiting", num=pending)))


def _worker(now: datetime) -> Check:
    label = str(_l("Job runner"))
    limit = timedelta(seconds=current_app.config["HEARTBEAT_MAX_AGE_SECONDS"])
    beat = last_beat()
    age = _age(datetime.fromtimestamp(beat, UTC), now) if beat else None
    if age is None:
        return Check("worker", label, FAILING, str(_l("No heartbeat: is the job runner (huey_consumer) started?")))
    if age > limit:
        return Check("worker", label, FAILING,
                     str(_l("Last heartbeat %(seconds)s seconds ago: the job runner has stopped", seconds=int(age.total_seconds()))))
    return Check("worker", label, OK, str(_l("Heartbeat %(seconds)s seconds ago", seconds=int(age.total_seconds()))))


def _purge(now: datetime) -> Check:
    label = str(_l("Retention purge"))
    at = db.session.scalar(select(AuditEvent.at).where(AuditEvent.action == PURGE_ACTION).order_by(AuditEvent.at.desc()).limit(1))
    age = _age(at, now)
    limit = timedelta(hours=current_app.config["PURGE_MAX_AGE_HOURS"])
    if age is None:
        return Check("purge", label, WARNING, str(_l("Not run yet (it runs daily at 03:17 UTC)")))
    state = OK if age <= limit else FAILING
    return Check("purge", label, state, str(_l("Last ran %(hours)s hours ago", hours=int(age.total_seconds() // 3600))))


def _backup(now: datetime) -> Check:
    label = str(_l("Backups"))
    root = current_app.config["BACKUP_DIR"]
    if not root:
        return Check("backup", label, WARNING, str(_l("BACKUP_DIR is not set: no scheduled backups")))
    found = backup.listing(root)
    if not found:
        return Check("backup", label, WARNING, str(_l("No backup yet (one is taken daily)")))
    age = _age(found[0].created_at, now)
    limit = timedelta(hours=current_app.config["BACKUP_MAX_AGE_HOURS"])
    state = OK if age <= limit else FAILING
    return Check("backup", label, state,
                 str(_l("Newest %(hours)s hours old, %(num)s kept", hours=int(age.total_seconds() // 3600), num=len(found))))


def _disk() -> Check:
    label = str(_l("Disk space"))
    usage = shutil.disk_usage(Path(current_app.instance_path))
    free_mb = usage.free // (1024 * 1024)
    state = OK if free_mb >= current_app.config["DISK_FREE_MIN_MB"] else FAILING
    return Check("disk", label, state, str(_l("%(mb)s MB free in instance/", mb=free_mb)))


def checks(now: datetime | None = None) -> list[Check]:
    now = now or datetime.now(UTC)
    found = []
    for name, check in (("database", _database), ("migrations", _migrations), ("queue", _queue),
                        ("worker", lambda: _worker(now)), ("purge", lambda: _purge(now)),
                        ("backup", lambda: _backup(now)), ("disk", _disk)):
        try:
            found.append(check())
        except Exception:  # one broken check must not hide the others
            db.session.rollback()
            found.append(Check(name, name, FAILING, str(_l("The check itself failed"))))
    db.session.rollback()  # end the read transaction: a monitor polls often
    return found


def overall(found: list[Check]) -> str:
    states = {c.state for c in found}
    return FAILING if FAILING in states else WARNING if WARNING in states else OK
