"""Provisional themes after a bulk ingest, through the real Huey consumer: however many sessions
are saved, one job is queued, and it places every note (slow: a real run and a real consumer)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from listening.domain import Consent, NoteKind, Role, RunStatus, SessionFormat
from listening.extensions import db, huey
from listening.models import NoteTheme, Theme
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


def _sizes(run_id):
    db.session.expire_all()
    return {t.key: (t.size, t.love, t.change) for t in db.session.scalars(select(Theme).where(Theme.run_id == run_id))}


def test_many_saves_queue_one_job_and_the_consumer_places_every_note(app, queue):
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        factories.corpus(ward, repeat=2)
        run = themes.start_run(None, enqueue=False)
        assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
        run_id = run.id
        staff = factories.user(Role.STAFF)
        saved = []
        for i in range(40):  # forty sessions, as an import or a busy afternoon of the API would save
            data = capture.SessionInput(ward_id=ward.id, held_on=date(2026, 3, 1 + i % 28), venue=f"Hall {i}",
                                        format=SessionFormat.DROP_IN)
            notes = [capture.NoteInput(kind, f"{text} ({i})", Consent.QUOTE) for kind, text in WORDS]
            session, created = capture.create_session(staff, data, notes, submission_key=f"bulk-{i}")
            assert created
            saved += [n.id for n in session.notes]
        queued = huey.pending()
        assert [t.name for t in queued] == ["assign_provisional_job"]  # one job for 120 notes
        assert themes.pending_count() == len(saved) == 120

    queue()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        with app.app_context():
            if themes.pending_count() == 0:
                break
        time.sleep(0.3)
    else:
        log = (Path(app.instance_path) / "consumer.log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"notes still waiting for provisional themes; consumer log:\n{log}")

    with app.app_context():
        db.session.expire_all()
        places = db.session.execute(
            select(NoteTheme.note_id, NoteTheme.provisional, Theme.run_id)
            .join(Theme, Theme.id == NoteTheme.theme_id)
            .where(NoteTheme.note_id.in_(saved))
        ).all()
        assert {note_id for note_id, _, _ in places} == set(saved)  # every note has a theme
        assert all(provisional and run == run_id for _, provisional, run in places)
        assert themes.provisional_count(themes.get_run(run_id)) == 120
        assert huey.pending_count() == 0
        maintained = _sizes(run_id)
        with write():
            curation.recount(themes.get_run(run_id))
        assert maintained == _sizes(run_id)  # the sizes moved by the notes placed match a full recount
