"""Notes whose session is deleted, and erased notes, never feed analysis, counts, quotes,
briefings or provisional themes: one test per path that reads notes for those.

`_gone` marks a session deleted and a note erased *without* removing their theme rows, as if it
happened while a run was working, so every reader has to filter for itself.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from listening.domain import Role
from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme
from listening.models.base import utcnow
from listening.services import themes
from listening.services.accounts import users
from listening.services.briefings import publishing as briefings
from listening.services.capture import sessions as capture
from listening.services.core import write
from listening.services.themes import analysis, curation
from listening.services.themes import runs as theme_runs
from tests import factories

TEXT_GONE = "The park gates were locked early again"


@pytest.fixture
def world(app_ctx):
    """Kirkstall's corpus, plus a deleted session and an erased note that both carry themes."""
    ward = factories.ward("E05011402", "Kirkstall")
    ids = factories.corpus(ward, repeat=2)
    deleted = factories.session(ward)
    deleted_ids = [factories.note(deleted, f"{TEXT_GONE} ({i})", "change").id for i in range(6)]
    erased_id = ids["park"][0]
    run = factories.store_run({**ids, "park": ids["park"] + deleted_ids})
    with write():
        db.session.get(ListeningSession, deleted.id).deleted_at = utcnow()
        note = db.session.get(Note, erased_id)
        note.text, note.erased_at = "", utcnow()
        curation.recount(themes.get_run(run.id))
    db.session.expire_all()
    return {"run": themes.get_run(run.id), "ids": ids, "deleted": deleted_ids, "erased": erased_id, "ward": ward}


def _gone(world):
    return {*world["deleted"], world["erased"]}


def test_a_run_never_reads_them(world):
    docs = theme_runs._documents(world["run"])
    assert not _gone(world) & {d.id for d in docs} and len(docs) == 35


def test_a_run_does_not_store_them_when_they_go_while_it_works(world):
    placements = {"park": world["ids"]["park"] + world["deleted"], "buses": world["ids"]["buses"]}
    run = factories.store_run(placements)
    stored = set(db.session.scalars(select(NoteTheme.note_id).join(NoteTheme.theme).where(
        NoteTheme.theme.has(run_id=run.id))))
    assert stored and not stored & _gone(world)


def test_a_run_does_not_suggest_them_as_quotes_when_they_go_while_it_works(world):
    # The run chose them among its quotes (the first three of a theme) before they went.
    placements = {"park": [world["erased"], world["deleted"][0], *world["ids"]["park"][1:]],
                  "buses": [world["deleted"][1], *world["ids"]["buses"]]}
    run = factories.store_run(placements)
    quotes = {key: themes.theme_by_key(run, key).quote_ids for key in placements}
    assert quotes == {"park": [world["ids"]["park"][1]], "buses": world["ids"]["buses"][:2]}


def test_theme_counts_leave_them_out(world, client):
    park = themes.theme_by_key(world["run"], "park")
    assert (park.size, park.love, park.change) == (11, 7, 4)  # 12 park notes, less the erased one
    token = users.issue_api_token(factories.user(Role.ORGANISER), second_factor=True)
    body = client.get("/api/v1/themes", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {t["key"]: t["size"] for t in body}["park"] == 11


def test_a_themes_notes_leave_them_out(world):
    listed = {n.id for n in themes.notes_of(themes.theme_by_key(world["run"], "park"))}
    assert listed and not listed & _gone(world)


def test_briefing_counts_totals_quotes_and_sessions_leave_them_out(world):
    facts = briefings.gather(world["run"])
    assert facts.counts[("park", "E05011402", "change")] == 4
    assert facts.totals[("E05011402", "change")] == 16 and facts.totals[("E05011402", "love")] == 19
    assert not {q.note_id for q in facts.quotes} & _gone(world)
    assert len(facts.sessions) == 1  # the deleted session is not among who was heard
    snapshot = briefings.build(facts, ward="E05011402", threshold=5, summary=None, previous=None)
    assert TEXT_GONE not in str(snapshot)


def test_provisional_places_leave_them_out(world, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis, "assign", lambda path, texts, kinds=None: [[("park", 0.8, 0)] for _ in texts])
    with write():
        themes.get_run(world["run"].id).model_path = str(tmp_path)
    later = factories.session(world["ward"])
    fresh = factories.note(later, "New benches by the pond").id
    erased = factories.note(later, "Erased before the job ran").id
    with write():
        db.session.get(Note, erased).erased_at = utcnow()
    assert themes.assign_provisional([fresh, erased, *world["deleted"]]) == 1
    assert themes.provisional_count(themes.current_run()) == 1
    with write():
        db.session.get(ListeningSession, later.id).deleted_at = utcnow()
    assert themes.provisional_count(themes.current_run()) == 0


def test_deleting_a_session_refreshes_the_theme_counts(world):
    staff = factories.user(Role.STAFF)
    session = db.session.get(ListeningSession, db.session.get(Note, world["ids"]["buses"][0]).session_id)
    with write():
        session.organisation_id = staff.organisation_id
    capture.delete_session(staff, session)
    db.session.expire_all()
    assert themes.theme_by_key(themes.current_run(), "buses").size == 0
