"""Carry-over of theme keys between runs, and saved runs assigning new notes."""

from __future__ import annotations

import numpy as np

from nlp import PreviousTheme, load_model, run_themes
from nlp.carry import match_previous


def test_rerun_keeps_keys_and_locked_labels(result, corpus, config):
    previous = [PreviousTheme(t.key, t.label, t.centroid, locked=False) for t in result.themes]
    previous[0] = PreviousTheme(result.themes[0].key, "Our own name for it", result.themes[0].centroid, locked=True)
    more = list(corpus[0]) + [d.__class__(id=f"x{i}", text=d.text + " again", kind=d.kind)
                              for i, d in enumerate(corpus[0][:20])]
    res = run_themes(more, config=config, previous=previous)
    old_keys = {t.key for t in result.themes}
    new_keys = {t.key for t in res.themes}
    assert len(old_keys & new_keys) >= len(old_keys) - 1
    locked = [t for t in res.themes if t.key == result.themes[0].key]
    assert locked and locked[0].label == "Our own name for it" and locked[0].locked
    assert all(t.carried_from == t.key for t in res.themes if t.key in old_keys)


def test_unrelated_previous_themes_are_not_matched():
    rng = np.random.default_rng(0)
    new = rng.normal(size=(3, 8)).astype(np.float32)
    old = [PreviousTheme("old", "Old", list(-new[0]))]
    assert match_previous(new, old, 0.8) == {}
    same = [PreviousTheme("same", "Same", list(new[1] * 2))]
    matched = match_previous(new, same, 0.8)
    assert list(matched) == [1] and matched[1][0].key == "same"


def test_saved_run_assigns_new_notes(result, corpus, embedder, tmp_path):
    result.save(tmp_path / "run")
    assert (tmp_path / "run" / "themes.safetensors").exists()
    model = load_model(tmp_path / "run", embedder=embedder)
    docs = corpus[0]
    main = {a.doc_id: a.theme_key for a in result.assignments if a.rank == 0}
    # A fitted note, assigned again by the saved model, lands on (almost always) the same theme.
    sample = docs[:40]
    again = model.assign([d.text for d in sample], kinds=[d.kind for d in sample])
    agree = np.mean([rows[0].theme_key == main[d.id] for d, rows in zip(sample, again, strict=True)])
    assert agree >= 0.85
    out = model.assign(["", "The number 19 bus never turns up and the bus stop timetable is wrong"])
    assert out[0][0].theme_key is None
    bus_theme = out[1][0].theme_key
    assert bus_theme in {t.key for t in result.themes}
    label = {t.key: t.label for t in result.themes}[bus_theme].lower()
    assert "bus" in label or "route" in label
