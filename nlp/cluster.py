"""Clustering that suits residents' notes: every note themed, a readable number of themes, stable.

Plain BERTopic (UMAP + HDBSCAN) leaves 25-30 % of short notes as outliers, makes 40-300 topics and
moves when the UMAP seed changes (see docs/nlp.md). Hark instead:

1. removes the love/change offset, so a theme is about *what* people talk about, not how they feel
   (love and change are counted inside each theme);
2. groups the notes into ~n/20 small clusters with Ward linkage (no random start, so the result
   does not depend on a seed; above GRAPH_ABOVE (4k) notes only nearest neighbours may merge, which
   keeps it fast; above SAMPLE_LIMIT (15k) notes Ward runs on a seeded sample and the rest join
   their nearest small cluster);
3. merges those small clusters with Ward linkage on their centres to the target number of themes;
4. folds themes below a minimum size into their nearest neighbour and refines by nearest centre.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SAMPLE_LIMIT = 15_000  # above this, the small-cluster stage runs on a seeded sample
PCA_ABOVE = 4_000      # reduce to 64 dimensions first (deterministic PCA) to keep Ward fast
GRAPH_ABOVE = 4_000    # small-cluster Ward joins only nearest neighbours (see _micro_ward)
GRAPH_NEIGHBOURS = 10


THEMES_PER_SQRT = 0.75  # target themes = 0.75 * sqrt(notes): 600 notes -> 18, 2,400 -> 37


def auto_theme_count(n: int, low: int = 8, high: int | None = 40, min_size: int = 5) -> int:
    """Theme count a person can read: grows with the square root of the corpus, clamped.

    0.75 * sqrt(n) (was sqrt(n) / 3 until 2026-11): a city briefing of ~600 notes asks for ~18
    themes (bins, buses, GP access, damp, street lighting, ... rather than 8 catch-alls); themes
    below the minimum size are folded afterwards, so fewer may be found. `high=None` lifts the
    readability cap (the rule alone: 10,000 notes -> 75 themes).
    """
    k = round(THEMES_PER_SQRT * math.sqrt(max(n, 1)))
    k = max(k, low) if high is None else min(max(k, low), high)
    return max(1, min(k, n // max(min_size, 1)))


def normalise_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


@dataclass
class KindOffsets:
    """Per-kind shift that puts each kind's mean on the global mean (love/change neutralised)."""

    offsets: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def fit(cls, x: np.ndarray, kinds: Sequence[str | None] | None, min_count: int = 20):
        if kinds is None:
            return cls()
        kinds_arr = np.array([k or "" for k in kinds], dtype=object)
        present = [k for k in sorted(set(kinds_arr) - {""}) if (kinds_arr == k).sum() >= min_count]
        if len(present) < 2:
            return cls()
        centre = x.mean(axis=0)
        return cls({k: (centre - x[kinds_arr == k].mean(axis=0)).astype(np.float32)
                    for k in present})

    def apply(self, x: np.ndarray, kinds: Sequence[str | None] | None) -> np.ndarray:
        if not self.offsets or kinds is None:
            return normalise_rows(x)
        shifted = x.copy()
        for i, kind in enumerate(kinds):
            offset = self.offsets.get(kind or "")
            if offset is not None:
                shifted[i] += offset
        return normalise_rows(shifted)


def _ward(x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    if k >= len(x):
        return np.arange(len(x))
    return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x)


def _micro_ward(x: np.ndarray, k: int) -> np.ndarray:
    """Ward into k small clusters; above GRAPH_ABOVE rows only k-nearest-neighbour pairs may merge.

    Unconstrained Ward costs O(n^2): 7 s for 13k notes on this 2-core machine, slower than
    plain BERTopic's whole fit. Letting a note merge only with its 10 nearest neighbours (an exact,
    deterministic k-NN graph) brings that to ~2 s; on BANKING77 the themes agree as well with the
    labels as before (docs/nlp.md). Small clusters are local by nature, so the graph costs little.
    """
    if len(x) <= GRAPH_ABOVE or k >= len(x):
        return _ward(x, k)
    import warnings

    from sklearn.cluster import AgglomerativeClustering
    from sklearn.neighbors import kneighbors_graph

    graph = kneighbors_graph(x, GRAPH_NEIGHBOURS, include_self=False)
    with warnings.catch_warnings():  # a graph of several parts is completed by sklearn: fine here
        warnings.simplefilter("ignore", UserWarning)
        return AgglomerativeClustering(n_clusters=k, linkage="ward",
                                       connectivity=graph).fit_predict(x)


