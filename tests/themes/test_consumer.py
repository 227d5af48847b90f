"""Theme runs through the real Huey consumer (a subprocess on the test's database and queue).

Slow: the consumer loads the embedding model. A SIGKILLed consumer leaves the previous run
current and the published briefing untouched, and the run completes after a restart.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from listening.domain import RunStatus
from listening.extensions import db
from listening.services import themes
from listening.services.briefings import publishing as briefings
from tests import factories

pytestmark = pytest.mark.slow


def _wait_for(app, run_id, statuses, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            run = themes.get_run(run_id)
            if run.status in statuses:
                return run.status, run.progress, run.error
        time.sleep(0.3)
    log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"run {run_id} did not reach {statuses}; consumer log:\n{log}")


def test_a_killed_consumer_changes_nothing_and_the_run_completes_after_restart(app, queue):
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(ward, repeat=2)
        previous = factories.store_run({k: v for k, v in ids.items()})
        organiser = factories.user(factories.Role.ORGANISER)
        briefing = briefings.create_draft(ward, organiser.id)
        briefings.publish(briefing, organiser.id)
        frozen = briefings.get(briefing.id).snapshot
        run = themes.start_run(organiser.id)  # queued in the file queue
        run_id, previous_id = run.id, previous.id

    first = queue()
    _wait_for(app, run_id, {RunStatus.RUNNING})
    first.kill()
    with app.app_context():
        db.session.expire_all()
        assert themes.get_run(run_id).status == RunStatus.RUNNING  # orphaned, not half-written
        assert themes.current_run().id == previous_id
        assert themes.themes_of(themes.get_run(run_id)) == []
        assert briefings.get(briefing.id).snapshot == frozen

    queue()  # a new consumer finds the orphaned run and finishes it
    status, progress, error = _wait_for(app, run_id, {RunStatus.DONE, RunStatus.FAILED})
    assert status == RunStatus.DONE, error
    with app.app_context():
        db.session.expire_all()
        done = themes.get_run(run_id)
        assert done.is_current and progress == 100 and done.active_scope is None and done.attempts == 2
        assert not themes.get_run(previous_id).is_current
        found = themes.themes_of(done)
        assert found and sum(t.size for t in found) >= done.note_count * 0.5
        assert briefings.get(briefing.id).snapshot == frozen  # published briefings never change
        assert Path(done.model_path).exists()
