"""Write transactions.

On SQLite a write transaction must begin IMMEDIATE: a deferred one that reads
first and writes later fails with "database is locked" when another writer got
in between, whatever the busy timeout. Reads stay deferred so they never queue.

PostgreSQL lets writers run side by side; `one_at_a_time` makes a write that
reads what others wrote before deciding (publishing a briefing) wait its turn.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from listening.database import IMMEDIATE
from listening.extensions import db


@contextmanager
def write() -> Iterator[Session]:
    session = db.session()  # the request-scoped Session itself
    if session.in_transaction():
        # End the read transaction; a deferred one cannot be upgraded safely.
        session.commit()
    session.connection(execution_options={IMMEDIATE: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def one_at_a_time(name: str) -> None:
    """Inside `write()`: wait until no other transaction holds `name`, then hold it until this one
    ends. On PostgreSQL a transaction-scoped advisory lock, so every statement after it reads what
    the previous holder committed; on SQLite the IMMEDIATE transaction already holds every writer."""
    session = db.session()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(name.encode())})
