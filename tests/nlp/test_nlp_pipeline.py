"""Behaviour of run_themes on a small synthetic corpus with clear themes."""

from __future__ import annotations

import dataclasses

from sklearn.metrics import normalized_mutual_info_score

from nlp import Document, run_themes
from nlp.phrases import INNER_WORDS, load_vocabulary
from nlp.prepare import DOMAIN_STOP_WORDS, stop_words


def _main(result):
    return {a.doc_id: a.theme_key for a in result.assignments if a.rank == 0}


def test_every_note_gets_rows_main_first(result, corpus):
    docs = corpus[0]
    by_doc = result.by_doc()
    assert set(by_doc) == {d.id for d in docs}
    for rows in by_doc.values():
        assert [a.rank for a in rows] == list(range(len(rows)))
        scores = [a.score for a in rows]
        assert scores == sorted(scores, reverse=True)
        assert len({a.theme_key for a in rows}) == len(rows)


def test_themes_are_recognisable(result, corpus):
    docs, truth = corpus
    main = _main(result)
    themed = [d for d in docs if main[d.id] is not None]
    assert len(themed) / len(docs) >= 0.9
    assert 6 <= len(result.themes) <= 40
    nmi = normalized_mutual_info_score([truth[i] for i, d in enumerate(docs)], [main[d.id] for d in docs])
    assert nmi > 0.7


def test_notes_can_carry_several_themes(result):
    multi = [rows for rows in result.by_doc().values() if len(rows) > 1]
    assert multi, "two-topic notes ('... but ...') should carry a second theme"


def test_labels_are_short_and_never_domain_words(result):
    labels = [t.label for t in result.themes]
    assert len(set(labels)) == len(labels)
    for theme in result.themes:
        words = theme.label.replace(",", " ").lower().split()
        content = [w for w in words if w != "and"]
        assert 2 <= len(words) <= 5, theme.label
        assert not set(content) & DOMAIN_STOP_WORDS, theme.label
        # Issue 12 replaces "no stop word at all" (keyword pairs) with phrases residents use:
        # a label starts and ends with a content word, and a stop word inside it is only a
        # small function word ("Scared at night", "Swings in the park").
        assert words[0] not in stop_words() and words[-1] not in stop_words(), theme.label
        assert all(w not in stop_words() or w in INNER_WORDS for w in content), theme.label
        for kw in theme.keywords:
            assert not set(kw.lower().split()) & DOMAIN_STOP_WORDS


def test_labels_are_phrases_the_notes_use_or_a_civic_name(result, corpus):
    """Issue 12: a label is a phrase several of the theme's own notes contain, or a name from the
    editable civic vocabulary; never two keywords joined by "and" that no note joins."""
    texts = {d.id: d.text.lower() for d in corpus[0]}
    main = _main(result)
    vocabulary = {name.lower() for name in load_vocabulary()}
    for theme in result.themes:
        label = theme.label.lower()
        if label in vocabulary:
            continue
        users = [i for i, key in main.items() if key == theme.key and label in texts[i]]
        assert len(users) >= 2, theme.label
        assert " and " not in f" {label} ", theme.label


def test_every_quote_sits_under_the_label_nearest_to_it(result, corpus, embedder):
    """A quote is shown under a theme only if that theme's label is, of all labels, the one
    nearest to the quoted note (and the theme is the note's main theme)."""
    import numpy as np

    vec = dict(zip([d.id for d in corpus[0]], embedder.encode([d.text for d in corpus[0]]), strict=True))
    label_vecs = embedder.encode([t.label for t in result.themes])
    main = _main(result)
    for i, theme in enumerate(result.themes):
        for doc_id in theme.quote_ids:
            assert main[doc_id] == theme.key
            assert int(np.argmax(label_vecs @ vec[doc_id])) == i, (theme.label, doc_id)


def test_counts_add_up(result, corpus):
    docs = corpus[0]
    kinds = {d.id: d.kind for d in docs}
    for theme in result.themes:
        carrying = [a.doc_id for a in result.assignments if a.theme_key == theme.key]
        assert theme.size == len(carrying)
        assert theme.love == sum(kinds[i] == "love" for i in carrying)
        assert theme.change == sum(kinds[i] == "change" for i in carrying)
        assert sum(theme.ward_counts.values()) == theme.size
        assert sum(theme.period_counts.values()) == theme.size
        assert len(theme.centroid) == 384


def test_quotes_only_consented_and_redacted(result, corpus):
    docs = {d.id: d for d in corpus[0]}
    main = _main(result)
    quoted = 0
    for theme in result.themes:
        assert theme.quote_ids == [q.doc_id for q in theme.quotes]
        for q in theme.quotes:
            assert docs[q.doc_id].consent == "quote"
            assert main[q.doc_id] == theme.key
            quoted += 1
        assert len(set(theme.quote_ids)) == len(theme.quote_ids) <= 3
    assert quoted > 0


