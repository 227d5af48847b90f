"""With the real analysis (slow: it loads the embedding model): an organiser's name and an anchor's
commitment stay on a theme while notes are added, and follow it when removing notes folds it into
another theme (issue 12: "themes that stay put", and what follows them when they do not)."""

from datetime import date

import pytest
from sqlalchemy import select

from listening.domain import EditKind, LabelSource, OrgKind, Role, RunStatus
from listening.extensions import db
from listening.models import Note, NoteTheme, Theme
from listening.services import commitments, themes
from listening.services.capture import sessions as capture
from listening.services.themes import curation
from tests import factories


def _run():
    run = themes.start_run(None, enqueue=False)
    assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
    db.session.expire_all()
    return themes.get_run(run.id)


def _main_theme(run) -> dict[int, str]:
    rows = db.session.execute(select(NoteTheme.note_id, Theme.key).join(Theme, Theme.id == NoteTheme.theme_id)
                              .where(Theme.run_id == run.id, NoteTheme.rank == 0))
    return dict(rows.all())


@pytest.mark.slow
def test_a_name_and_a_commitment_follow_a_theme_through_reruns(app_ctx):
    ward = factories.ward("E05011402", "Kirkstall")
    factories.corpus(ward, repeat=3)  # 54 notes
    first = _run()
    smallest = min(themes.themes_of(first), key=lambda t: (t.size, t.key))
    assert smallest.size <= 7  # a theme two notes away from being too small to stand alone
    organiser = factories.user(Role.ORGANISER)
    curation.edit(first, EditKind.RENAME, smallest.key, organiser.id, value="Groups for older people")
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Council (real run)"))
    promise = commitments.create(anchor, commitments.CommitmentInput(
        title="Fund the lunch club", theme_keys=[smallest.key], ward_ids=[ward.id]))

    # Two new notes (under 5 %): the themes are kept, and so are the name and the commitment.
    later = factories.session(ward, held_on=date(2026, 4, 2))
    factories.note(later, "The park needs new swings for the little ones", "change")
    factories.note(later, "Buses are too crowded on the way to school", "change")
    second = _run()
    kept = themes.theme_by_key(second, smallest.key)
    assert kept is not None and kept.label == "Groups for older people" and kept.label_source == LabelSource.PERSON
    assert commitments.get(promise.id).theme_keys == [smallest.key]

    # Remove notes until the theme is below the smallest size a theme may have (5): the next run
    # folds it into its nearest theme and records where it went.
    members = [i for i, key in _main_theme(second).items() if key == smallest.key]
    admin = factories.user(Role.ADMIN)
    for note_id in members[: len(members) - 4]:
        capture.delete_note(admin, db.session.get(Note, note_id))
    third = _run()
    assert themes.theme_by_key(third, smallest.key) is None
    went = themes.where_it_went(smallest.key)
    assert went is not None and went.how == "merged" and len(went.into) == 1
    target = went.into[0]
    assert target.label == "Groups for older people"  # it had no name of its own: the name went with the notes
    assert [e.carried["from"] for e in themes.edits(target.key) if e.carried] == [smallest.key]
    assert commitments.get(promise.id).theme_keys == [target.key]
    assert themes.resolve(smallest.key) == [target.key]
