"""Turning vectors into (theme, score) lists: one main theme per note plus secondary themes.

Shared by a fresh run and by a saved model, so a new note is treated exactly like a fitted one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def theme_lists(note_vecs: np.ndarray, centroids: np.ndarray, main: np.ndarray | None = None,
                stmt_vecs: np.ndarray | None = None, stmt_owner: Sequence[int] = (),
                secondary_min_similarity: float = 0.5, min_similarity: float = 0.05,
                max_per_note: int = 3) -> list[list[tuple[int, float]]]:
    """Per note, [(theme index, score), ...] ordered by score, best first.

    Score is the cosine between the whole note and the theme centre. The main theme is the
    clustering's choice when given (else the nearest centre); a statement of the note that sits
    at least `secondary_min_similarity` from another theme's centre adds that theme. A note whose
    best score is under `min_similarity` (or that is empty) gets no theme.
    """
    n = note_vecs.shape[0]
    if n == 0 or len(centroids) == 0:
        return [[] for _ in range(n)]
    sims = note_vecs @ centroids.T
    if main is None:
        main = np.argmax(sims, axis=1)
    extra: list[set[int]] = [set() for _ in range(n)]
    if stmt_vecs is not None and len(stmt_vecs):
        stmt_sims = stmt_vecs @ centroids.T
        best = np.argmax(stmt_sims, axis=1)
        for row, owner in enumerate(stmt_owner):
            if stmt_sims[row, best[row]] >= secondary_min_similarity:
                extra[owner].add(int(best[row]))
    out: list[list[tuple[int, float]]] = []
    for i in range(n):
        m = int(main[i])
        if not np.isfinite(sims[i, m]) or sims[i, m] < min_similarity or not note_vecs[i].any():
            out.append([])
            continue
        # Secondary scores are capped just under the main score so the main theme stays first.
        top = float(sims[i, m])
        others = sorted(((t, min(float(sims[i, t]), top - 1e-6)) for t in extra[i] if t != m),
                        key=lambda pair: (-pair[1], pair[0]))
        out.append([(m, top), *others][:max_per_note])
    return out
