"""Hark's NLP library: themes in residents' notes. Never imports Flask or the web app.

    from nlp import Document, ThemeConfig, run_themes, load_model

Heavy dependencies (torch, BERTopic, spaCy) load lazily, on first use, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.types import Assignment, Document, PreviousTheme, Quote, Theme, ThemeConfig

if TYPE_CHECKING:  # pragma: no cover
    from nlp.model import ThemeModel
    from nlp.pipeline import ThemeResult

__all__ = ["Assignment", "Document", "PreviousTheme", "Quote", "Theme", "ThemeConfig",
           "ThemeModel", "ThemeResult", "load_model", "run_themes"]


def run_themes(docs, config=None, previous=None, progress=None) -> ThemeResult:
    """See nlp.pipeline.run_themes."""
    from nlp.pipeline import run_themes as _run

    return _run(docs, config=config, previous=previous, progress=progress)


def load_model(path, embedder=None) -> ThemeModel:
    """Load a run saved with ThemeResult.save(path); `.assign(texts)` places new notes."""
    from nlp.model import load_model as _load

    return _load(path, embedder)


def __getattr__(name):
    if name == "ThemeResult":
        from nlp.pipeline import ThemeResult
        return ThemeResult
    if name == "ThemeModel":
        from nlp.model import ThemeModel
        return ThemeModel
    raise AttributeError(name)
