"""Carry theme keys over from the previous run so human edits recorded against them survive."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from nlp.cluster import normalise_rows
from nlp.types import PreviousTheme


def new_key(centroid: np.ndarray, label: str, taken: set[str]) -> str:
    """Deterministic key for a theme seen for the first time (same input, same key)."""
    digest = hashlib.sha256(label.encode() + np.round(centroid, 4).tobytes()).hexdigest()
    for length in range(10, 65):
        key = f"t-{digest[:length]}"
        if key not in taken:
            return key
    raise RuntimeError("could not make a unique theme key")  # pragma: no cover


def match_previous(centroids: np.ndarray, previous: Sequence[PreviousTheme] | None,
                   min_similarity: float = 0.8) -> dict[int, tuple[PreviousTheme, float]]:
    """One-to-one match of new themes to previous ones by centroid cosine (Hungarian method).

    Returns {new theme index: (previous theme, similarity)} for pairs at or above min_similarity.
    """
    if not previous or len(centroids) == 0:
        return {}
    from scipy.optimize import linear_sum_assignment

    old = np.array([p.centroid for p in previous], dtype=np.float32)
    if old.ndim != 2 or old.shape[1] != centroids.shape[1]:
        return {}  # a different embedding model: nothing can be matched honestly
    sims = normalise_rows(centroids) @ normalise_rows(old).T
    rows, cols = linear_sum_assignment(-sims)
    return {int(r): (previous[c], float(sims[r, c]))
            for r, c in zip(rows, cols, strict=True) if sims[r, c] >= min_similarity}
