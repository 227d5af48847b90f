"""Clustering that suits residents' notes: every note themed, a readable number of themes, stable seeds.

Plain BERTopic (UMAP + HDBSCAN) leaves 25-30 % of short notes as outliers, makes 40-300 topics and
moves when the UMAP seed changes (see docs/nlp.md). Hark instead:

1. removes the love/change offset, so a theme is about *what* people talk about, not how they feel
   (love and change are counted inside each theme);
2. over-clusters with k-means into a few hundred small groups (cheap, scales to 100k notes by
   fitting on a sample and assigning the rest);
3. merges those groups with Ward linkage to the target number of themes (deterministic given the
   small groups, which is where seed stability comes from);
4. folds themes below a minimum size into their nearest neighbour and refines by nearest centroid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SAMPLE_LIMIT = 20_000  # above this, the k-means stage is fitted on a seeded sample


def auto_theme_count(n: int, low: int = 8, high: int = 40, min_size: int = 5) -> int:
    """Theme count a person can read: grows with the square root of the corpus, clamped."""
    k = round(math.sqrt(max(n, 1)) / 3)
    k = min(max(k, low), high)
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


def _kmeans(x: np.ndarray, k: int, seed: int, n_init: int):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=100).fit(x)


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
                       refine_iters: int = 2, micro_per_theme: int = 10,
                       progress=None) -> ClusterResult:
    """Cluster unit vectors into `n_themes` themes (fewer if the corpus is tiny)."""
    from sklearn.cluster import AgglomerativeClustering

    n = x.shape[0]
    if n == 0:
        return ClusterResult(np.zeros(0, int), np.zeros((0, x.shape[1]), np.float32),
                             np.zeros(0, int))
    n_themes = max(1, min(n_themes, n))
    n_micro = int(min(max(micro_per_theme * n_themes, n // 10), 400, n))
    n_micro = max(n_micro, n_themes)
    rng = np.random.default_rng(seed)
    if n > SAMPLE_LIMIT:
        sample = np.sort(rng.choice(n, SAMPLE_LIMIT, replace=False))
        km = _kmeans(x[sample], n_micro, seed, n_init=1)
        micro = km.predict(x)
    else:
        km = _kmeans(x, n_micro, seed, n_init=1 if n > 5000 else 3)
        micro = km.labels_
    if progress:
        progress(0.5, f"grouped notes into {n_micro} small clusters")
    micro_centres = normalise_rows(km.cluster_centers_)
    if n_themes < n_micro:
        merge = AgglomerativeClustering(n_clusters=n_themes, linkage="ward").fit_predict(
            micro_centres)
    else:
        merge = np.arange(n_micro)
    labels = merge[micro]
    labels = _fold_small(x, labels, min_size)
    for _ in range(refine_iters):
        ids = np.unique(labels)
        cents = centroids_of(x, np.searchsorted(ids, labels), len(ids))
        new = ids[np.argmax(x @ cents.T, axis=1)]
        new = _fold_small(x, new, min_size)
        if np.array_equal(new, labels):
            break
        labels = new
    labels = _sort_by_size(labels)
    k = int(labels.max()) + 1
    return ClusterResult(labels, centroids_of(x, labels, k), micro)


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
