"""run_themes: prepare -> embed (cached) -> cluster -> keywords/labels -> describe -> carry over."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp.assign import theme_lists
from nlp.carry import match_previous, new_key
from nlp.cluster import KindOffsets, auto_theme_count, cluster_embeddings
from nlp.describe import pick_quotes, theme_counts
from nlp.embed import SQLiteEmbeddingCache, embed_texts, load_embedder
from nlp.labels import clean_keywords, make_label, order_for_label, surface
from nlp.model import save_run, to_assignments
from nlp.prepare import analyzer, flatten, lemma_texts, normalise, split_statements
from nlp.represent import theme_keywords
from nlp.types import Assignment, Document, PreviousTheme, Progress, Theme, ThemeConfig, no_progress


@dataclass
class ThemeResult:
    themes: list[Theme]
    assignments: list[Assignment]
    model_id: str
    stats: dict = field(default_factory=dict)
    centroids: np.ndarray | None = None          # kind-neutral unit vectors, in theme order
    offsets: KindOffsets = field(default_factory=KindOffsets)
    settings: dict = field(default_factory=dict)
    topic_model: object | None = None            # the fitted BERTopic (representation stage)

    def save(self, path: Path) -> Path:
        """Persist what is needed to assign new notes later (see nlp.model.load_model)."""
        return save_run(Path(path), keys=[t.key for t in self.themes],
                        labels=[t.label for t in self.themes],
                        keywords=[t.keywords for t in self.themes],
                        centroids=self.centroids if self.centroids is not None
                        else np.zeros((0, 0), np.float32),
                        offsets=self.offsets, model_id=self.model_id, settings=self.settings)

    def by_doc(self) -> dict[str, list[Assignment]]:
        out: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            out.setdefault(a.doc_id, []).append(a)
        return out


class _Stages:
    """Maps each stage's own 0..1 progress onto its slice of the whole run."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def part(self, start: float, end: float):
        return lambda f, msg: self.progress(start + (end - start) * min(max(f, 0.0), 1.0), msg)


