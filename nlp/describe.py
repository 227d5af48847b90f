"""Describe each theme: counts (love/change, per ward, per period) and representative quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from nlp.types import Document, Quote

QUOTE_CONSENT = "quote"


def theme_counts(docs: Sequence[Document], lists: Sequence[Sequence[tuple[int, float]]],
                 k: int) -> list[dict]:
    """Per theme: size (any rank), main_size, love, change, ward_counts, period_counts."""
    stats = [dict(size=0, main_size=0, love=0, change=0, ward_counts=Counter(),
                  period_counts=Counter()) for _ in range(k)]
    for doc, pairs in zip(docs, lists, strict=True):
        for rank, (t, _score) in enumerate(pairs):
            s = stats[t]
            s["size"] += 1
            s["main_size"] += rank == 0
            if doc.kind == "love":
                s["love"] += 1
            elif doc.kind == "change":
                s["change"] += 1
            if doc.ward:
                s["ward_counts"][doc.ward] += 1
            if doc.period:
                s["period_counts"][doc.period] += 1
    for s in stats:
        s["ward_counts"] = dict(sorted(s["ward_counts"].items()))
        s["period_counts"] = dict(sorted(s["period_counts"].items()))
    return stats


def quotable(docs: Sequence[Document]) -> np.ndarray:
    """Per note: may it be quoted at all (consent to quote, four words or more)? Computed once
    per run rather than once per theme."""
    return np.array([d.consent == QUOTE_CONSENT and len(d.text.split()) >= 4 for d in docs], dtype=bool)


def pick_quotes(docs: Sequence[Document], vecs: np.ndarray, main: np.ndarray,
                centroids: np.ndarray, theme: int, group_size: int, min_group: int = 5,
                max_quotes: int = 3, redact: Callable[[str], str] | None = None,
                pool: int = 25, diversity: float = 0.4,
                eligible: np.ndarray | None = None,
                can_quote: np.ndarray | None = None) -> list[Quote]:
    """Quotes for one theme: consented notes only, close to the centre, not repeating each other.

    None at all when the theme's group is smaller than `min_group` (a small group could
    identify someone). Only notes marked `eligible` (default: all) may be quoted. Candidates are the `pool` consented notes nearest the centre; then maximal
    marginal relevance picks ones that are both central and unlike the quotes already chosen.
    `can_quote`: quotable(docs), when the caller picks quotes for many themes.
    """
    if group_size < min_group or max_quotes <= 0:
        return []
    mask = (np.asarray(main) == theme) & (quotable(docs) if can_quote is None else can_quote)
    if eligible is not None:
        mask &= np.asarray(eligible, dtype=bool)
    rows = [int(i) for i in np.flatnonzero(mask)]
    if not rows:
        return []
    rel = vecs[rows] @ centroids[theme]
    order = np.argsort(-rel, kind="stable")[:pool]
    cand = [rows[i] for i in order]
    cand_rel = rel[order]
    chosen: list[int] = []
    while len(chosen) < min(max_quotes, len(cand)):
        best, best_score = None, -np.inf
        for j, row in enumerate(cand):
            if j in chosen:
                continue
            redundancy = max((float(vecs[row] @ vecs[cand[c]]) for c in chosen), default=0.0)
            score = (1 - diversity) * cand_rel[j] - diversity * redundancy
            if score > best_score:
                best, best_score = j, score
        chosen.append(best)
    if redact is None:
        from nlp.redact import redact as redact_fn
        redact = redact_fn
    return [Quote(docs[cand[j]].id, redact(docs[cand[j]].text)) for j in chosen]
