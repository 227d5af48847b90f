"""What a reader sees, as numbers: grab-bags, labels that fit their notes, quotes that belong, stability.

Used by bench/theme_quality.py; kept in the library so a notebook can run the same checks on any
system's output. Every function takes plain arrays: `labels` is one theme index per note (-1 for
"not yet grouped"), `truth` the human label per note, `vecs` the notes' unit vectors from the same
embedding model that embeds the theme labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

GRAB_BAG_SHARE = 0.05    # a theme holding more than this share of all notes ...
GRAB_BAG_PURITY = 0.5    # ... with purity below this is a grab-bag
VANISH_SHARE = 0.03      # a theme this big may not disappear without lineage


def agreement(labels, truth) -> dict[str, float]:
    """NMI, AMI and ARI against human labels; -1 ("not yet grouped") counts as one group, as a
    reader would see it on the page."""
    from sklearn.metrics import (
        adjusted_mutual_info_score,
        adjusted_rand_score,
        normalized_mutual_info_score,
    )

    return {"nmi": float(normalized_mutual_info_score(truth, labels)),
            "ami": float(adjusted_mutual_info_score(truth, labels)),
            "ari": float(adjusted_rand_score(truth, labels))}


def purity(labels: np.ndarray, truth: Sequence[str]) -> dict:
    """Size-weighted purity of the themed notes, the largest theme's share and purity, grab-bags.

    Purity of a theme = share of its notes carrying its most common human label."""
    labels = np.asarray(labels)
    truth = np.asarray(truth, dtype=object)
    n = len(labels)
    themed = labels != -1
    per: dict[int, tuple[int, float]] = {}
    for t in np.unique(labels[themed]):
        members = truth[labels == t]
        top = Counter(members).most_common(1)[0][1]
        per[int(t)] = (len(members), top / len(members))
    total = sum(size for size, _ in per.values())
    weighted = sum(size * p for size, p in per.values()) / total if total else 0.0
    largest = max(per.items(), key=lambda kv: kv[1][0]) if per else (None, (0, 0.0))
    bags = [t for t, (size, p) in per.items()
            if size > GRAB_BAG_SHARE * n and p < GRAB_BAG_PURITY]
    return {"purity": weighted, "largest_share": largest[1][0] / max(n, 1),
            "largest_purity": largest[1][1], "grab_bags": len(bags)}


def _nearest_label(vecs: np.ndarray, label_vecs: np.ndarray) -> np.ndarray:
    return np.argmax(vecs @ label_vecs.T, axis=1)


def label_fidelity(vecs: np.ndarray, labels: np.ndarray, label_vecs: np.ndarray) -> float:
    """Share of themed notes whose nearest label (cosine, same model) is their own theme's.

    `label_vecs[t]` is theme t's label vector; labels index into it."""
    labels = np.asarray(labels)
    themed = np.flatnonzero(labels != -1)
    if not len(themed) or not len(label_vecs):
        return 0.0
    return float(np.mean(_nearest_label(vecs[themed], label_vecs) == labels[themed]))


def quote_fidelity(vecs: np.ndarray, labels: np.ndarray, label_vecs: np.ndarray,
                   quotes: Mapping[int, Sequence[int]]) -> float:
    """Share of shown quotes (theme -> note rows) whose note has that theme as its main theme and
    is nearer that theme's label than any other label."""
    labels = np.asarray(labels)
    pairs = [(t, row) for t, rows in quotes.items() for row in rows]
    if not pairs:
        return float("nan")
    rows = np.array([row for _, row in pairs])
    near = _nearest_label(vecs[rows], label_vecs)
    return float(np.mean([labels[row] == t and near[i] == t
                          for i, (t, row) in enumerate(pairs)]))


def key_stability(before: Mapping[str, str | None], after: Mapping[str, str | None],
                  lineage: Mapping[str, Sequence[str]] | None = None) -> dict:
    """Between two runs (note id -> theme key): share of common notes keeping their key, and the
    themes holding >= VANISH_SHARE of the first run's notes whose key is gone from the second run
    with no recorded lineage (`lineage`: vanished key -> keys it went into)."""
    common = [i for i in before if i in after]
    kept = float(np.mean([before[i] == after[i] for i in common])) if common else 0.0
    sizes = Counter(k for k in before.values() if k is not None)
    now = {k for k in after.values() if k is not None}
    lineage = lineage or {}
    big = [k for k, size in sizes.items() if size >= VANISH_SHARE * len(before)]
    vanished = [k for k in big if k not in now]
    orphaned = [k for k in vanished if not lineage.get(k)]
    return {"kept": kept, "vanished": len(vanished), "vanished_without_lineage": len(orphaned)}


def matched_keys(before: Sequence[int], after: Sequence[int], prefix: str = "t") -> list[str | None]:
    """Keys for a system that has none (plain BERTopic): each topic of `after` takes the key of
    the `before` topic it shares most notes with (one-to-one, Hungarian), else a fresh key.

    `before` and `after` are topic indices of the same notes (-1: none). Generous to the system:
    it is the best matching any key carry-over could make."""
    from scipy.optimize import linear_sum_assignment

    before, after = np.asarray(before), np.asarray(after)
    a_ids = [t for t in np.unique(after) if t != -1]
    b_ids = [t for t in np.unique(before) if t != -1]
    if not a_ids or not b_ids:
        return [None if t == -1 else f"new-{t}" for t in after]
    overlap = np.zeros((len(a_ids), len(b_ids)))
    ai = {t: i for i, t in enumerate(a_ids)}
    bi = {t: i for i, t in enumerate(b_ids)}
    for x, y in zip(after, before, strict=True):
        if x != -1 and y != -1:
            overlap[ai[x], bi[y]] += 1
    rows, cols = linear_sum_assignment(-overlap)
    mapping = {a_ids[r]: f"{prefix}{b_ids[c]}" for r, c in zip(rows, cols, strict=True)
               if overlap[r, c] > 0}
    return [None if t == -1 else mapping.get(t, f"new-{t}") for t in after]
