"""A throwaway PostgreSQL database on a shared server, so parallel test runs and benches never
share tables (used by the test fixtures, the reliability harness and bench/)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text


def postgres_database(base_url: str, prefix: str) -> tuple[str, Callable[[], None]]:
    """Create a database named `prefix` + a random suffix next to `base_url`'s; return its URL and
    a function that drops it (closing anything still connected)."""
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base_url.rsplit("/", 1)[0] + "/" + name, drop
