"""Theme runs through the real Huey consumer (a subprocess on the test's database and queue).

Slow: the consumer loads the embedding model. A SIGKILLed consumer leaves the previous run
current and the published briefing untouched, and the run completes after a restart.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey.storage import SqliteStorage

from listening.domain import RunStatus
from listening.extensions import db, huey
from listening.services import themes
from listening.services.briefings import publishing as briefings
from tests import factories

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


class Consumer:
    def __init__(self, app):
        self.app = app
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "HARK_ENV": "consumer-test",
            "TEST_DATABASE_URL": self.app.config["SQLALCHEMY_DATABASE_URI"],
            "HARK_INSTANCE_PATH": str(self.app.instance_path),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "PYTHONPATH": str(ROOT),
        }
        log = open(Path(self.app.instance_path) / "consumer.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "huey_consumer"), "listening.worker.huey", "--workers", "1", "-d", "0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        return self

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def queue(app):
    """Bind this process's Huey to the file queue the consumer reads, then put it back."""
    storage = SqliteStorage(huey.name, filename=str(Path(app.instance_path) / "huey.db"))
    storage.flush_all()
    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = storage, False
    consumers = []
    yield lambda: consumers.append(Consumer(app).start()) or consumers[-1]
    for consumer in consumers:
        consumer.stop()
    huey.storage, huey._immediate = saved


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
