"""Erasure reaches the embedding cache: an erased note's text (and its statements) is not kept,
nor the lemmas a run parsed from it (cached beside the vectors, issue 19)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from listening.domain import Role, RunStatus
from listening.extensions import db
from listening.models import Note, NoteTheme, Theme
from listening.services import themes
from listening.services.privacy import rights as privacy
from listening.services.themes import analysis
from listening.services.themes import runs as theme_runs
from nlp.embed import SQLiteEmbeddingCache, cache_texts_for, embed_texts, text_key
from nlp.prepare import lemma_texts, normalise, pipeline_id, split_statements
from tests import factories
from tests.privacy.test_privacy import _session, staff  # noqa: F401 - fixture


class FakeEmbedder:
    model_id = "fake@test"
    dimension = 3

    def encode(self, texts, progress=None):
        return np.ones((len(texts), 3), dtype=np.float32)


def test_an_erased_notes_text_is_no_longer_in_the_embedding_cache(app, staff):  # noqa: F811
    user, ward = staff
    _, (mary, other) = _session(app, user, ward, [
        "Mary Jones says the park is lovely but the bins are never emptied on our street",
        "The bins smell"])
    with app.app_context():
        erased_text = normalise(db.session.get(Note, mary).text)
        kept_text = normalise(db.session.get(Note, other).text)
        cache = SQLiteEmbeddingCache(app.config["EMBEDDING_CACHE_DIR"])
        statements = split_statements(erased_text)
        assert len(statements) == 2
        embed_texts([erased_text, *statements, kept_text], FakeEmbedder(), cache)  # what a run caches
        lemma_texts([erased_text, kept_text], cache=cache)
        assert len(cache.get_lemmas(pipeline_id(), [text_key(erased_text), text_key(kept_text)])) == 2
        privacy.erase(privacy.Criteria(name="Mary"), actor_id=user.id)
        keys = [text_key(t) for t in [erased_text, *statements]]
        assert cache.get_many(FakeEmbedder.model_id, keys) == {}
        assert cache.get_lemmas(pipeline_id(), keys) == {}
        assert set(cache.get_many(FakeEmbedder.model_id, [text_key(kept_text)])) == {text_key(kept_text)}
        assert set(cache.get_lemmas(pipeline_id(), [text_key(kept_text)])) == {text_key(kept_text)}


WOMBAT = "Philippa says the wombat sanctuary by the river needs funding but the bins are never emptied"


@pytest.mark.slow
def test_a_note_erased_while_a_run_works_is_neither_cached_nor_stored_by_it(app_ctx, monkeypatch, tmp_path):
    """The real run, the real erasure between the run reading its notes and embedding them."""
    # A cache of its own: the app's is shared by the session's tests, and an earlier test's erasure
    # tombstones its words for good, so the corpus's notes would never be cached there.
    monkeypatch.setitem(app_ctx.config, "EMBEDDING_CACHE_DIR", str(tmp_path / "embeddings"))
    ward = factories.ward("E05011402", "Kirkstall")
    corpus = factories.corpus(ward, repeat=2)
    erased = factories.note(factories.session(ward), WOMBAT, "change").id
    admin = factories.user(Role.ADMIN)
    reading = theme_runs._progress

    def progress(run_id, fraction, message):
        if message == "Finding themes":  # the notes are read, nothing is embedded yet
            assert privacy.erase(privacy.Criteria(name="Philippa"), actor_id=admin.id).notes == 1
        reading(run_id, fraction, message)

    monkeypatch.setattr(theme_runs, "_progress", progress)
    run = themes.start_run(None, enqueue=False)
    assert themes.execute_run(run.id) == RunStatus.DONE, themes.get_run(run.id).error
    run = themes.get_run(run.id)
    assert run.note_count == sum(map(len, corpus.values())) + 1  # the run did read the erased note

    folder = Path(app_ctx.config["EMBEDDING_CACHE_DIR"])
    cache = SQLiteEmbeddingCache(folder)
    keys = [text_key(t) for t in cache_texts_for([WOMBAT])]
    model_id = analysis.embedder().model_id
    assert cache.get_many(model_id, keys) == {}
    assert cache.get_lemmas(pipeline_id(), keys) == {}
    assert b"wombat" not in b"".join(p.read_bytes() for p in folder.glob("embeddings.sqlite3*"))
    kept = text_key(normalise(db.session.get(Note, corpus["park"][0]).text))
    assert set(cache.get_many(model_id, [kept])) == {kept} and set(cache.get_lemmas(pipeline_id(), [kept])) == {kept}
    # Nor is it in the run's stored results: no theme holds it, none suggests it as a quote.
    assert not db.session.scalars(select(NoteTheme).where(NoteTheme.note_id == erased)).all()
    stored = db.session.scalars(select(Theme).where(Theme.run_id == run.id)).all()
    assert stored and all(erased not in (t.quote_ids or []) for t in stored)
    assert all("wombat" not in " ".join([t.label, *(t.keywords or [])]).lower() for t in stored)
