"""SQLite behaviour that a multi-worker web app needs.

WAL lets readers run beside one writer; foreign keys are off by default in
SQLite; a busy timeout makes writers queue instead of failing. Write
transactions begin IMMEDIATE (see services.tx) so two writers never deadlock
upgrading a read lock; plain reads begin deferred so readers never queue.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

IMMEDIATE = "hark_begin_immediate"


def create_private(path: str | Path) -> None:
    """Make the file owner-only (0600) before SQLite first opens it. SQLite gives its -wal and
    -shm files the database file's mode, so residents' words are never world-readable on disk."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _python_casefold(value):
    """SQL casefold() on SQLite: Unicode case folding (SQLite's lower() folds ASCII only)."""
    return value.casefold() if isinstance(value, str) else value


class casefold(GenericFunction):
    """casefold(x) in SQL: Unicode case folding on every database, for searches that must find
    Łukasz, Ömer or Émile whatever case they were typed in. SQLite runs the Python function
    registered on each connection below; PostgreSQL's lower() already folds Unicode."""

    type = String()
    inherit_cache = True


@compiles(casefold, "postgresql")
def _casefold_postgresql(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name != "sqlite":
        return
    if engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        create_private(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control from the driver so "begin" below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.create_function("casefold", 1, _python_casefold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(IMMEDIATE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