def run_themes(docs: Sequence[Document], config: ThemeConfig | None = None,
               previous: Sequence[PreviousTheme] | None = None,
               progress: Progress | None = None) -> ThemeResult:
    """Find city-wide themes in `docs`. Deterministic for a fixed seed and input order."""
    cfg = config or ThemeConfig()
    progress = progress or no_progress
    stages = _Stages(progress)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    progress(0.0, "preparing text")
    docs = list(docs)
    if len({d.id for d in docs}) != len(docs):
        raise ValueError("document ids must be unique")
    texts = [normalise(d.text) for d in docs]
    kinds = [d.kind for d in docs]
    groups = [split_statements(t) if cfg.split_statements else [t] for t in texts]
    # Only notes with several statements need statement vectors; a single one is the note itself.
    stmts, owner = flatten([g if len(g) > 1 else [] for g in groups])
    timings["prepare"] = time.perf_counter() - t0

    t = time.perf_counter()
    embedder = cfg.embedder or load_embedder(cfg.model_path)
    cache = SQLiteEmbeddingCache(cfg.cache_dir) if cfg.cache_dir else None
    progress(0.02, "embedding notes")
    vecs, fresh = embed_texts(texts + stmts, embedder, cache, progress=stages.part(0.02, 0.6))
    timings["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    has_text = np.array([bool(x) for x in texts], dtype=bool)
    offsets = (KindOffsets.fit(vecs[:len(texts)][has_text], [k for k, h in zip(kinds, has_text, strict=True) if h])
               if cfg.neutralise_kind else KindOffsets())
    notes = offsets.apply(vecs[:len(texts)], kinds)
    notes[~has_text] = 0.0
    stmt_vecs = offsets.apply(vecs[len(texts):], [kinds[o] for o in owner])
    rows = np.flatnonzero(has_text)
    n = len(rows)
    min_size = cfg.min_theme_size or max(5, math.ceil(0.002 * n))
    min_size = min(min_size, max(1, n // 2))
    if cfg.target_themes:
        k = max(1, min(cfg.target_themes, n))
    else:
        k = auto_theme_count(n, cfg.min_themes, cfg.max_themes, min_size)
    progress(0.6, f"clustering {n} notes into about {k} themes")
    clustered = cluster_embeddings(notes[rows], k, seed=cfg.seed, min_size=min_size,
                                   refine_iters=cfg.refine_iters, progress=stages.part(0.6, 0.75))
    timings["cluster"] = time.perf_counter() - t

    t = time.perf_counter()
    progress(0.75, "finding keywords")
    surfaces: dict = {}
    lemmas = lemma_texts([texts[i] for i in rows], surfaces=surfaces)
    keywords, topic_model = theme_keywords(lemmas, clustered.labels, notes[rows], embedder, cache,
                                           cfg.seed, keybert=cfg.keybert)
    keywords, notes_with = _readable_keywords(keywords, lemmas, clustered.labels, surfaces)
    timings["keywords"] = time.perf_counter() - t

    t = time.perf_counter()
    progress(0.9, "describing themes")
    k_found = len(clustered.centroids)
    main = np.full(len(docs), -1)
    main[rows] = clustered.labels
    lists = theme_lists(notes, clustered.centroids, np.maximum(main, 0), stmt_vecs, owner,
                        secondary_min_similarity=cfg.secondary_min_similarity,
                        min_similarity=cfg.min_similarity, max_per_note=cfg.max_themes_per_note)
    lists = [pairs if has_text[i] else [] for i, pairs in enumerate(lists)]
    main = np.array([pairs[0][0] if pairs else -1 for pairs in lists])
    counts = theme_counts(docs, lists, k_found)
    themes = _build_themes(docs, notes, main, clustered.centroids, keywords, counts, previous,
                           cfg, notes_with)
    keys = [th.key for th in themes]
    assignments = [a for d, pairs in zip(docs, lists, strict=True) for a in to_assignments(d.id, pairs, keys)]
    timings["describe"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    progress(1.0, f"found {k_found} themes")
    settings = {
        "seed": cfg.seed, "model_path": cfg.model_path, "split_statements": cfg.split_statements,
        "secondary_min_similarity": cfg.secondary_min_similarity,
        "min_similarity": cfg.min_similarity, "max_themes_per_note": cfg.max_themes_per_note,
    }
    stats = {"notes": len(docs), "themed": int(sum(1 for p in lists if p)), "themes": k_found,
             "embedded": fresh, "statements": len(stmts), "timings": timings}
    return ThemeResult(themes, assignments, embedder.model_id, stats, clustered.centroids,
                       offsets, settings, topic_model)


def _readable_keywords(keywords, lemmas, labels, surfaces):
    """Order each theme's keywords for labelling and show them as residents wrote them.

    Also returns, per theme, which of its notes use each (shown) keyword, so a label joins two
    keywords only when the notes use them together."""
    grams = [set(analyzer(x)) for x in lemmas]
    out, notes_with = [], []
    for t, words in enumerate(keywords):
        members = [grams[i] for i in np.flatnonzero(labels == t)]
        ordered = order_for_label(clean_keywords(words), members)
        shown = [surface(w, surfaces) for w in ordered]
        out.append(shown)
        uses: dict[str, set[int]] = {}
        for lemma, form in zip(ordered, shown, strict=True):
            uses.setdefault(form, set()).update(j for j, g in enumerate(members) if lemma in g)
        notes_with.append(uses)
    return out, notes_with


def _build_themes(docs, notes, main, centroids, keywords, counts, previous, cfg,
                  notes_with=None) -> list[Theme]:
    matches = match_previous(centroids, previous, cfg.carry_min_similarity)
    taken_labels: set[str] = set()
    taken_keys: set[str] = set()
    # Locked and carried labels are claimed first so new labels never collide with them.
    for prev, _sim in matches.values():
        if prev.locked:
            taken_labels.add(prev.label.lower())
    themes: list[Theme] = []
    for t in range(len(centroids)):
        words = clean_keywords(keywords[t])
        match = matches.get(t)
        uses = notes_with[t] if notes_with else None
        label = (match[0].label if match and match[0].locked
                 else make_label(words, taken_labels, uses))
        taken_labels.add(label.lower())
        key = match[0].key if match else new_key(centroids[t], label,
                                                 taken_keys | {p.key for p in previous or []})
        taken_keys.add(key)
        c = counts[t]
        quotes = pick_quotes(docs, notes, main, centroids, t, c["main_size"], cfg.min_quote_group,
                             cfg.max_quotes)
        themes.append(Theme(
            key=key, label=label, keywords=words[:10], size=c["size"], love=c["love"],
            change=c["change"], centroid=[round(float(v), 6) for v in centroids[t]],
            quote_ids=[q.doc_id for q in quotes], ward_counts=c["ward_counts"],
            period_counts=c["period_counts"], main_size=c["main_size"], quotes=quotes,
            carried_from=match[0].key if match else None,
            carry_similarity=round(match[1], 4) if match else None,
            locked=bool(match and match[0].locked)))
    return themes
