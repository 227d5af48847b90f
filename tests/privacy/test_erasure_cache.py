"""Erasure reaches the embedding cache: an erased note's text (and its statements) is not kept,
nor the lemmas a run parsed from it (cached beside the vectors, issue 19)."""

from __future__ import annotations

import numpy as np

from listening.extensions import db
from listening.models import Note
from listening.services.privacy import rights as privacy
from nlp.embed import SQLiteEmbeddingCache, embed_texts, text_key
from nlp.prepare import lemma_texts, normalise, pipeline_id, split_statements
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
