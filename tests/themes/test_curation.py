"""Curation edits apply to the current run and are replayed on the next one, by theme key."""

import pytest

from listening.domain import EditKind, LabelSource, Role, RunStatus
from listening.services import themes
from listening.services.themes import curation
from tests import factories


@pytest.fixture
def corpus(app_ctx):
    return factories.corpus(factories.ward())


def _theme(run, key):
    return themes.theme_by_key(themes.get_run(run.id), key)


def test_a_stored_run_is_current_with_counts(corpus):
    run = factories.store_run(corpus)
    assert run.status == RunStatus.DONE and run.is_current and run.active_scope is None
    park = _theme(run, "park")
    assert (park.size, park.love, park.change) == (6, 4, 2)


def test_edits_survive_a_rerun(corpus):
    organiser = factories.user(Role.ORGANISER)
    run = factories.store_run(corpus)
    curation.edit(run, EditKind.RENAME, "park", organiser.id, value="Parks and green spaces")
    curation.edit(run, EditKind.SUMMARY, "park", organiser.id, value="People value the park.")
    curation.edit(run, EditKind.HIDE, "community", organiser.id, flag=True)
    curation.edit(run, EditKind.LOCK, "buses", organiser.id, flag=True)
    moved = corpus["park"][:2]
    curation.edit(run, EditKind.MOVE, "park", organiser.id, target_key="community", note_ids=moved)
    split = curation.edit(run, EditKind.SPLIT, "buses", organiser.id, value="Bus fares", note_ids=corpus["buses"][2:3])

    rerun = factories.store_run(corpus)  # the model finds the same three groups again
    assert rerun.id != run.id and rerun.is_current and not themes.get_run(run.id).is_current
    park = _theme(rerun, "park")
    assert park.label == "Parks and green spaces" and park.label_source == LabelSource.PERSON
    assert park.summary == "People value the park." and park.size == 4
    assert _theme(rerun, "community").hidden and _theme(rerun, "community").size == 8
    assert _theme(rerun, "buses").locked and _theme(rerun, "buses").size == 5
    fares = _theme(rerun, split.target_key)
    assert fares.label == "Bus fares" and fares.size == 1 and fares.split_from == "buses"
    assert "name" in curation.decided_by_person(park)


def test_merge_survives_a_rerun(corpus):
    organiser = factories.user(Role.ORGANISER)
    run = factories.store_run(corpus)
    curation.edit(run, EditKind.MERGE, "buses", organiser.id, target_key="park")
    assert _theme(run, "park").size == 12
    rerun = factories.store_run(corpus)
    assert [t.key for t in themes.themes_of(rerun)] == ["park", "community"]
    assert _theme(rerun, "park").size == 12 and _theme(rerun, "buses").merged_into == "park"


def test_bad_edits_are_refused_and_change_nothing(corpus):
    organiser = factories.user(Role.ORGANISER)
    run = factories.store_run(corpus)
    with pytest.raises(curation.CurationError):
        curation.edit(run, EditKind.RENAME, "park", organiser.id, value="   ")
    with pytest.raises(curation.CurationError):
        curation.edit(run, EditKind.MERGE, "park", organiser.id, target_key="park")
    with pytest.raises(curation.CurationError):
        curation.edit(run, EditKind.MOVE, "park", organiser.id, target_key="buses", note_ids=corpus["buses"])
    with pytest.raises(curation.CurationError):
        curation.edit(run, EditKind.RENAME, "nope", organiser.id, value="x")
    assert curation.edits() == []
    assert _theme(run, "park").label == "Park"


def test_only_the_current_run_can_be_curated(corpus):
    organiser = factories.user(Role.ORGANISER)
    old = factories.store_run(corpus)
    factories.store_run(corpus)
    with pytest.raises(curation.CurationError):
        curation.edit(themes.get_run(old.id), EditKind.RENAME, "park", organiser.id, value="Parks")


def test_one_active_run_per_scope_is_enforced_by_the_database(app_ctx):
    first = themes.start_run(None, enqueue=False)
    with pytest.raises(themes.RunConflict) as conflict:
        themes.start_run(None, enqueue=False)
    assert conflict.value.run_id == first.id
    from datetime import date

    other = themes.start_run(None, date(2026, 1, 1), date(2026, 3, 31), enqueue=False)
    assert other.scope == "2026-01-01..2026-03-31"
    themes.request_cancel(first, None)
    assert themes.get_run(first.id).status == RunStatus.CANCELLED
    themes.start_run(None, enqueue=False)  # the scope is free again


def test_a_run_with_too_few_notes_fails_in_plain_english(app_ctx):
    run = themes.start_run(None, enqueue=False)
    assert themes.execute_run(run.id) == RunStatus.FAILED
    run = themes.get_run(run.id)
    assert "needs at least" in run.error and run.active_scope is None and not run.is_current
    assert themes.execute_run(run.id) is None  # a second copy of the job does nothing
