"""Write transactions.

On SQLite a write transaction must begin IMMEDIATE: a deferred one that reads
first and writes later fails with "database is locked" when another writer got
in between, whatever the busy timeout. Reads stay deferred so they never queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
