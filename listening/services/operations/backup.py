"""Backups that restore: a consistent copy of the database taken while the app runs, the saved
theme models beside it, and a manifest that says what a restore needs and checks what it copies.

SQLite uses the online backup API (one step, so the copy is a single consistent snapshot while
writers carry on in WAL mode); PostgreSQL uses pg_dump, which must be installed. The embedding
cache is left out: it is rebuilt from the notes when missing. SECRET_KEY and MFA_KEYS are never
in a backup (they live in the secret store); a restore needs the same values to open the sealed
authenticator secrets.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from listening.extensions import db
from listening.models import ListeningSession, Note, ThemeRun
from listening.services.core import live_note, write

PREFIX = "hark-"
MANIFEST = "manifest.json"
SQLITE_FILE = "hark.db"
PG_FILE = "hark.pgdump"
STAMP = "%Y%m%dT%H%M%S%fZ"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    created_at: datetime
    notes: int


def _live_notes():
    return select(func.count()).select_from(Note).join(ListeningSession, Note.session_id == ListeningSession.id).where(live_note())


def _engine_kind() -> str:
    return db.engine.dialect.name


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return Path(database)


def _libpq_target() -> tuple[str, dict]:
    """The database as pg_dump/pg_restore take it, with the password in the environment, not argv."""
    url = make_url(str(db.engine.url.render_as_string(hide_password=False)))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed. On PostgreSQL, backups use {name}: install the client tools that "
            "match the server's major version (Debian: apt-get install postgresql-client), or use your "
            "database host's own backups."
        )
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        db.session.rollback()
        return None


def _copy_database(work: Path) -> Path:
    if _engine_kind() == "sqlite":
        source = sqlite3.connect(f"file:{_sqlite_path()}?mode=ro", uri=True)
        target = sqlite3.connect(work / SQLITE_FILE)
        try:
            source.backup(target)  # pages=-1: one step, one snapshot
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The copy failed SQLite's integrity check; the database may be damaged.")
        finally:
            target.close()
            source.close()
        return work / SQLITE_FILE
    if _engine_kind() == "postgresql":
        target, env = _libpq_target()
        dump = work / PG_FILE
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), "--dbname", target],
            env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
        return dump
    raise BackupError(f"Backups of {_engine_kind()} databases are not supported; use its own tools.")


def create(root: Path | str) -> Backup:
    """Write one backup folder under `root` (hark-<UTC time>/) and return it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    final = root / f"{PREFIX}{now.strftime(STAMP)}"
    work = root / f".{final.name}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    try:
        notes = db.session.scalar(_live_notes())
        database = _copy_database(work)
        models = Path(current_app.config["MODEL_DIR"])
        if models.is_dir():
            shutil.copytree(models, work / "models")
        manifest = {
            "created_at": now.isoformat(),
            "database": _engine_kind(),
            "file": database.name,
            "sha256": _sha256(database),
            "migration": _revision(),
            "notes_at_start": notes,
            "models": (work / "models").is_dir(),
            "not_included": {
                "SECRET_KEY, MFA_KEYS": "from your secret store: the same values open the sealed sign-in secrets",
                "embedding cache": "rebuilt from the notes on the next theme run",
                "job queue": "queued jobs are not kept; a restored queued theme run is re-queued at start",
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        db.session.rollback()
    return Backup(final, now, notes)


def listing(root: Path | str) -> list[Backup]:
    """Complete backups under `root`, newest first (a folder without a manifest is not one)."""
    root = Path(root)
    found = []
    if not root.is_dir():
        return found
    for folder in root.glob(f"{PREFIX}*"):
        try:
            manifest = json.loads((folder / MANIFEST).read_text())
            found.append(Backup(folder, datetime.fromisoformat(manifest["created_at"]), manifest["notes_at_start"]))
        except (OSError, ValueError, KeyError):
            continue
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def prune(root: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (and any half-written ones); returns what went."""
    if keep < 1:
        raise BackupError("Keep at least one backup.")
    gone = [b.path for b in listing(root)[keep:]]
    gone += [p for p in Path(root).glob(f".{PREFIX}*.partial")]
    for path in gone:
        shutil.rmtree(path, ignore_errors=True)
    return gone


# ---- restore ------------------------------------------------------------------------------------


def _is_live() -> bool:
    """Does the configured database already hold any table? Restore only fills an empty one."""
    if _engine_kind() == "sqlite":
        path = _sqlite_path()
        if not path.exists() or path.stat().st_size == 0:
            return False
    return bool(inspect(db.engine).get_table_names())


def restore(source: Path | str) -> dict:
    """Restore a backup folder into this instance's empty database and model folder."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} is not a Hark backup folder (no readable {MANIFEST}).") from None
    kind = _engine_kind()
    if manifest["database"] != kind:
        raise BackupError(f"This backup is of a {manifest['database']} database; this instance uses {kind}.")
    database = source / manifest["file"]
    if not database.is_file() or _sha256(database) != manifest["sha256"]:
        raise BackupError(f"{database} is missing or does not match its checksum: the backup is damaged.")
    db.session.remove()
    if _is_live():
        raise BackupError(
            "This instance's database already has tables. Restore only into an empty database: "
            "create a new one (or move the old file away) and run restore again."
        )
    db.engine.dispose()
    if kind == "sqlite":
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        source_db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        target_db = sqlite3.connect(target)
        try:
            source_db.backup(target_db)
        finally:
            target_db.close()
            source_db.close()
    else:
        target, env = _libpq_target()
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", target, str(database)],
            env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
    _restore_models(source)
    notes = db.session.scalar(_live_notes())
    return {**manifest, "notes_restored": notes}


def _restore_models(source: Path) -> None:
    """Copy the saved theme models into this instance's MODEL_DIR and point the runs at them."""
    models = Path(current_app.config["MODEL_DIR"])
    if (source / "models").is_dir():
        shutil.copytree(source / "models", models, dirs_exist_ok=True)
    with write():
        for run in db.session.scalars(select(ThemeRun).where(ThemeRun.model_path.is_not(None))):
            moved = models / Path(run.model_path).name
            if run.model_path != str(moved) and moved.exists():
                run.model_path = str(moved)
