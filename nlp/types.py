"""Plain data types shared by the library, the command line and the web app's worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

Progress = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    return None


@dataclass(frozen=True)
class Document:
    """One resident's note. `consent` is "analysis" (count it) or "quote" (may also be quoted)."""

    id: str
    text: str
    kind: str | None = None          # "love" | "change" | None
    ward: str | None = None          # ward code, e.g. "E05001420"
    consent: str = "analysis"        # "analysis" | "quote"
    period: str | None = None        # e.g. "2026-11"


@dataclass
class ThemeConfig:
    seed: int = 42
    cache_dir: Path | None = None            # embedding cache (the app passes instance/embeddings)
    min_quote_group: int = 5                 # no quotes for a theme with fewer notes than this
    target_themes: int | None = None         # None: 0.75 * sqrt(notes), clamped to 8-40
    min_themes: int = 8
    max_themes: int | None = 40              # readability cap; None: the sqrt rule alone
    min_theme_size: int | None = None        # None: max(5, 0.2 % of notes)
    max_quotes: int = 3
    max_themes_per_note: int = 3
    secondary_min_similarity: float = 0.5    # a statement this close to another theme adds it
    min_similarity: float = 0.05             # a note less similar than this to every theme: none
    carry_min_similarity: float = 0.8        # centroid cosine needed to keep a previous key
    neutralise_kind: bool = True             # remove the love/change offset before clustering
    split_statements: bool = True
    refine_iters: int = 2
    keybert: bool = True                     # KeyBERTInspired + MMR keyword refinement
    model_path: str | None = None            # another local sentence-transformers folder
    embedder: Any = None                     # an already-loaded Embedder (tests, workers)
    anchor_previous: bool = True             # small change since the previous run: keep its themes
    use_vocabulary: bool = True              # civic vocabulary may name themes that clearly match
    vocabulary_path: Path | None = None      # None: nlp/data/civic_vocabulary.txt
    # The caller's rule for what a label may say (the app: only words enough notes from two
    # sessions use, docs/disclosure.md). Labels are chosen among candidates it allows; None: all.
    label_allowed: Callable[[str], bool] | None = None


@dataclass
class Assignment:
    doc_id: str
    theme_key: str | None
    score: float
    rank: int                                # 0 = the note's main theme


@dataclass
class Quote:
    doc_id: str
    text: str                                # redacted


@dataclass
class Theme:
    key: str                                 # stable across runs when carried over
    label: str
    keywords: list[str]
    size: int                                # notes carrying the theme (any rank)
    love: int
    change: int
    centroid: list[float]
    quote_ids: list[str]
    ward_counts: dict[str, int]
    period_counts: dict[str, int]
    main_size: int = 0                       # notes for which it is the main theme
    quotes: list[Quote] = field(default_factory=list)
    carried_from: str | None = None          # previous key when matched, else None
    carry_similarity: float | None = None
    locked: bool = False

    def to_dict(self, with_centroid: bool = False) -> dict:
        data = asdict(self)
        if not with_centroid:
            data.pop("centroid")
        return data


@dataclass
class PreviousTheme:
    key: str
    label: str
    centroid: list[float]
    locked: bool = False
    note_ids: tuple[str, ...] = ()           # notes whose main theme it was (matching, lineage)
