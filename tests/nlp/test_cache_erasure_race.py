"""Erasure wins over a theme run already under way (a privacy race).

A run holds its notes in memory from the moment it reads them, and caches their vectors and
lemmas (the parsed words) afterwards. A note erased in between must not come back into the cache
file: erasure tombstones the note's keys in the transaction that deletes its rows, and the cache
never writes a tombstoned key. Real SQLite cache files throughout; nothing is mocked.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from nlp.embed import SQLiteEmbeddingCache, embed_texts, forget_texts, text_key
from nlp.prepare import lemma_texts, normalise, pipeline_id, split_statements

ERASED = "Mary at number 12 keeps a wombat sanctuary but the bins are never emptied on our street"
KEPT = "The buses are always late in the morning"


class CountingEmbedder:
    model_id = "counting@test"
    dimension = 4

    def __init__(self):
        self.calls = 0

    def encode(self, texts, progress=None):
        self.calls += len(texts)
        return np.array([[len(t), 1, 0, 0] for t in texts], dtype=np.float32)


def _texts(note):
    clean = normalise(note)
    return [clean, *split_statements(clean)]


def _file_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("embeddings.sqlite3*"))


def _rows(folder, table) -> int:
    with sqlite3.connect(folder / "embeddings.sqlite3") as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - a fixed name


def test_a_run_that_read_the_note_before_its_erasure_cannot_cache_it_afterwards(tmp_path):
    cache = SQLiteEmbeddingCache(tmp_path)
    # Another process has the file open throughout, so closing ours never folds the log back.
    other = sqlite3.connect(tmp_path / "embeddings.sqlite3")
    other.execute("SELECT count(*) FROM erased").fetchone()
    emb = CountingEmbedder()
    assert len(_texts(ERASED)) == 3  # the note and its two statements
    # The run caches the note once (an earlier run, or this one's first stage) ...
    embed_texts([*_texts(ERASED), KEPT], emb, cache)
    lemma_texts([ERASED, KEPT], cache=cache)
    # ... the note is erased ...
    assert forget_texts([ERASED], tmp_path) == 3
    # ... and the run, still holding the words, writes what it worked out for them.
    keys = [text_key(t) for t in _texts(ERASED)]
    cache.put_many(emb.model_id, {k: np.ones(4, np.float32) for k in keys})
    cache.put_lemmas(pipeline_id(), {keys[0]: json.dumps([["wombat", "sanctuary"], ["wombat", "sanctuary"]])})
    lemma_texts([ERASED, KEPT], cache=cache)  # what the keyword stage does with the cache
    embed_texts([*_texts(ERASED), KEPT], emb, cache)  # and the embedding stage

    assert cache.get_many(emb.model_id, keys) == {}
    assert cache.get_lemmas(pipeline_id(), keys) == {}
    assert b"wombat" not in _file_bytes(tmp_path)
    # The other note stays cached, vector and parse.
    assert set(cache.get_many(emb.model_id, [text_key(KEPT)])) == {text_key(KEPT)}
    assert set(cache.get_lemmas(pipeline_id(), [text_key(normalise(KEPT))])) == {text_key(normalise(KEPT))}
    assert _rows(tmp_path, "embedding") == 1 and _rows(tmp_path, "lemmas") == 1
    other.close()


def test_erasure_before_the_cache_file_exists_still_keeps_the_note_out(tmp_path):
    folder = tmp_path / "embeddings"  # a first run has read the notes but not yet created the cache
    forget_texts([ERASED], folder)
    cache = SQLiteEmbeddingCache(folder)
    emb = CountingEmbedder()
    embed_texts([*_texts(ERASED), KEPT], emb, cache)
    lemma_texts([ERASED, KEPT], cache=cache)
    assert cache.get_many(emb.model_id, [text_key(t) for t in _texts(ERASED)]) == {}
    assert cache.get_lemmas(pipeline_id(), [text_key(normalise(ERASED))]) == {}
    assert b"wombat" not in _file_bytes(folder)
    assert _rows(folder, "embedding") == 1 and _rows(folder, "lemmas") == 1


def test_the_tombstones_hold_hashes_only(tmp_path):
    SQLiteEmbeddingCache(tmp_path)
    forget_texts([ERASED, KEPT], tmp_path)
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as conn:
        stones = {key for (key,) in conn.execute("SELECT key FROM erased")}
    assert stones == {text_key(t) for t in [ERASED, *_texts(ERASED), KEPT]}
    assert all(len(key) == 64 and int(key, 16) >= 0 for key in stones)
    assert b"wombat" not in _file_bytes(tmp_path)


def test_a_later_note_with_the_same_words_works_but_is_not_cached(tmp_path):
    cache = SQLiteEmbeddingCache(tmp_path)
    forget_texts([KEPT], tmp_path)
    emb = CountingEmbedder()
    first, fresh = embed_texts([KEPT], emb, cache)
    again, fresh_again = embed_texts([KEPT], emb, cache)
    assert fresh == fresh_again == 1 and emb.calls == 2  # embedded again each time: slower, not wrong
    np.testing.assert_array_equal(first, again)
    assert lemma_texts([KEPT], cache=cache) == lemma_texts([KEPT])
    assert _rows(tmp_path, "embedding") == 0 and _rows(tmp_path, "lemmas") == 0


def test_a_cache_file_from_before_tombstones_gains_them(tmp_path):
    with sqlite3.connect(tmp_path / "embeddings.sqlite3") as conn:  # the schema as it was
        conn.execute("CREATE TABLE embedding (model TEXT NOT NULL, key TEXT NOT NULL, "
                     "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key))")
        conn.execute("CREATE TABLE lemmas (pipeline TEXT NOT NULL, key TEXT NOT NULL, "
                     "parsed TEXT NOT NULL, PRIMARY KEY (pipeline, key))")
        conn.execute("INSERT INTO embedding VALUES ('counting@test', ?, 4, ?)",
                     (text_key(KEPT), np.ones(4, np.float32).tobytes()))
    assert forget_texts([KEPT], tmp_path) == 1
    cache = SQLiteEmbeddingCache(tmp_path)
    cache.put_many("counting@test", {text_key(KEPT): np.ones(4, np.float32)})
    assert cache.get_many("counting@test", [text_key(KEPT)]) == {}
