"""Honest states (issue 17, "The run page says Queued while its bar shows 68 %"): the status a run
shows agrees with its progress, on the page and in the status the page polls."""

from __future__ import annotations

from listening.domain import Role, RunStatus
from listening.extensions import db
from listening.models import ThemeRun
from listening.services.core import write
from tests import factories
from tests.factories import PASSWORD


def test_a_queued_run_with_progress_is_shown_as_running(app, client):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        with write():
            run = ThemeRun(scope="all", status=RunStatus.QUEUED, progress=68, message="embedding")
            db.session.add(run)
        run_id, email = run.id, organiser.email
    client.sign_in(email, PASSWORD)
    page = client.page(f"/themes/runs/{run_id}")
    tag = page.select_one("[data-run-status]")
    assert tag.get_text(strip=True) == "Running" and "Queued" not in tag.get_text()
    assert page.find("progress")["value"] == "68"
    assert client.get(f"/themes/runs/{run_id}/status.json").get_json()["status"] == "running"
    with app.app_context(), write():
        db.session.get(ThemeRun, run_id).progress = 0
    assert client.page(f"/themes/runs/{run_id}").select_one("[data-run-status]").get_text(strip=True) == "Queued"
