"""Health that tells the truth: /healthz stays minimal and public; /healthz/detail (an admin or the
HEALTH_TOKEN) reports each check; the admin page shows the same and the job queue, with retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from listening.domain import Role
from listening.extensions import db, huey
from listening.services import operations, privacy
from listening.services.core import runner
from listening.services.operations import tasks as operations_tasks
from tests.pages import PageClient

TOKEN = "health-token-for-tests"


@pytest.fixture
def settings(app):
    saved = {k: app.config[k] for k in ("HEALTH_TOKEN", "BACKUP_DIR", "HEARTBEAT_MAX_AGE_SECONDS")}
    app.config["HEALTH_TOKEN"] = TOKEN
    yield app.config
    app.config.update(saved)


@pytest.fixture
def migrated(app, runner):
    """The test database is built by create_all: record it at head as `flask db upgrade` would."""
    assert runner.invoke(args=["db", "stamp", "head"]).exit_code == 0
    yield
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _detail(client, token=TOKEN):
    response = client.raw.get("/healthz/detail", headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.get_json()


def _states(body):
    return {c["name"]: c["state"] for c in body["checks"]}


def test_healthz_is_public_and_says_only_ok(client):
    response = client.raw.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_detail_needs_the_token_or_an_admin(app, client, settings, sign_in, make):
    assert client.raw.get("/healthz/detail").status_code == 302  # signed out, no token: sign in
    assert client.raw.get("/healthz/detail", headers={"Authorization": "Bearer wrong"}).status_code == 302
    settings["HEALTH_TOKEN"] = ""
    assert client.raw.get("/healthz/detail", headers={"Authorization": "Bearer "}).status_code == 302  # unset: no token works
    settings["HEALTH_TOKEN"] = TOKEN
    status, body = _detail(client)
    assert set(_states(body)) == {"database", "migrations", "queue", "worker", "purge", "backup", "disk"}
    sign_in(Role.STAFF)
    assert client.raw.get("/healthz/detail").status_code == 403
    admin = PageClient(app.test_client())
    admin.sign_in(make.user(Role.ADMIN).email, make.PASSWORD)
    assert admin.raw.get("/healthz/detail").status_code in (200, 503)


def test_every_check_green_when_all_is_well(app, client, settings, migrated, tmp_path):
    settings["BACKUP_DIR"] = str(tmp_path / "backups")
    with app.app_context():
        runner._beat()  # a consumer's heartbeat, as core.runner writes it
        privacy.purge_raw_text()
        operations.backup.create(tmp_path / "backups")
    status, body = _detail(client)
    assert status == 200 and body["status"] == "ok", body
    assert set(_states(body).values()) == {"ok"}


def test_each_problem_turns_its_check_red(app, client, settings, tmp_path):
    settings["BACKUP_DIR"] = str(tmp_path / "none-yet")
    with app.app_context():
        old = (datetime.now(UTC) - timedelta(minutes=10)).timestamp()
        huey.put(runner.RUNNERS_KEY, {"gone:1": {"at": old, "workers": 1, "executing": []}})
    status, body = _detail(client)
    states = _states(body)
    assert status == 503 and body["status"] == "failing"
    assert states["migrations"] == "failing"  # never upgraded
    assert states["worker"] == "failing" and "stopped" in {c["name"]: c["detail"] for c in body["checks"]}["worker"]
    assert states["backup"] == "warning" and states["purge"] == "warning"  # not run yet: look, do not page
    with app.app_context():  # an old backup is a failure
        made = operations.backup.create(tmp_path / "none-yet")
    settings["BACKUP_MAX_AGE_HOURS"] = 0
    try:
        assert _states(_detail(client)[1])["backup"] == "failing", made
    finally:
        settings["BACKUP_MAX_AGE_HOURS"] = 26


def test_the_admin_page_shows_the_checks_and_retries_a_failed_job(app, client, settings, sign_in):
    sign_in(Role.ADMIN)
    settings["BACKUP_DIR"] = "/dev/null/cannot-be-a-folder"  # the nightly job fails: no such folder can exist
    with app.app_context():
        operations_tasks.scheduled_backup_job()
    page = client.get("/admin/health")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for label in ("Database", "Job runner", "Retention purge", "Backups", "Disk space", "Failed jobs"):
        assert label in html
    assert "scheduled_backup_job" in html and "NotADirectoryError" in html
    with app.app_context():
        job = operations.jobs.failed()[0]
    settings["BACKUP_DIR"] = ""  # fixed: the retry succeeds (it skips without a folder)
    response = client.submit(f"/admin/health/jobs/{job.id}/retry", {}, form_url="/admin/health")
    assert response.status_code == 302
    with app.app_context():
        assert [j for j in operations.jobs.failed() if j.id == job.id] == []
    again = client.submit(f"/admin/health/jobs/{job.id}/retry", {}, form_url="/admin/health")
    assert again.status_code == 302  # gone already: a message, not an error