def test_no_quotes_below_suppression_threshold(corpus, config):
    cfg = dataclasses.replace(config, min_quote_group=10_000)
    res = run_themes(corpus[0], config=cfg)
    assert all(t.quotes == [] and t.quote_ids == [] for t in res.themes)


def test_same_seed_same_result(result, corpus, config):
    again = run_themes(corpus[0], config=config)
    assert [(a.doc_id, a.theme_key, a.score, a.rank) for a in again.assignments] == [
        (a.doc_id, a.theme_key, a.score, a.rank) for a in result.assignments]
    assert [t.label for t in again.themes] == [t.label for t in result.themes]
    assert again.stats["embedded"] == 0  # everything came from the cache


def test_empty_and_blank_notes_are_unthemed(config, corpus):
    docs = list(corpus[0][:60]) + [Document(id="blank", text="   "), Document(id="empty", text="")]
    res = run_themes(docs, config=config)
    rows = res.by_doc()
    assert [(a.theme_key, a.rank) for a in rows["blank"]] == [(None, 0)]
    assert [(a.theme_key, a.rank) for a in rows["empty"]] == [(None, 0)]


def test_progress_is_reported(corpus, config):
    seen = []
    run_themes(corpus[0][:40], config=config, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert any("embed" in m for _, m in seen) and any("cluster" in m for _, m in seen)


def test_large_corpora_cluster_on_a_neighbour_graph_and_still_find_the_groups():
    """Above GRAPH_ABOVE notes the small-cluster stage merges only nearest neighbours (fast);
    it must still recover well-separated groups, and give the same answer for any seed."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    from nlp import cluster

    rng = np.random.default_rng(7)
    groups = 8
    centres = rng.normal(size=(groups, 32))
    truth = np.repeat(np.arange(groups), (cluster.GRAPH_ABOVE + 800) // groups)
    x = cluster.normalise_rows(centres[truth] + 0.35 * rng.normal(size=(len(truth), 32)))
    assert len(x) > cluster.GRAPH_ABOVE

    first = cluster.cluster_embeddings(x, groups, seed=1)
    second = cluster.cluster_embeddings(x, groups, seed=2)

    assert adjusted_rand_score(truth, first.labels) > 0.95
    assert np.array_equal(first.labels, second.labels)


def test_an_edited_civic_vocabulary_names_the_theme_it_clearly_matches(corpus, config, tmp_path):
    """The organiser's vocabulary names a theme only when it clearly matches; other themes keep
    phrases from their own notes, and with the vocabulary off no name from it appears."""
    words = tmp_path / "vocabulary.txt"
    words.write_text("# ours\nBus services and timetables\nSeaside piers and arcades\n", encoding="utf-8")
    named = run_themes(corpus[0], config=dataclasses.replace(config, vocabulary_path=words))
    labels = [t.label for t in named.themes]
    assert "Bus services and timetables" in labels
    assert "Seaside piers and arcades" not in labels   # nothing in the notes is about piers
    bus = next(t for t in named.themes if t.label == "Bus services and timetables")
    assert any("bus" in kw for kw in bus.keywords)
    plain = run_themes(corpus[0], config=dataclasses.replace(config, vocabulary_path=words,
                                                             use_vocabulary=False))
    assert "Bus services and timetables" not in [t.label for t in plain.themes]


def test_labels_are_chosen_among_those_the_callers_rule_allows(corpus, config, result):
    """The app may show only words enough notes use (docs/disclosure.md). A label the rule would
    refuse is never chosen and then replaced by a number: the best allowed phrase wins instead,
    and a theme whose phrases are all refused is named by one of its own allowed words."""
    refused = {w for t in result.themes for w in t.label.lower().split() if len(w) > 3}
    allowed = lambda label: not set(label.lower().split()) & refused  # noqa: E731
    ruled = run_themes(corpus[0], config=dataclasses.replace(config, label_allowed=allowed))
    texts = {d.id: d.text.lower() for d in corpus[0]}
    main = _main(ruled)
    vocabulary = {name.lower() for name in load_vocabulary()}
    assert len(ruled.themes) == len(result.themes)
    for theme in ruled.themes:
        label = theme.label.lower()
        assert not label.startswith("theme ")
        if label in vocabulary:  # the organiser's own names are not residents' words
            continue
        assert allowed(theme.label), theme.label
        assert sum(1 for i, key in main.items() if key == theme.key and label in texts[i]) >= 2, theme.label
