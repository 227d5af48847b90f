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
from nlp.cluster import (
    ClusterResult,
    KindOffsets,
    auto_theme_count,
    centroids_of,
    cluster_embeddings,
    normalise_rows,
)
from nlp.describe import pick_quotes, quotable, theme_counts
from nlp.embed import SQLiteEmbeddingCache, embed_texts, load_embedder
from nlp.labels import clean_keywords, make_label, order_for_label, reads_as_topic, surface
from nlp.model import save_run, to_assignments
from nlp.phrases import choose_labels, load_vocabulary
from nlp.prepare import analyzer, flatten, lemma_texts, normalise, split_statements
from nlp.represent import theme_keywords
from nlp.stability import anchored_labels, can_anchor, lineage, match_by_notes
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
    # {previous key: {"how": "merged" | "split", "into": [keys]}} for previous themes gone today
    lineage: dict[str, dict] = field(default_factory=dict)
    label_vectors: np.ndarray | None = None      # each theme's label, embedded (quote checks)

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
    # Themes fitted with another embedding model cannot be matched honestly: they are ignored.
    previous = [p for p in previous or [] if len(p.centroid) == notes.shape[1]] or None
    anchored = cfg.anchor_previous and can_anchor(previous, [docs[i].id for i in rows])
    progress(0.6, f"clustering {n} notes into about {k} themes" if not anchored
             else f"placing {n} notes in the {len(previous)} themes of the previous run")
    grouped, matches = _cluster(notes[rows], [docs[i].id for i in rows], k, cfg, min_size,
                                previous if anchored else None, stages.part(0.6, 0.75))
    timings["cluster"] = time.perf_counter() - t

    t = time.perf_counter()
    progress(0.75, "finding keywords")
    surfaces: dict = {}
    in_theme = rows[grouped.labels >= 0]
    member_labels = grouped.labels[grouped.labels >= 0]
    lemmas = lemma_texts([texts[i] for i in in_theme], surfaces=surfaces, cache=cache)
    keywords, topic_model = theme_keywords(lemmas, member_labels, notes[in_theme], embedder, cache,
                                           cfg.seed, keybert=cfg.keybert)
    keywords, notes_with = _readable_keywords(keywords, lemmas, member_labels, surfaces)
    timings["keywords"] = time.perf_counter() - t

    t = time.perf_counter()
    progress(0.9, "describing themes")
    k_found = len(grouped.centroids)
    main = np.full(len(docs), -1)
    main[rows] = grouped.labels
    lists = theme_lists(notes, grouped.centroids, np.maximum(main, 0), stmt_vecs, owner,
                        secondary_min_similarity=cfg.secondary_min_similarity,
                        min_similarity=cfg.min_similarity, max_per_note=cfg.max_themes_per_note)
    lists = [pairs if main[i] >= 0 else [] for i, pairs in enumerate(lists)]
    main = np.array([pairs[0][0] if pairs else -1 for pairs in lists])
    if not anchored and previous:
        matches = (match_by_notes(main, [d.id for d in docs], previous, grouped.centroids)
                   if any(p.note_ids for p in previous)
                   else match_previous(grouped.centroids, previous, cfg.carry_min_similarity))
    counts = theme_counts(docs, lists, k_found)
    encode = lambda items: embed_texts(items, embedder, cache)[0]  # noqa: E731
    raw = normalise_rows(vecs[:len(texts)])
    themes, label_vecs = _build_themes(docs, texts, raw, notes, main, grouped.centroids,
                                       keywords, counts, previous, matches, cfg, notes_with, encode)
    keys = [th.key for th in themes]
    result_lineage = lineage(main, [d.id for d in docs], previous or [], keys, grouped.centroids)
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
             "not_yet_grouped": int(sum(1 for i, p in enumerate(lists) if not p and has_text[i])),
             "anchored": anchored, "embedded": fresh, "statements": len(stmts), "timings": timings}
    return ThemeResult(themes, assignments, embedder.model_id, stats, grouped.centroids,
                       offsets, settings, topic_model, result_lineage, label_vecs)


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


