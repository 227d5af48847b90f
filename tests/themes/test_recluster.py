"""'Let the model split this theme': a theme's notes clustered again into 2 to 4 new themes,
kept as ordinary split edits so later runs replay them."""

import numpy as np
import pytest

from listening.domain import EditKind, LabelSource, Role
from listening.services import themes
from listening.services.core import audit
from listening.services.themes import analysis, curation
from tests import factories

TOPICS = ("park", "bus")


class TopicEmbedder:
    """A stand-in for the sentence model: one dimension per topic word, plus a little per-text
    noise, so a park note and a bus note are far apart (the real model runs in the slow test)."""

    model_id = "topics@test"
    dimension = 8

    def encode(self, texts, progress=None):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for col, word in enumerate(TOPICS):
                out[row, col] = 3.0 if word in text.lower() else 0.0
            out[row, 2 + sum(map(ord, text)) % 6] = 0.5
        return out


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setattr(analysis, "embedder", lambda: TopicEmbedder())


@pytest.fixture
def mixed(app):
    """A current run whose theme 'mixed' holds both the park and the bus notes."""
    with app.app_context():
        ids = factories.corpus(factories.ward("E05011402", "Kirkstall"))
        groups = {"mixed": ids["park"] + ids["buses"], "community": ids["community"]}
        run = factories.store_run(groups, labels={"mixed": "Parks and buses", "community": "Community"})
        return run.id, ids, groups


def _split_themes(run_id):
    run = themes.get_run(run_id)
    return [t for t in themes.themes_of(run) if t.split_from == "mixed"]


def _note_ids(theme):
    return {n.id for n in themes.notes_of(theme)}


def _split_through_the_form(client, run_id, parts="2"):
    token = client.csrf_token("/themes/")
    return client.post(
        f"/themes/runs/{run_id}/themes/mixed/model-split",
        data={"recluster-csrf_token": token, "recluster-parts": parts},
    )


def _check_split(app, run_id, ids, groups):
    with app.app_context():
        new = _split_themes(run_id)
        assert len(new) == 2
        assert sorted(_note_ids(t) for t in new) == sorted([set(ids["park"]), set(ids["buses"])], key=min)
        assert set().union(*(_note_ids(t) for t in new)) == set(groups["mixed"])  # every note placed
        assert themes.theme_by_key(themes.get_run(run_id), "mixed").size == 0
        # the emptied original lives on as its parts: it is no longer listed, like a merged theme
        assert "mixed" not in [t.key for t in themes.themes_of(themes.get_run(run_id))]
        assert {t.label for t in new} == {"Parks and buses (part 1)", "Parks and buses (part 2)"}
        assert all(t.label_source == LabelSource.MODEL for t in new)  # named by the model, to be renamed
        edits = curation.edits("mixed")
        assert [e.kind for e in edits] == [EditKind.SPLIT, EditKind.SPLIT]
        assert [e.action for e in audit.recent(action="theme.recluster")] == ["theme.recluster"]

        rerun = factories.store_run(groups, labels={"mixed": "Parks and buses", "community": "Community"})
        again = _split_themes(rerun.id)
        assert sorted(_note_ids(t) for t in again) == sorted(_note_ids(t) for t in new)
        assert {t.key for t in again} == {t.key for t in new}
        assert all(t.label_source == LabelSource.MODEL for t in again)


def test_the_model_splits_a_mixed_theme_through_the_form_and_the_split_is_replayed(
    app, client, sign_in, mixed, fake_model
):
    run_id, ids, groups = mixed
    sign_in(Role.ORGANISER)
    page = client.page(f"/themes/runs/{run_id}/themes/mixed")
    assert "Let the model split this theme" in page.get_text()
    response = _split_through_the_form(client, run_id)
    assert response.status_code == 302 and "-split-" in response.location
    assert "The model named them" in client.page(response.location).get_text()
    _check_split(app, run_id, ids, groups)


def test_the_same_notes_give_the_same_groups(app, mixed, fake_model):
    run_id, ids, groups = mixed
    with app.app_context():
        texts = [n.text for n in themes.notes_of(themes.theme_by_key(themes.get_run(run_id), "mixed"))]
        cache = app.config["EMBEDDING_CACHE_DIR"]
        first = analysis.subclusters(texts, 2, cache_dir=cache)
        assert first == analysis.subclusters(texts, 2, cache_dir=cache) and len(set(first)) == 2


def test_too_few_notes_is_refused_with_a_reason(app, client, sign_in, mixed, fake_model):
    run_id, ids, groups = mixed
    sign_in(Role.ORGANISER)
    token = client.csrf_token("/themes/")
    response = client.post(
        f"/themes/runs/{run_id}/themes/community/model-split",
        data={"recluster-csrf_token": token, "recluster-parts": "4"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Error:" in text and "needs at least 8" in text
    response = client.post(
        f"/themes/runs/{run_id}/themes/community/model-split",
        data={"recluster-csrf_token": token, "recluster-parts": "7"},
    )
    assert response.status_code == 400
    with app.app_context():
        assert curation.edits() == []
        assert themes.theme_by_key(themes.get_run(run_id), "community").size == 6


def test_staff_cannot_split(client, sign_in, mixed):
    run_id, ids, groups = mixed
    sign_in(Role.STAFF)
    token = client.csrf_token("/")
    response = client.post(
        f"/themes/runs/{run_id}/themes/mixed/model-split",
        data={"recluster-csrf_token": token, "recluster-parts": "2"},
    )
    assert response.status_code in (403, 404)


@pytest.mark.slow
def test_the_real_model_separates_park_from_bus_notes(app, client, sign_in, mixed):
    run_id, ids, groups = mixed
    sign_in(Role.ORGANISER)
    response = _split_through_the_form(client, run_id)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    _check_split(app, run_id, ids, groups)
