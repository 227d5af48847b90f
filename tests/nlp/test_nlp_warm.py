"""What a warm re-run reuses (issue 19) gives exactly what doing the work again gives.

Each note's lemmas are cached beside its vectors, under the sha256 of its words; quotes and
labels are chosen from work done once per run instead of once per theme. None of it may change
a theme, a label, a quote or a placement, and a note's cached parse goes when the note is erased.
"""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np

from nlp import run_themes
from nlp.describe import pick_quotes, quotable
from nlp.embed import SQLiteEmbeddingCache, forget_texts, text_key
from nlp.prepare import lemma_texts, normalise


def _lemma_rows(folder) -> int:
    with sqlite3.connect(folder / "embeddings.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM lemmas").fetchone()[0]


def test_cached_lemmas_are_the_lemmas(corpus, tmp_path):
    texts = [d.text for d in corpus[0]] + ["Dog fouling on the school path", "Dog fouling on the school path"]
    plain_surfaces: dict = {}
    plain = lemma_texts(texts, surfaces=plain_surfaces)
    cache = SQLiteEmbeddingCache(tmp_path)
    for _ in range(2):  # parsed and stored, then read back
        surfaces: dict = {}
        assert lemma_texts(texts, surfaces=surfaces, cache=cache) == plain
        # Same counts in the same order: a label shows the most common way residents wrote a word,
        # and ties go to the first seen.
        assert [(k, list(v.items())) for k, v in surfaces.items()] == \
            [(k, list(v.items())) for k, v in plain_surfaces.items()]
    assert _lemma_rows(tmp_path) == len(set(map(normalise, texts)))


def test_a_changed_note_is_parsed_again_and_an_erased_note_leaves_no_parse(tmp_path):
    cache = SQLiteEmbeddingCache(tmp_path)
    note, other = "The bins on Kirk Lane were missed again", "Buses are late every morning"
    lemma_texts([note, other], cache=cache)
    edited = "The bins on our lane were missed again"
    assert lemma_texts([edited], cache=cache) == lemma_texts([edited])
    assert _lemma_rows(tmp_path) == 3
    forget_texts([note, edited], tmp_path)
    assert cache.get_lemmas(_pipeline(), [text_key(note), text_key(edited)]) == {}
    assert set(cache.get_lemmas(_pipeline(), [text_key(other)])) == {text_key(other)}


def _pipeline():
    from nlp.prepare import pipeline_id

    return pipeline_id()


def test_a_rerun_from_cached_parses_is_the_same_run(result, corpus, config, tmp_path):
    folder = tmp_path / "cache"
    shutil.copytree(config.cache_dir, folder)  # the session run's vectors (and parses)
    SQLiteEmbeddingCache(folder)
    with sqlite3.connect(folder / "embeddings.sqlite3") as conn:
        conn.execute("DELETE FROM lemmas")
    cfg = type(config)(**{**config.__dict__, "cache_dir": folder})
    parsed = run_themes(corpus[0], config=cfg)      # parses every note, stores the parses
    assert _lemma_rows(folder) > 0
    cached = run_themes(corpus[0], config=cfg)      # reads them back
    assert _shown(cached) == _shown(parsed) == _shown(result)
    assert [(x.doc_id, x.theme_key, x.score, x.rank) for x in cached.assignments] == \
        [(x.doc_id, x.theme_key, x.score, x.rank) for x in parsed.assignments]


def _shown(result):
    return [(t.key, t.label, t.keywords, t.size, t.main_size, t.quote_ids, [q.text for q in t.quotes])
            for t in result.themes]


def test_quotes_from_the_run_wide_mask_are_the_per_theme_quotes(corpus):
    docs = corpus[0]
    vecs = np.random.default_rng(0).standard_normal((len(docs), 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    main = np.arange(len(docs)) % 4
    cents = vecs[:4]
    eligible = np.arange(len(docs)) % 5 != 0
    # The rule as each theme applied it before: consent to quote, four words or more.
    by_rule = np.array([d.consent == "quote" and len(d.text.split()) >= 4 for d in docs]) & eligible
    everyone = np.ones(len(docs), dtype=bool)
    chosen = []
    for t in range(4):
        quotes = pick_quotes(docs, vecs, main, cents, t, 40, eligible=eligible, can_quote=quotable(docs))
        assert quotes == pick_quotes(docs, vecs, main, cents, t, 40, eligible=by_rule, can_quote=everyone)
        chosen += quotes
    assert chosen and all(d.consent == "quote" for d in docs if d.id in {q.doc_id for q in chosen})
