"""PostgreSQL's planner learns the tables' sizes after the writes that change them most: without it,
a briefing's facts took 3.6 s instead of 0.34 s right after a theme run at 24,000 notes (the planner
took 4,800 sessions for 2 rows and chose nested loops). SQLite needs nothing and gets nothing."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import text

from listening.domain import RunStatus
from listening.extensions import db
from listening.services import themes
from listening.services.core import planner, refresh_statistics
from tests import factories


def _postgres(app) -> bool:
    return app.config["DATABASE_KIND"] == "postgresql"


def _changed(table: str) -> int:
    """Rows changed in `table` since it was last analysed, as PostgreSQL counts them."""
    db.session.execute(text("SELECT pg_stat_force_next_flush()"))
    db.session.commit()
    n = db.session.execute(text("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = :t"),
                           {"t": table}).scalar()
    db.session.rollback()
    return n or 0


def _until(check, seconds: float = 15) -> bool:
    """Each connection sends its counts within about a second of going idle."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _planned_rows(sql: str) -> int:
    plan = db.session.execute(text("EXPLAIN (FORMAT JSON) " + sql)).scalar()
    db.session.rollback()
    return int(plan[0]["Plan"]["Plan Rows"])


def _many_sessions(ward, sessions: int) -> None:
    for i in range(sessions):
        s = factories.session(ward, held_on=date(2026, 3, 1 + i % 28))
        factories.note(s, f"The library on street {i} should open later", "change")


def test_the_planner_knows_how_many_sessions_there_are_after_a_refresh(app_ctx):
    if not _postgres(app_ctx):
        assert planner.stale_tables() == [] and refresh_statistics() == []
        return
    refresh_statistics()  # whatever an earlier test left
    _many_sessions(factories.ward("E05011402", "Kirkstall"), 120)
    assert _until(lambda: {"notes", "listening_sessions"} <= set(planner.stale_tables()))

    assert {"notes", "listening_sessions"} <= set(refresh_statistics())
    assert _planned_rows("SELECT * FROM listening_sessions WHERE deleted_at IS NULL") == 120
    assert planner.stale_tables() == []
    assert refresh_statistics() == []  # nothing changed since: nothing analysed again


def test_a_few_more_rows_do_not_trigger_another_analyse(app_ctx):
    if not _postgres(app_ctx):
        pytest.skip("PostgreSQL only: SQLite keeps no planner statistics for Hark to refresh")
    ward = factories.ward("E05011402", "Kirkstall")
    _many_sessions(ward, 120)
    assert _until(lambda: _changed("listening_sessions") >= 120)
    assert "listening_sessions" in refresh_statistics()
    _many_sessions(ward, 3)  # under autovacuum's 50 rows + a tenth of the table
    assert _until(lambda: _changed("listening_sessions") >= 3)
    assert "listening_sessions" not in planner.stale_tables()


@pytest.mark.slow
def test_a_theme_run_leaves_its_themes_and_links_analysed(app_ctx):
    if not _postgres(app_ctx):
        pytest.skip("PostgreSQL only: SQLite keeps no planner statistics for Hark to refresh")
    factories.corpus(factories.ward("E05011402", "Kirkstall"), repeat=3)
    assert _until(lambda: _changed("notes") >= 54)
    refresh_statistics()
    run = themes.start_run(None, enqueue=False)
    assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
    assert not {"themes", "note_themes"} & set(planner.stale_tables())
    links = db.session.execute(text("SELECT count(*) FROM note_themes")).scalar()
    db.session.rollback()
    assert links > 0 and _planned_rows("SELECT * FROM note_themes") == links
