"""The consumer as `make run` starts it, with two workers (real consumer; slow): a theme run waits in
one worker for its child process while the other places provisional themes, so a session saved
during a long run gets its provisional themes without waiting for the run; two runs, or two
provisional jobs, never execute at once; however many sessions are saved, at most one provisional
job is queued, and every note gets its provisional theme.

The run is held after it has read its notes until the test opens a gate (ConsumerTestConfig's
THEME_RUN_GATE), so "while the run is under way" is a state, not a timing."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from listening.domain import Consent, NoteKind, Role, RunStatus, SessionFormat
from listening.extensions import db, huey
from listening.models import NoteTheme, Theme, ThemeRun
from listening.services import themes
from listening.services.capture import sessions as capture
from listening.services.core import write
from listening.services.themes import curation
from tests import factories

pytestmark = pytest.mark.slow

WORDS = [
    (NoteKind.CHANGE, "The buses to the hospital never come on time in the morning"),
    (NoteKind.LOVE, "The park is a lovely place for the children after school"),
    (NoteKind.CHANGE, "Too much litter and fly tipping on the back streets"),
]


def _until(app, check, what, timeout=600):
    """Poll `check()` (in an app context) until true; bounded, so a broken consumer fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            db.session.expire_all()
            if check():
                return
        time.sleep(0.2)
    log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-4000:]
    raise AssertionError(f"{what}; consumer log:\n{log}")


def _current_run(app):
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        factories.corpus(ward, repeat=2)
        run = themes.start_run(None, enqueue=False)
        assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
        return ward.id, run.id, factories.user(Role.STAFF)


def _save(staff, ward_id, i):
    data = capture.SessionInput(ward_id=ward_id, held_on=date(2026, 3, 1 + i % 28), venue=f"Hall {i}",
                                format=SessionFormat.DROP_IN)
    notes = [capture.NoteInput(kind, f"{text} ({i})", Consent.QUOTE) for kind, text in WORDS]
    session, created = capture.create_session(staff, data, notes, submission_key=f"two-workers-{i}")
    assert created
    return session.id, [n.id for n in session.notes]


def _queued_provisional_jobs():
    return sum(t.name == "assign_provisional_job" for t in huey.pending())


def _running():
    return db.session.scalar(select(func.count(ThemeRun.id)).where(ThemeRun.status == RunStatus.RUNNING))


def _places(note_ids):
    return db.session.execute(
        select(NoteTheme.note_id, Theme.run_id, NoteTheme.provisional).join(Theme, Theme.id == NoteTheme.theme_id)
        .where(NoteTheme.note_id.in_(note_ids))).all()


def _sizes(run_id):
    db.session.expire_all()
    return {t.key: (t.size, t.love, t.change) for t in db.session.scalars(select(Theme).where(Theme.run_id == run_id))}


def test_while_a_run_holds_one_worker_a_session_saved_gets_provisional_themes_from_the_other(
        app, queue, tmp_path, client, sign_in):
    gate = tmp_path / "let-the-run-finish"
    ward_id, old_run, staff = _current_run(app)
    with app.app_context():
        run_id = themes.start_run(None).id  # queued in the file queue
        # A second run (another scope) queued behind it: with a free worker it must still wait.
        second_id = themes.start_run(None, date(2026, 1, 1), date(2026, 12, 31)).id
    queue(workers=2, extra_env={"HARK_THEME_RUN_GATE": str(gate)})
    # The run has read its notes and is held: every session saved from now on is one it never read.
    _until(app, lambda: Path(f"{gate}.reached").exists(), "the run never started")

    saved, session_ids = [], []
    with app.app_context():
        for i in range(12):  # a staff member logs sessions while the run works
            session_id, ids = _save(staff, ward_id, i)
            saved += ids
            session_ids.append(session_id)
            assert _queued_provisional_jobs() <= 1
    _until(app, lambda: {n for n, _, _ in _places(saved)} == set(saved),
           "notes saved during the run got no provisional themes while it ran")
    with app.app_context():
        assert themes.get_run(run_id).status == RunStatus.RUNNING  # the run is still under way (held)
        assert themes.get_run(second_id).status == RunStatus.QUEUED  # never two runs at once
        assert _running() == 1
        assert all(run == old_run and provisional for _, run, provisional in _places(saved))
        assert themes.waiting_for(themes.get_run(second_id)).startswith("Waiting for the theme run under way")

    sign_in(Role.ADMIN)
    page = client.page(f"/sessions/{session_ids[0]}").get_text(" ")
    assert page.count("Provisional") >= len(WORDS) and "placed on the new themes too" in page

    gate.touch()  # let the runs finish: the worker that ran the first starts the second
    _until(app, lambda: themes.get_run(second_id).status in (RunStatus.DONE, RunStatus.FAILED),
           "the second run did not follow the first")
    _until(app, lambda: themes.pending_count() == 0, "notes still waiting after the run")
    with app.app_context():
        assert themes.get_run(run_id).status == RunStatus.DONE
        assert themes.get_run(second_id).status == RunStatus.DONE, themes.get_run(second_id).error
        assert themes.current_run().id == run_id
        # The run never read the notes saved while it worked: they were placed again on its themes.
        new_places = {(n, provisional) for n, run, provisional in _places(saved) if run == run_id}
        assert {n for n, _ in new_places} == set(saved) and all(p for _, p in new_places)
        maintained = _sizes(run_id)
        with write():
            curation.recount(themes.get_run(run_id))
        assert maintained == _sizes(run_id)
    page = client.page(f"/sessions/{session_ids[0]}").get_text(" ")
    assert "Being themed" not in page and "Waiting for themes" not in page and "Provisional" not in page


def test_many_saves_with_two_workers_queue_one_job_and_every_note_is_placed_once(app, queue):
    ward_id, run_id, staff = _current_run(app)
    queue(workers=2)
    saved = []
    with app.app_context():
        for i in range(40):  # saved while both workers are free to take provisional jobs
            saved += _save(staff, ward_id, i)[1]
            assert _queued_provisional_jobs() <= 1
    _until(app, lambda: themes.pending_count() == 0 and huey.pending_count() == 0, "notes still waiting")
    with app.app_context():
        places = _places(saved)
        assert {n for n, _, _ in places} == set(saved)  # every note has a provisional theme
        assert all(run == run_id and provisional for _, run, provisional in places)
        pairs = db.session.execute(select(NoteTheme.note_id, NoteTheme.theme_id).where(NoteTheme.note_id.in_(saved))).all()
        assert len(pairs) == len(set(pairs))  # no note placed twice on a theme by two jobs at once
        assert themes.provisional_count(themes.get_run(run_id)) == len(saved)
        maintained = _sizes(run_id)
        with write():
            curation.recount(themes.get_run(run_id))
        assert maintained == _sizes(run_id)  # two jobs at once would have counted notes twice
