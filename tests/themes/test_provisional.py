"""Notes saved after a theme run get provisional themes at once, from the run's saved model.

The first test runs the real analysis (slow: it loads the embedding model) and saves a session
through the API; Huey runs in immediate mode in tests, so the job has run when the response
comes back. The others stand in for the model (its placement is not what they test).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from listening.domain import Consent, NoteKind, Role, RunStatus
from listening.extensions import db
from listening.models import Note, NoteTheme, Theme
from listening.services import themes
from listening.services.accounts import users
from listening.services.briefings import publishing as briefings
from listening.services.capture import sessions as capture
from listening.services.themes import analysis
from tests import factories

NEW_NOTES = [
    {"kind": "change", "text": "The buses to the hospital are late every single morning", "consent": "quote"},
    {"kind": "love", "text": "The park by the river is lovely for the children to play in", "consent": "quote"},
]


def _places(note_ids):
    db.session.expire_all()
    return list(db.session.execute(
        select(NoteTheme.note_id, Theme.key, NoteTheme.provisional, Theme.run_id)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .where(NoteTheme.note_id.in_(note_ids))
    ))


@pytest.mark.slow
def test_a_session_saved_through_the_api_gets_provisional_themes(app, client, sign_in):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        factories.corpus(kirkstall, repeat=2)
        run = themes.start_run(None, enqueue=False)
        assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
        run_id = run.id
        staff = factories.user(Role.STAFF)
        token = users.issue_api_token(staff)
    response = client.raw.post(
        "/api/v1/sessions",
        headers={"Authorization": f"Bearer {token}"},
        json={"ward": "E05011402", "date": "2026-03-14", "venue": "Kirkstall Library", "format": "drop-in",
              "participants": 4, "notes": NEW_NOTES},
    )
    assert response.status_code == 201
    new_ids = [n["id"] for n in response.get_json()["notes"]]
    with app.app_context():
        places = _places(new_ids)
        assert {note_id for note_id, *_ in places} == set(new_ids)  # every new note has a theme
        assert all(provisional and run == run_id for _, _, provisional, run in places)
        assert themes.provisional_count(themes.get_run(run_id)) == 2
        key = next(k for note_id, k, *_ in places if note_id == new_ids[0])

    sign_in(Role.ORGANISER)
    text = client.page(f"/themes/runs/{run_id}").get_text(" ")
    assert "2 notes added since this run carry provisional themes" in text
    page = client.page(f"/themes/runs/{run_id}/themes/{key}")
    assert "(provisional)" in page.get_text() and "place is provisional" in page.get_text()
    token = client.csrf_token("/briefings/")
    draft = client.post("/briefings/drafts", data={"csrf_token": token, "scope": "E05011402"})
    assert draft.status_code == 302
    assert "Their themes were suggested by the saved model" in client.page(draft.location).get_text()

    # The next full run takes the notes in properly: nothing provisional is left.
    with app.app_context():
        rerun = themes.start_run(None, enqueue=False)
        assert themes.execute_run(rerun.id) == RunStatus.DONE
        assert themes.provisional_count(themes.get_run(rerun.id)) == 0


@pytest.fixture
def fake_model(app, tmp_path, monkeypatch):
    """A current run whose 'saved model' puts every text on the park theme."""
    calls = []

    def assign(model_path, texts, kinds=None):
        calls.append(list(texts))
        return [[("park", 0.8, 0)] for _ in texts]

    monkeypatch.setattr(analysis, "assign", assign)
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(ward)
        run = factories.store_run(ids)
        from listening.services.core import write

        with write():
            themes.get_run(run.id).model_path = str(tmp_path)
    return calls


def _note_input(text, kind=NoteKind.CHANGE):
    return capture.NoteInput(kind, text, Consent.QUOTE)


def _session_input(ward_id):
    from datetime import date

    from listening.domain import SessionFormat

    return capture.SessionInput(ward_id=ward_id, held_on=date(2026, 3, 2), venue="Hall", format=SessionFormat.DROP_IN)


def test_the_import_path_and_a_note_edit_get_provisional_themes(app_ctx, fake_model):
    staff = factories.user(Role.STAFF)
    ward = factories.ward("E05011402")
    [session] = capture.create_many(
        staff, [(_session_input(ward.id), [_note_input("More benches in the park please")], "import:test-1")],
        source="import",
    )
    note_id = session.notes[0].id
    assert [(k, p) for _, k, p, _ in _places([note_id])] == [("park", True)]
    assert fake_model[-1] == ["More benches in the park please"]

    note = db.session.get(Note, note_id)
    capture.update_note(staff, note, _note_input("The swings in the park are broken"))
    assert fake_model[-1] == ["The swings in the park are broken"]  # placed again, for the new words
    assert [(k, p) for _, k, p, _ in _places([note_id])] == [("park", True)]
    calls = len(fake_model)
    capture.update_note(staff, db.session.get(Note, note_id),
                        capture.NoteInput(NoteKind.CHANGE, "The swings in the park are broken", Consent.ANALYSIS))
    assert len(fake_model) == calls  # only the consent changed: the places stand


def test_the_form_path_gets_provisional_themes(app_ctx, fake_model):
    staff = factories.user(Role.STAFF)
    ward = factories.ward("E05011402")
    session, created = capture.create_session(
        staff, _session_input(ward.id), [_note_input("Fix the lights in the park")], submission_key="form:abc"
    )
    assert created and [(k, p) for _, k, p, _ in _places([n.id for n in session.notes])] == [("park", True)]


def test_a_queue_that_is_down_does_not_undo_the_save(app_ctx, fake_model, monkeypatch):
    from listening.services.themes import tasks as jobs

    def broken(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(jobs, "assign_provisional_job", broken)
    staff = factories.user(Role.STAFF)
    ward = factories.ward("E05011402")
    session, created = capture.create_session(staff, _session_input(ward.id), [_note_input("Park gates")])
    assert created and db.session.get(Note, session.notes[0].id) is not None
    assert _places([session.notes[0].id]) == []


def test_no_run_means_nothing_to_assign(app_ctx):
    staff = factories.user(Role.STAFF)
    ward = factories.ward("E05011402")
    session, _ = capture.create_session(staff, _session_input(ward.id), [_note_input("Park gates")])
    assert _places([n.id for n in session.notes]) == [] and briefings.threshold() == 5


def test_counts_move_by_the_notes_placed_and_a_reworded_note_changes_its_kind_count(app_ctx, fake_model):
    staff = factories.user(Role.STAFF)
    ward = factories.ward("E05011402")
    park = themes.theme_by_key(themes.current_run(), "park")
    before = (park.size, park.love, park.change)
    session, _ = capture.create_session(staff, _session_input(ward.id), [_note_input("Fix the park gates")])
    db.session.expire_all()
    park = themes.theme_by_key(themes.current_run(), "park")
    assert (park.size, park.love, park.change) == (before[0] + 1, before[1], before[2] + 1)

    note = db.session.get(Note, session.notes[0].id)
    capture.update_note(staff, note, _note_input("We love the new park gates", NoteKind.LOVE))
    db.session.expire_all()
    park = themes.theme_by_key(themes.current_run(), "park")
    assert (park.size, park.love, park.change) == (before[0] + 1, before[1] + 1, before[2])
    assert themes.pending_count() == 0  # nothing left waiting


def test_the_provisional_job_gives_way_between_batches(app_ctx, fake_model):
    from listening.services.themes import provisional

    ward = factories.ward("E05011402")
    session = factories.session(ward)
    ids = [factories.note(session, f"Bench number {n} in the park is broken").id for n in range(provisional.BATCH + 44)]
    provisional.mark_pending(ids)
    placed = provisional.assign_pending(give_way=lambda: True)  # a theme run is waiting: one batch, then stop
    assert placed == provisional.BATCH and themes.pending_count() == 44
    assert provisional.assign_pending() == 44 and themes.pending_count() == 0
    assert len(_places(ids)) == len(ids)
