"""The one place the web app calls the NLP library (nlp/).

Everything else in listening/ works with the plain results below, so adapting to a
change in nlp's API means changing this module only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from listening.services import disclosure

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class NoteDoc:
    """A note as the analysis sees it: redacted English text and the facts to slice by."""

    id: int
    text: str
    kind: str | None
    ward: str | None
    consent: str
    period: str | None
    session: int | None = None  # the listening session: a word must be used in two (see common_words)


@dataclass(frozen=True)
class Earlier:
    """A theme from the current run, so the new run keeps its key (and keeps it if locked)."""

    key: str
    label: str
    centroid: list[float]
    locked: bool
    note_ids: tuple[int, ...] = ()  # notes whose main theme it is: a small change keeps the theme


@dataclass
class FoundTheme:
    key: str
    label: str
    keywords: list[str]
    size: int
    love: int
    change: int
    centroid: list[float] | None
    quote_ids: list[int]


@dataclass(frozen=True)
class Placement:
    note_id: int
    theme_key: str
    score: float
    rank: int


@dataclass
class Analysis:
    themes: list[FoundTheme]
    placements: list[Placement]
    # {earlier key: {"how": "merged" | "split", "into": [keys]}} for earlier themes gone today
    lineage: dict[str, dict] = field(default_factory=dict)
    _result: object = field(default=None, repr=False)

    @property
    def stats(self) -> dict:
        """Counts and stage timings (seconds) from nlp: no note's words."""
        return dict(getattr(self._result, "stats", None) or {})

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._result.save(path)


def _floats(vector) -> list[float] | None:
    if vector is None:
        return None
    return [round(float(x), 6) for x in vector]


def _note_id(doc_id) -> int:
    return int(doc_id)


def run(
    notes: Sequence[NoteDoc],
    *,
    seed: int,
    cache_dir: str,
    min_quote_group: int,
    earlier: Sequence[Earlier] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Find themes across the notes. `progress(fraction, message)` may raise to stop the run."""
    import nlp

    docs = [
        nlp.Document(id=str(n.id), text=n.text, kind=n.kind, ward=n.ward, consent=n.consent, period=n.period)
        for n in notes
    ]
    vocabulary = _vocabulary(notes, min_quote_group)
    config = nlp.ThemeConfig(
        seed=seed, cache_dir=Path(cache_dir), min_quote_group=min_quote_group, embedder=embedder(),
        label_allowed=vocabulary.allows,  # labels are chosen among those the disclosure rule allows
    )
    previous = [
        nlp.PreviousTheme(e.key, e.label, e.centroid, e.locked, tuple(str(i) for i in e.note_ids))
        for e in earlier or []
    ] or None
    result = nlp.run_themes(docs, config=config, previous=previous, progress=progress or (lambda f, m: None))
    themes = [
        FoundTheme(
            key=str(t.key),
            label=t.label,
            keywords=list(t.keywords),
            size=int(t.size),
            love=int(t.love),
            change=int(t.change),
            centroid=_floats(t.centroid),
            quote_ids=[_note_id(q) for q in t.quote_ids],
        )
        for t in result.themes
    ]
    placements = [
        Placement(_note_id(a.doc_id), str(a.theme_key), float(a.score), int(a.rank))
        for a in result.assignments
        if a.theme_key is not None
    ]
    lineage = {str(k): {"how": v["how"], "into": [str(x) for x in v["into"]]} for k, v in result.lineage.items()}
    return Analysis(themes=common_words(themes, notes, min_quote_group, vocabulary), placements=placements,
                    lineage=lineage, _result=result)


def _vocabulary(notes: Sequence[NoteDoc], k: int):
    return disclosure.Vocabulary(  # a note whose session is unknown: all such count as one session
        (disclosure.NoteWords(n.id, -1 if n.session is None else n.session, n.text) for n in notes), k)


def common_words(themes: list[FoundTheme], notes: Sequence[NoteDoc], k: int, vocabulary=None) -> list[FoundTheme]:
    """Labels and keywords made of words that at least k notes from two listening sessions use.
    The model builds them from every note, analysis-only ones included; a rare word (a name the
    redaction missed, a street, "wombat") would point at its writer. See docs/disclosure.md.
    The run already chose its labels among those the rule allows; this is the last check. A name
    from the civic vocabulary is the organiser's own wording (like a rename), not filtered."""
    from nlp.phrases import load_vocabulary

    vocabulary = vocabulary or _vocabulary(notes, k)
    civic = {name.lower() for name in load_vocabulary()}  # the organiser's names, not residents' words
    for number, theme in enumerate(themes, start=1):
        if theme.label.lower() not in civic:
            theme.label = vocabulary.label(theme.label, theme.keywords, f"Theme {number}")
        theme.keywords = vocabulary.keywords(theme.keywords)
    return themes


_models: dict[str, object] = {}
_models_lock = threading.Lock()
_embedder: list = []


def embedder():
    """The sentence embedder, loaded once per process (a worker keeps it between runs)."""
    with _models_lock:
        if not _embedder:
            from nlp.embed import load_embedder

            _embedder.append(load_embedder())
        return _embedder[0]


def assign(
    model_path: str, texts: Sequence[str], kinds: Sequence[str | None] | None = None
) -> list[list[tuple[str, float, int]]]:
    """Place new texts (love/change `kinds` when known) on a saved run's themes:
    per text, [(theme_key, score, rank)]."""
    import nlp

    shared = embedder()
    # Keyed by the saved files' time too: a path written again (run ids start over when a database
    # is recreated, as between tests) must not answer with the model that was there before.
    key = f"{model_path}@{_written_at(model_path)}"
    with _models_lock:
        model = _models.get(key)
        if model is None:
            model = nlp.load_model(Path(model_path), shared)
            _models.clear()  # keep one model in memory per worker
            _models[key] = model
    out = []
    for found in model.assign(list(texts), list(kinds) if kinds is not None else None):
        out.append([(str(a.theme_key), float(a.score), int(a.rank)) for a in found if a.theme_key is not None])
    return out


def _written_at(model_path: str) -> int:
    path = Path(model_path)
    try:
        stamps = [path.stat().st_mtime_ns] + ([p.stat().st_mtime_ns for p in path.iterdir()] if path.is_dir() else [])
    except OSError:
        return 0
    return max(stamps)


def forget(texts: Sequence[str], cache_dir: str) -> int:
    """Erasure: remove these notes' texts (and the statements a run splits them into) from the
    embedding cache, for every model, and the lemmas a run cached for them. Returns the number of
    cached vectors removed."""
    from nlp.embed import forget_texts

    return forget_texts([t for t in texts if t], cache_dir)


def subclusters(texts: Sequence[str], k: int, *, cache_dir: str | None, seed: int = 42) -> list[int]:
    """Split one theme's notes into at most `k` groups with nlp's clustering, reusing the
    embedding cache a run filled. Returns a group index (0 = largest) per text; deterministic
    for the same texts in the same order. Fewer than `k` groups when the notes do not divide."""
    from nlp.cluster import cluster_embeddings, normalise_rows
    from nlp.embed import SQLiteEmbeddingCache, embed_texts
    from nlp.prepare import normalise

    if not texts:
        return []
    cache = SQLiteEmbeddingCache(cache_dir) if cache_dir else None
    vecs, _fresh = embed_texts([normalise(t) for t in texts], embedder(), cache)
    clustered = cluster_embeddings(normalise_rows(vecs), k, seed=seed, min_size=2)
    return [int(x) for x in clustered.labels]
