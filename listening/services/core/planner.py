"""Fresh planner statistics after the changes that rewrite many rows (PostgreSQL).

PostgreSQL plans every query from table statistics that only ANALYZE refreshes. Autovacuum does it
a minute or more after a change, and never where it is turned off (as on the test machines). Right
after a theme run lands, or after a big ingest, the statistics describe the tables as they were:
the planner took a new run's themes and 4,800 sessions for one or two rows and chose nested loops,
so gathering a briefing's facts took 3.6 s instead of 0.34 s at 24,000 notes (docs/performance.md).
The jobs that write many rows call `refresh_statistics()` when they finish: it analyses only the
tables changed by more than a tenth since they were last analysed (autovacuum's own rule), and
skips when another process is already doing it. SQLite plans well enough without statistics.
"""

from __future__ import annotations

import logging
import zlib

from sqlalchemy import text

from listening.extensions import db

log = logging.getLogger(__name__)

# The tables a briefing, a theme run and the counts read most, whose size grows with the notes.
TABLES = ("notes", "listening_sessions", "note_themes", "themes", "theme_runs", "provisional_pending")
_LOCK = zlib.crc32(b"hark.planner-statistics")
# Autovacuum's default: analyse after 50 rows plus a tenth of the table have changed.
_BASE, _SCALE = 50, 0.1


def stale_tables() -> list[str]:
    """Hark's big tables whose statistics are out of date (PostgreSQL; [] on SQLite)."""
    if db.engine.dialect.name != "postgresql":
        return []
    session = db.session()
    if session.get_bind().dialect.server_version_info >= (15,):
        # This process's own recent writes (a run's results, say) count once they are flushed, which
        # happens when the connection next waits for a query; other connections flush within a second.
        session.execute(text("SELECT pg_stat_force_next_flush()"))
        session.commit()
    rows = session.execute(
        text("SELECT relname, n_live_tup, n_mod_since_analyze, last_analyze, last_autoanalyze "
             "FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ANY(:names)"),
        {"names": list(TABLES)},
    ).all()
    session.rollback()
    return sorted(
        name for name, live, changed, analysed, auto in rows
        if changed > _BASE + _SCALE * live or (analysed is None and auto is None and live + changed > 0)
    )


def refresh_statistics(written: tuple[str, ...] = ()) -> list[str]:
    """ANALYZE the stale tables (see the module's note) and those in `written`, which the caller has
    just rewritten (the counts of other connections reach PostgreSQL's statistics up to a second
    late, so a caller that knows says so); returns their names. Never raises: stale statistics make
    queries slower, never wrong."""
    try:
        if db.engine.dialect.name != "postgresql":
            return []
        stale = sorted(set(stale_tables()) | {name for name in written if name in TABLES})
        if not stale:
            return []
        session = db.session()
        if not session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _LOCK}).scalar():
            session.rollback()
            return []  # another process is analysing them now
        for name in stale:  # names from the fixed list above, never from input
            session.execute(text(f"ANALYZE {name}"))
        session.commit()
        log.info("planner statistics refreshed: %s", ", ".join(stale))
        return stale
    except Exception as error:  # an owner-less role or a busy table: the next job tries again
        db.session.rollback()
        log.warning("planner statistics not refreshed (%s)", type(error).__name__)
        return []
