"""A queued theme run says what it waits for, and jumps ahead of routine jobs (real consumer; slow)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from listening.domain import Role, RunStatus
from listening.extensions import huey
from listening.services import themes
from listening.services.core import ping
from tests import factories

pytestmark = pytest.mark.slow


def _wait_for(app, run_id, statuses, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            run = themes.get_run(run_id)
            if run.status in statuses:
                return run.status
        time.sleep(0.3)
    log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"run {run_id} did not reach {statuses}; consumer log:\n{log}")


def _ancestors(pid):
    found = []
    while pid > 1 and len(found) < 5:
        status = Path(f"/proc/{pid}/status").read_text()
        pid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        found.append(pid)
    return found


def test_a_queued_run_says_what_it_waits_for_and_goes_first(app, queue, client, sign_in):
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        factories.corpus(ward, repeat=2)
        for _ in range(3):
            ping()  # routine jobs queued first
        run = themes.start_run(None)
        run_id = run.id
        assert [t.name for t in huey.pending()] == ["run_theme_job", "ping", "ping", "ping"]  # the run goes first

    sign_in(Role.ORGANISER)
    page = client.page(f"/themes/runs/{run_id}").get_text(" ")
    assert "the job runner is not running, so this run cannot start" in page
    assert "the job runner is not running" in client.get(f"/themes/runs/{run_id}/status.json").get_json()["message"]

    consumer = queue()  # one consumer, one worker
    assert _wait_for(app, run_id, {RunStatus.RUNNING, RunStatus.DONE}) == RunStatus.RUNNING
    with app.app_context():
        # The analysis runs in a process the consumer started (through its fork server), which exits
        # afterwards, so its memory comes back.
        analysis_pid = int(themes.get_run(run_id).claimed_by.rpartition(":")[2])
        assert analysis_pid != consumer.process.pid
        assert consumer.process.pid in _ancestors(analysis_pid)
        second = themes.start_run(None, date(2026, 1, 1), date(2026, 12, 31))
        second_id = second.id
        # Runs go one at a time: the second waits for the one under way, whatever the free workers.
        assert themes.waiting_for(second) == ("Waiting for the theme run under way to finish: runs go one at a "
                                              "time, and this one starts straight after it.")
    assert "Waiting for the theme run under way to finish" in client.page(f"/themes/runs/{second_id}").get_text(" ")

    assert _wait_for(app, run_id, {RunStatus.DONE, RunStatus.FAILED}) == RunStatus.DONE
    assert _wait_for(app, second_id, {RunStatus.DONE, RunStatus.FAILED}) == RunStatus.DONE
    assert not Path(f"/proc/{analysis_pid}").exists()  # the child has exited