def _reduce(x: np.ndarray) -> np.ndarray:
    if len(x) <= PCA_ABOVE or x.shape[1] <= 64:
        return x
    from sklearn.decomposition import PCA

    return PCA(64, svd_solver="covariance_eigh").fit_transform(x)


def centroids_of(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((k, x.shape[1]), dtype=np.float32)
    np.add.at(out, labels, x)
    return normalise_rows(out)


@dataclass
class ClusterResult:
    labels: np.ndarray       # theme index per row, 0..k-1, sorted by size (largest first)
    centroids: np.ndarray    # unit vectors, one per theme, in the kind-neutral space
    micro_labels: np.ndarray


def cluster_embeddings(x: np.ndarray, n_themes: int, seed: int = 42, min_size: int = 5,
                       refine_iters: int = 2, micro_per_note: int = 20,
                       progress=None) -> ClusterResult:
    """Cluster unit vectors into `n_themes` themes (fewer if the corpus is tiny)."""
    n = x.shape[0]
    if n == 0:
        return ClusterResult(np.zeros(0, int), np.zeros((0, x.shape[1]), np.float32),
                             np.zeros(0, int))
    n_themes = max(1, min(n_themes, n))
    n_micro = int(min(max(n // micro_per_note, 3 * n_themes), 400, n))
    if n > SAMPLE_LIMIT:
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(n, SAMPLE_LIMIT, replace=False))
        sample_micro = _micro_ward(_reduce(x[sample]), n_micro)
        centres = centroids_of(x[sample], sample_micro, n_micro)
        micro = _nearest(x, centres)
    else:
        micro = _micro_ward(_reduce(x), n_micro)
    if progress:
        progress(0.5, f"grouped notes into {n_micro} small clusters")
    micro_centres = centroids_of(x, micro, n_micro)
    labels = _ward(micro_centres, n_themes)[micro]
    labels = _fold_small(x, labels, min_size)
    for _ in range(refine_iters):
        ids = np.unique(labels)
        cents = centroids_of(x, np.searchsorted(ids, labels), len(ids))
        new = _fold_small(x, ids[_nearest(x, cents)], min_size)
        if np.array_equal(new, labels):
            break
        labels = new
    labels = _sort_by_size(labels)
    k = int(labels.max()) + 1
    return ClusterResult(labels, centroids_of(x, labels, k), micro)


def _nearest(x: np.ndarray, centres: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    return np.concatenate([np.argmax(x[i:i + chunk] @ centres.T, axis=1)
                           for i in range(0, len(x), chunk)])


def _fold_small(x: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Move members of themes smaller than min_size to their nearest remaining theme."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels, return_counts=True)
        if len(ids) <= 1 or counts.min() >= min_size:
            return labels
        small = ids[np.argmin(counts)]
        keep = ids[ids != small]
        cents = centroids_of(x, np.searchsorted(ids, labels), len(ids))[np.isin(ids, keep)]
        rows = labels == small
        labels[rows] = keep[np.argmax(x[rows] @ cents.T, axis=1)]


def _sort_by_size(labels: np.ndarray) -> np.ndarray:
    """Relabel 0..k-1 by size (desc), ties broken by first occurrence, so ids are deterministic."""
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], first[i]))
    mapping = np.empty(ids.max() + 1, dtype=int)
    for new, i in enumerate(order):
        mapping[ids[i]] = new
    return mapping[labels]


class PrecomputedClusters:
    """HDBSCAN stand-in for BERTopic: hands BERTopic the labels Hark's clustering produced."""

    def __init__(self, labels: np.ndarray):
        self.labels_ = np.asarray(labels)

    def fit(self, x, y=None):
        return self

    def predict(self, x):  # pragma: no cover - only reached through BERTopic.transform
        raise NotImplementedError("Hark assigns new notes by centroid similarity (nlp.model)")
