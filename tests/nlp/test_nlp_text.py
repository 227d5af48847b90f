"""Text preparation, labels, the embedding cache and the library boundary."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np

from nlp.describe import pick_quotes
from nlp.embed import SQLiteEmbeddingCache, embed_texts, forget_texts, text_key
from nlp.labels import make_label
from nlp.prepare import analyzer, lemma_texts, split_statements
from nlp.types import Document


def test_split_statements_on_clauses_not_on_fish_and_chips():
    assert split_statements("The park is lovely but the bins are never emptied on our street") == [
        "The park is lovely", "the bins are never emptied on our street"]
    assert split_statements("The chippy on the corner does great fish and chips every Friday") == [
        "The chippy on the corner does great fish and chips every Friday"]
    assert split_statements("Bins are late.") == ["Bins are late."]
    assert len(split_statements("The buses are always late in the morning. Potholes everywhere on Leeds Road!")) == 2


def test_lemmas_drop_stop_and_domain_words():
    (text,) = lemma_texts(["I would love more buses and better bins in the area"])
    grams = analyzer(text)
    assert "bus" in grams and "bin" in grams
    assert not {"love", "would", "more", "better", "area"} & set(grams)


def test_labels_avoid_domain_words_and_duplicates():
    label = make_label(["love", "area", "bin collection", "recycling"])
    assert label == "Bin collection and recycling"
    other = make_label(["bin collection", "recycling", "rats"], taken={label.lower()})
    assert other != label and 2 <= len(other.replace(",", "").split()) <= 5


class CountingEmbedder:
    model_id = "counting@test"
    dimension = 4

    def __init__(self):
        self.calls = 0

    def encode(self, texts, progress=None):
        self.calls += len(texts)
        return np.array([[len(t), 1, 0, 0] for t in texts], dtype=np.float32)


def test_cache_hit_avoids_re_embedding(tmp_path):
    emb = CountingEmbedder()
    cache = SQLiteEmbeddingCache(tmp_path)
    first, fresh = embed_texts(["a bus", "a bin", "a bus"], emb, cache)
    assert fresh == 2 and emb.calls == 2
    second, fresh = embed_texts(["a bin", "a bus", "new note"], emb, cache)
    assert fresh == 1 and emb.calls == 3
    np.testing.assert_array_equal(second[0], first[1])


def test_forget_texts_erases_notes_and_their_statements_for_every_model(tmp_path):
    note = "The park is lovely but the bins are never emptied on our street"
    kept = "The 42 bus is always late"
    cache = SQLiteEmbeddingCache(tmp_path)
    first, other = CountingEmbedder(), CountingEmbedder()
    other.model_id = "other@test"
    statements = split_statements(note)
    embed_texts([note, *statements, kept], first, cache)
    embed_texts([note], other, cache)
    assert forget_texts([note], tmp_path) == 4  # note + 2 statements (first model), note (other)
    for model in (first.model_id, other.model_id):
        assert cache.get_many(model, [text_key(t) for t in [note, *statements]]) == {}
    assert set(cache.get_many(first.model_id, [text_key(kept)])) == {text_key(kept)}
    assert cache.delete_many([]) == 0
    assert forget_texts([note], tmp_path / "no-cache-here") == 0


def test_quotes_need_consent_and_a_big_enough_group():
    docs = [Document(id=str(i), text=f"The bins were missed again on street number {i}",
                     consent="quote" if i % 2 else "analysis") for i in range(8)]
    docs.append(Document(id="p", text="Call me on 07700 900123 about the missed bins", consent="quote"))
    vecs = np.ones((9, 3), dtype=np.float32) / np.sqrt(3)
    main = np.zeros(9, dtype=int)
    cents = vecs[:1]
    quotes = pick_quotes(docs, vecs, main, cents, 0, group_size=9, min_group=5)
    assert quotes and all(docs[int(q.doc_id)].consent == "quote" if q.doc_id != "p" else True for q in quotes)
    assert all(q.doc_id == "p" or int(q.doc_id) % 2 == 1 for q in quotes)
    texts = [q.text for q in quotes if q.doc_id == "p"]
    assert all("07700" not in t for t in texts)
    assert pick_quotes(docs, vecs, main, cents, 0, group_size=4, min_group=5) == []


def test_nlp_never_imports_the_web_app():
    root = Path(__file__).resolve().parents[2] / "nlp"
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"flask", "listening"}, f"{path.name} imports {name}"


def test_default_theme_count_suits_a_city_briefing():
    from nlp.cluster import auto_theme_count

    assert auto_theme_count(600) == 18  # ~600 notes: bins, buses, GP access, damp, ... not 8
    assert auto_theme_count(100) == 8 and auto_theme_count(100_000) == 40  # clamped
    assert auto_theme_count(30) <= 30 // 5  # never more themes than minimum-size groups
    # A deployment that lifts the readability cap gets the square-root rule alone.
    assert auto_theme_count(10_000, high=None) == 75
    assert auto_theme_count(100, high=None) == 8


def test_labels_join_two_keywords_only_when_the_notes_use_them_together():
    together = {"damp": {0, 1, 2, 3}, "mould": {0, 1, 2}, "landlord": {3}}
    assert make_label(["damp", "mould", "landlord"], notes_with=together) == "Damp and mould"
    apart = {"food bank": {0, 1, 2, 3}, "bags": {4, 5, 6}}
    assert make_label(["food bank", "bags"], notes_with=apart) == "Food bank"
    # A single word with no partner in its notes still gets a second keyword (2-5 words).
    assert make_label(["potholes", "bumps"], notes_with={"potholes": {0, 1}, "bumps": {2}}) == \
        "Potholes and bumps"
    # Without co-occurrence evidence the old rule holds.
    assert make_label(["food bank", "bags"]) == "Food bank and bags"


def test_sentence_fragments_never_head_a_label():
    assert make_label(["neighbours look", "drug dealing", "honestly"]) == "Drug dealing"
    assert make_label(["library helped", "benefits form"],
                      notes_with={"library helped": {0, 1}, "benefits form": {2, 3}}) == "Benefits form"


def test_labels_on_a_fixture_corpus_of_two_mixed_themes():
    from nlp.pipeline import _readable_keywords

    # Project-written notes: theme 0 talks about damp and mould together; theme 1 mixes food
    # bank notes with bin bag notes that never mention each other.
    notes = ["Damp and mould in the back bedroom again", "Black mould and damp walls in our flat",
             "The damp and mould make my son cough", "Landlord ignores the damp and mould",
             "The food bank saved us this winter", "Food bank queues are longer every week",
             "Volunteers at the food bank are kind", "Bin bags left out for weeks",
             "Foxes rip the bin bags open", "Nobody collects the bin bags on Fridays"]
    surfaces: dict = {}
    lemmas = lemma_texts(notes, surfaces=surfaces)
    labels = np.array([0] * 4 + [1] * 6)
    keywords = [["damp", "mould", "landlord"], ["food bank", "bin bag", "volunteer"]]
    shown, notes_with = _readable_keywords(keywords, lemmas, labels, surfaces)
    assert make_label(shown[0], notes_with=notes_with[0]) == "Damp and mould"
    assert make_label(shown[1], notes_with=notes_with[1]) in {"Food bank", "Bin bags"}
