"""Themes that stay put (issue 12): a small change keeps every theme and key; a theme that goes
is recorded with lineage (merged into / split into) so commitments and edits can follow it."""

from __future__ import annotations

import numpy as np

from nlp import Document, PreviousTheme, run_themes
from nlp.stability import lineage


def _previous(result):
    members: dict[str, list[str]] = {}
    for a in result.assignments:
        if a.rank == 0 and a.theme_key:
            members.setdefault(a.theme_key, []).append(a.doc_id)
    return [PreviousTheme(t.key, t.label, t.centroid, False, tuple(members[t.key]))
            for t in result.themes]


def _main(result):
    return {a.doc_id: a.theme_key for a in result.assignments if a.rank == 0}


def test_a_few_more_notes_leave_every_known_note_in_its_theme(result, corpus, config):
    docs = list(corpus[0])
    extra = [Document(id=f"new{i}", text=d.text + " (said again at the market)", kind=d.kind)
             for i, d in enumerate(docs[:3])]
    again = run_themes(docs + extra, config=config, previous=_previous(result))
    assert again.stats["anchored"]
    before, after = _main(result), _main(again)
    assert all(after[d.id] == before[d.id] for d in docs)
    assert [t.key for t in again.themes] == [t.key for t in result.themes]
    # A note said again joins the theme of the note it repeats.
    assert [after[f"new{i}"] for i in range(3)] == [before[d.id] for d in docs[:3]]
    assert again.lineage == {}


def test_a_theme_that_shrinks_below_the_minimum_is_merged_with_lineage(result, corpus, config):
    docs = list(corpus[0])
    smallest = min(result.themes, key=lambda t: t.main_size)
    before = _main(result)
    gone = [d.id for d in docs if before[d.id] == smallest.key][2:]   # two of its notes remain
    kept_docs = [d for d in docs if d.id not in gone]
    again = run_themes(kept_docs, config=config, previous=_previous(result))
    assert again.stats["anchored"]
    keys = {t.key for t in again.themes}
    assert smallest.key not in keys
    record = again.lineage[smallest.key]
    assert record["how"] == "merged" and len(record["into"]) == 1 and record["into"][0] in keys
    after = _main(again)
    moved = [d.id for d in kept_docs if before[d.id] == smallest.key]
    assert moved and all(after[i] == record["into"][0] for i in moved)
    assert all(after[d.id] == before[d.id] for d in kept_docs if d.id not in moved)


def test_a_fresh_run_records_where_an_unmatched_theme_went():
    ids = [f"n{i}" for i in range(12)]
    # Today: theme 0 holds n0-n5, theme 1 holds n6-n11. Before: one theme held all twelve
    # (split), and another held n0-n3 only and lost its key to nobody (merged into theme 0).
    labels = np.array([0] * 6 + [1] * 6)
    centroids = np.eye(2, 4, dtype=np.float32)
    previous = [PreviousTheme("old-both", "Both", [1, 1, 0, 0], note_ids=tuple(ids)),
                PreviousTheme("old-part", "Part", [1, 0, 0, 0], note_ids=tuple(ids[:4]))]
    found = lineage(labels, ids, previous, ["k0", "k1"], centroids)
    assert found == {"old-both": {"how": "split", "into": ["k0", "k1"]},
                     "old-part": {"how": "merged", "into": ["k0"]}}
    # Without note ids the nearest new theme inherits, if close enough; else nothing is claimed.
    near = [PreviousTheme("old-near", "Near", [0.9, 0.1, 0, 0]),
            PreviousTheme("old-far", "Far", [0, 0, 1, 0])]
    assert lineage(labels, ids, near, ["k0", "k1"], centroids) == {
        "old-near": {"how": "merged", "into": ["k0"]}}


def test_a_large_change_clusters_afresh_and_keeps_keys_by_shared_notes(result, corpus, config):
    docs = list(corpus[0])
    half = docs[: len(docs) // 2]
    again = run_themes(half, config=config, previous=_previous(result))
    assert not again.stats["anchored"]   # half the notes are gone: not a small change
    before, after = _main(result), _main(again)
    kept = np.mean([after[d.id] == before[d.id] for d in half])
    assert kept >= 0.8
    # Every previous theme is either still here (same key) or has lineage to today's themes.
    keys = {t.key for t in again.themes}
    for theme in result.themes:
        assert theme.key in keys or set(again.lineage[theme.key]["into"]) <= keys


def test_previous_themes_from_another_model_are_ignored(result, corpus, config):
    """Centroids of another size (another embedding model) can be neither kept nor matched."""
    previous = [PreviousTheme(t.key, t.label, t.centroid[:4], False, p.note_ids)
                for t, p in zip(result.themes, _previous(result), strict=True)]
    again = run_themes(corpus[0], config=config, previous=previous)
    assert not again.stats["anchored"] and again.lineage == {}
    assert all(t.carried_from is None for t in again.themes)