def _cluster(x, doc_ids, k, cfg, min_size, previous, progress):
    """Fresh clusters, or (previous given: a small change) the previous themes kept in place.

    Returns the clusters (labels -1 = not yet grouped) and, when anchored, the theme -> previous
    theme matches."""
    if previous is None:
        return cluster_embeddings(x, k, seed=cfg.seed, min_size=min_size,
                                  refine_iters=cfg.refine_iters, progress=progress), {}
    labels, _folds = anchored_labels(x, doc_ids, previous, min_size)
    alive = [t for t in np.unique(labels) if t >= 0]
    sizes = {t: int((labels == t).sum()) for t in alive}
    order = sorted(alive, key=lambda t: (-sizes[t], t))
    dense = np.full(len(previous) + 1, -1)
    dense[np.array(order, dtype=int)] = np.arange(len(order))
    new = np.where(labels >= 0, dense[labels], -1)
    grouped = new >= 0
    centroids = (centroids_of(x[grouped], new[grouped], len(order)) if len(order)
                 else np.zeros((0, x.shape[1]), np.float32))
    old = normalise_rows(np.array([previous[t].centroid for t in order], np.float32))
    matches = {i: (previous[t], float(centroids[i] @ old[i])) for i, t in enumerate(order)}
    return ClusterResult(new, centroids, new), matches


def _build_themes(docs, texts, raw, notes, main, centroids, keywords, counts, previous, matches,
                  cfg, notes_with, encode) -> tuple[list[Theme], np.ndarray]:
    taken_labels: set[str] = {prev.label.lower() for prev, _ in matches.values() if prev.locked}
    taken_keys: set[str] = set()
    fallback = []
    for t in range(len(centroids)):
        uses = notes_with[t] if notes_with else None
        words = clean_keywords(keywords[t])
        # Used only when no phrase is shared by two of the theme's notes: a two-word keyword
        # (words residents wrote side by side) before a pair of keywords.
        phrase = next((w for w in words if " " in w and reads_as_topic(w)
                       and w.lower() not in taken_labels), None)
        fallback.append(phrase[:1].upper() + phrase[1:] if phrase
                        else make_label(words, taken_labels, uses))
        taken_labels.add(fallback[-1].lower())
    fixed = {t: prev.label for t, (prev, _) in matches.items() if prev.locked}
    labels = choose_labels(texts, main, raw, encode, fallback, fixed,
                           load_vocabulary(cfg.vocabulary_path) if cfg.use_vocabulary else None,
                           cfg.label_allowed)
    label_vecs = encode(labels) if labels else np.zeros((0, raw.shape[1]), np.float32)
    # A note is quoted under a theme only if the theme is its main one and its label is the
    # nearest to the note of all labels: a reader sees the quote agree with its heading.
    nearest = (np.argmax(raw @ label_vecs.T, axis=1) if len(labels)
               else np.full(len(docs), -1))
    can_quote = quotable(docs)
    themes: list[Theme] = []
    for t in range(len(centroids)):
        match = matches.get(t)
        key = match[0].key if match else new_key(centroids[t], labels[t],
                                                 taken_keys | {p.key for p in previous or []})
        taken_keys.add(key)
        c = counts[t]
        quotes = pick_quotes(docs, notes, main, centroids, t, c["main_size"], cfg.min_quote_group,
                             cfg.max_quotes, eligible=nearest == t, can_quote=can_quote)
        themes.append(Theme(
            key=key, label=labels[t], keywords=clean_keywords(keywords[t])[:10], size=c["size"],
            love=c["love"], change=c["change"], centroid=[round(float(v), 6) for v in centroids[t]],
            quote_ids=[q.doc_id for q in quotes], ward_counts=c["ward_counts"],
            period_counts=c["period_counts"], main_size=c["main_size"], quotes=quotes,
            carried_from=match[0].key if match else None,
            carry_similarity=round(match[1], 4) if match else None,
            locked=bool(match and match[0].locked)))
    return themes, label_vecs
