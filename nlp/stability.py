"""Themes that stay put between runs, and a record of where a theme went when it did not.

Two cases, chosen by how much the notes changed since the previous run (issue 12):

* **A small change** (the previous themes carry their note ids, at least ANCHOR_MIN_KNOWN of
  today's notes were in that run and that share of its notes are still here): the previous themes are kept. A known note stays in its theme;
  a new note joins the theme whose centre it is nearest, or is "not yet grouped" when it is further
  from every centre than almost all grouped notes are from theirs. Themes that fall below the
  minimum size are folded into their nearest neighbour, recorded as lineage.
* **A larger change** (or no note ids): the notes are clustered afresh and the new themes are
  matched to the previous ones, by shared notes when ids are known, else by centroid (nlp.carry).
  A previous theme left without a match gets lineage: the new themes its notes went to
  (merged into one, or split into several), or, without ids, the nearest new theme.

Lineage lets the app move commitments, curation edits and published links along with a theme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from nlp.cluster import centroids_of, normalise_rows
from nlp.types import PreviousTheme

ANCHOR_MIN_KNOWN = 0.9       # share of today's notes that must have been in the previous run
NEW_NOTE_QUANTILE = 0.02     # a new note further than this quantile of grouped notes: not grouped
LINEAGE_MIN_SHARE = 0.25     # a new theme holding this share of an old theme's notes inherits it
LINEAGE_MIN_SIMILARITY = 0.6  # without ids: the nearest new centre must be at least this close


def can_anchor(previous: Sequence[PreviousTheme] | None, doc_ids: Sequence[str]) -> bool:
    """A small change: at least ANCHOR_MIN_KNOWN of today's notes were in the previous run, and
    at least that share of the previous run's notes are still here."""
    if not previous or not any(p.note_ids for p in previous):
        return False
    known = {i for p in previous for i in p.note_ids}
    here = set(doc_ids)
    return (bool(here) and len(here & known) >= ANCHOR_MIN_KNOWN * len(here)
            and len(here & known) >= ANCHOR_MIN_KNOWN * len(known))


def anchored_labels(x: np.ndarray, doc_ids: Sequence[str], previous: Sequence[PreviousTheme],
                    min_size: int) -> tuple[np.ndarray, dict[int, int]]:
    """Theme index per row (index into `previous`; -1 not yet grouped) and folds {small: into}."""
    home = {i: t for t, p in enumerate(previous) for i in p.note_ids}
    labels = np.array([home.get(i, -1) for i in doc_ids])
    known = labels >= 0
    k = len(previous)
    cents = _centres(x, labels, previous)
    if (~known).any():
        sims = x[~known] @ cents.T
        best = np.argmax(sims, axis=1)
        own = np.sum(x[known] * cents[labels[known]], axis=1)
        floor = float(np.quantile(own, NEW_NOTE_QUANTILE)) if len(own) else -1.0
        labels[~known] = np.where(sims[np.arange(len(best)), best] >= floor, best, -1)
    folds: dict[int, int] = {}
    while True:
        sizes = np.bincount(labels[labels >= 0], minlength=k)
        alive = [t for t in range(k) if sizes[t] > 0 and t not in folds]
        small = [t for t in alive if sizes[t] < min_size]
        if not small or len(alive) <= 1:
            break
        t = min(small, key=lambda s: (sizes[s], s))
        cents = _centres(x, labels, previous)
        others = [s for s in alive if s != t]
        into = others[int(np.argmax(cents[others] @ cents[t]))]
        folds[t] = into
        labels[labels == t] = into
    return labels, folds


def _centres(x: np.ndarray, labels: np.ndarray, previous: Sequence[PreviousTheme]) -> np.ndarray:
    """Current centre of each previous theme (its previous centroid when it has no notes now)."""
    old = normalise_rows(np.array([p.centroid for p in previous], dtype=np.float32))
    rows = labels >= 0
    if not rows.any():
        return old
    now = centroids_of(x[rows], labels[rows], len(previous))
    empty = np.bincount(labels[rows], minlength=len(previous)) == 0
    now[empty] = old[empty]
    return now


def match_by_notes(labels: np.ndarray, doc_ids: Sequence[str], previous: Sequence[PreviousTheme],
                   centroids: np.ndarray, min_share: float = 0.5) -> dict[int, tuple[PreviousTheme, float]]:
    """One-to-one match of new themes to previous ones by shared notes (Hungarian method).

    A pair matches when the shared notes are at least `min_share` of the smaller of the two."""
    from scipy.optimize import linear_sum_assignment

    k = len(centroids)
    overlap = np.zeros((k, len(previous)))
    index = {i: t for t, p in enumerate(previous) for i in p.note_ids}
    for row, doc_id in enumerate(doc_ids):
        if labels[row] >= 0 and doc_id in index:
            overlap[labels[row], index[doc_id]] += 1
    new_sizes = np.bincount(labels[labels >= 0], minlength=k)
    old_sizes = np.array([len(p.note_ids) for p in previous])
    rows, cols = linear_sum_assignment(-overlap)
    out = {}
    for r, c in zip(rows, cols, strict=True):
        if overlap[r, c] >= min_share * max(min(new_sizes[r], old_sizes[c]), 1):
            sim = float(normalise_rows(centroids[r:r + 1])[0] @ normalise_rows(
                np.array([previous[c].centroid], np.float32))[0])
            out[int(r)] = (previous[c], sim)
    return out


def lineage(labels: np.ndarray, doc_ids: Sequence[str], previous: Sequence[PreviousTheme],
            keys: Sequence[str], centroids: np.ndarray) -> dict[str, dict]:
    """{previous key: {"how": "merged"|"split", "into": [new keys]}} for previous themes whose key
    is not among today's `keys` (theme index -> key)."""
    alive = set(keys)
    out: dict[str, dict] = {}
    for p in previous or []:
        if p.key in alive:
            continue
        into: list[str] = []
        if p.note_ids:
            members = set(p.note_ids)
            went = Counter(int(labels[r]) for r, i in enumerate(doc_ids)
                           if i in members and labels[r] >= 0)
            total = sum(went.values())
            into = [keys[t] for t, n in went.most_common() if n >= LINEAGE_MIN_SHARE * total]
            if not into and went:
                into = [keys[went.most_common(1)[0][0]]]
        if not into and len(centroids):
            old = normalise_rows(np.array([p.centroid], np.float32))[0]
            sims = normalise_rows(centroids) @ old
            if sims.max() >= LINEAGE_MIN_SIMILARITY:
                into = [keys[int(np.argmax(sims))]]
        if into:
            out[p.key] = {"how": "merged" if len(into) == 1 else "split", "into": into}
    return out
