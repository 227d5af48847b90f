"""Provisional themes while a city-wide theme run is under way (in-process; the model stood in for).

The notes the starting run has read are handed to it (it themes them: placing them on the old
themes would only slow it on two cores), and their session's page says so; notes saved after it
started are placed on the old themes at once and placed again on the run's themes when it lands.
A run that fails hands its notes back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from listening.domain import Role, RunStatus
from listening.extensions import db
from listening.models import NoteTheme, Theme
from listening.services import themes
from listening.services.core import write
from listening.services.themes import analysis, provisional, runs
from tests import factories


@pytest.fixture
def placed_texts(app, tmp_path, monkeypatch):
    """A current run whose 'saved model' puts every text on the park theme; the texts it placed."""
    calls: list[str] = []

    def assign(model_path, texts, kinds=None):
        calls.extend(texts)
        return [[("park", 0.8, 0)] for _ in texts]

    monkeypatch.setattr(analysis, "assign", assign)
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        run = factories.store_run(factories.corpus(ward))
        with write():
            themes.get_run(run.id).model_path = str(tmp_path)
    return calls


def _session(ward_code, texts):
    session = factories.session(factories.ward(ward_code))
    ids = [factories.note(session, text).id for text in texts]
    return session, ids


def _runs_of(note_ids):
    db.session.expire_all()
    return {(note_id, run_id, provisional) for note_id, run_id, provisional in db.session.execute(
        select(NoteTheme.note_id, Theme.run_id, NoteTheme.provisional).join(Theme, Theme.id == NoteTheme.theme_id)
        .where(NoteTheme.note_id.in_(note_ids)))}


def _land(run_id, groups, model_path):
    themes.store_results(run_id, factories.fake_result(groups), model_path, note_count=sum(map(len, groups.values())))
    db.session.expire_all()


def test_notes_the_run_read_are_handed_to_it_and_later_ones_are_placed_now_and_again_after(
        app, placed_texts, tmp_path, client, sign_in):
    with app.app_context():
        old_run = themes.current_run().id
        before, before_ids = _session("E05011402", ["The bus shelter on Abbey Road leaks", "Kirkstall Forge path floods"])
        provisional.mark_pending(before_ids)  # saved before the run started: it reads them
        run = themes.start_run(None, enqueue=False)
        assert themes.claim_run(run.id)
        after, after_ids = _session("E05011402", ["Saved while the run works: the library needs longer hours"])
        provisional.mark_pending(after_ids)

        assert provisional.assign_pending() == 1
        assert placed_texts == ["Saved while the run works: the library needs longer hours"]  # not the run's notes
        assert themes.waiting_count() == 0 and themes.pending_count() == 3
        assert provisional.state_of(before_ids + after_ids) == {
            before_ids[0]: "run", before_ids[1]: "run", after_ids[0]: "parked"}
        assert _runs_of(after_ids) == {(after_ids[0], old_run, True)}  # its provisional themes, now
        before_id, after_id, run_id = before.id, after.id, run.id

    sign_in(Role.ADMIN)
    page = client.page(f"/sessions/{before_id}").get_text(" ")
    assert page.count("Being themed") == 2 and "The theme run under way (1% done) read this note" in page
    assert "Not yet grouped" not in page
    page = client.page(f"/sessions/{after_id}").get_text(" ")
    assert "Provisional" in page and "when that run finishes it is placed on the new themes too" in page

    with app.app_context():
        _land(run_id, {"park": before_ids}, str(tmp_path))  # the run read the notes saved before it
        assert themes.current_run().id == run_id
        assert provisional.state_of(before_ids + after_ids) == {after_ids[0]: "waiting"}
        assert themes.waiting_count() == 1
        assert provisional.assign_pending() == 1  # the late note, placed again on the new themes
        assert themes.pending_count() == 0
        assert (after_ids[0], run_id, True) in _runs_of(after_ids)
        assert {(i, run_id, False) for i in before_ids} <= _runs_of(before_ids)  # themed by the run itself
    page = client.page(f"/sessions/{before_id}").get_text(" ")
    assert "Being themed" not in page and "Waiting for themes" not in page


def test_a_run_that_fails_hands_its_notes_back_to_the_provisional_job(app, placed_texts):
    with app.app_context():
        old_run = themes.current_run().id
        _session_, ids = _session("E05011402", ["Street lights out on Morris Lane", "Weeds on the canal towpath"])
        provisional.mark_pending(ids)
        run = themes.start_run(None, enqueue=False)
        assert themes.claim_run(run.id)
        assert provisional.assign_pending() == 0 and placed_texts == []  # handed to the run
        runs._end(run.id, RunStatus.FAILED, message="Failed", error="test")
        assert themes.waiting_count() == 2
        assert provisional.assign_pending() == 2 and themes.pending_count() == 0
        assert _runs_of(ids) == {(i, old_run, True) for i in ids}


def test_a_just_saved_session_says_its_notes_wait_and_whether_the_job_runner_runs(app, client, sign_in, placed_texts):
    from huey.storage import MemoryStorage

    from listening.extensions import huey

    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = MemoryStorage(huey.name), False  # a queue nobody is consuming
    try:
        with app.app_context():
            session, ids = _session("E05011402", ["The bins on Broad Lane are never emptied"])
            themes.notes_saved(ids)
            assert [t.name for t in huey.pending()] == ["assign_provisional_job"]
        sign_in(Role.ADMIN)
        page = client.page(f"/sessions/{session.id}").get_text(" ")
        assert "Waiting for themes" in page and "when the job runner is running again" in page
        assert "Not yet grouped" not in page
        page = client.page(f"/sessions/{session.id}/confirmation").get_text(" ")
        assert "by the job runner, which is not running now" in page
    finally:
        huey.storage, huey._immediate = saved
