"""Fast variants of the load and crash harness (bench/load.py has the full figures): a real
gunicorn with 4 workers on 127.0.0.1 over a SQLite file (WAL)."""

from __future__ import annotations

import pytest

from tests.reliability import harness

pytestmark = pytest.mark.slow


@pytest.fixture
def site():
    site = harness.sqlite_site()
    site.setup()
    site.start()
    yield site
    site.stop()


def test_five_writers_lose_nothing_and_duplicate_nothing(site):
    log, _ = harness.run_writers(site, writers=5, seconds=10)
    verdict = harness.verify(site, log)
    assert verdict.acked_notes > 0
    assert (verdict.lost_notes, verdict.duplicate_sessions, verdict.server_errors, verdict.integrity) == (0, 0, 0, "ok")


def test_one_idempotency_key_fifty_times_at_once_makes_one_session(site):
    statuses, ids = harness.idempotent_burst(site, 50)
    assert len(ids) == 1, (statuses, ids)
    assert not [s for s in statuses if s >= 500], statuses


def test_killed_workers_and_master_lose_no_acknowledged_note(site):
    log, kills = harness.run_writers(site, writers=3, seconds=12, kills=5)
    verdict = harness.verify(site, log)
    assert kills == 5 and verdict.acked_notes > 0
    assert (verdict.lost_notes, verdict.duplicate_sessions, verdict.integrity) == (0, 0, "ok")
