"""Draft briefings' figures, built once per change of what they are built from, not on every view.

At city scale gathering a draft's facts reads every note-theme link and ~19k quote candidates
(0.8 s a view). The cache is per process and keyed by a fingerprint of everything the figures are
built from: the current run and its themes (curation touches their rows and the edit log), the
note-theme links, the notes, the sessions, the wards and organisations, and the briefings (a
summary edit, a publication). Each part is a count and a latest change, read in one query of
index-sized scans; any save, erasure, deletion, run or curation edit changes it, and the next view
rebuilds. Only the latest fingerprint is kept, so an erased note's words leave memory at the next
view after the erasure.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import Briefing, ListeningSession, Note, NoteTheme, Organisation, Theme, ThemeEdit, ThemeRun, Ward

_lock = threading.Lock()
_state: dict = {"key": None, "entries": {}}


def _parts(run: ThemeRun):
    def both(model, column):
        return (select(func.count()).select_from(model).scalar_subquery(),
                select(func.max(column)).scalar_subquery())

    themes = (select(func.count(Theme.id)).where(Theme.run_id == run.id).scalar_subquery(),
              select(func.max(Theme.updated_at)).where(Theme.run_id == run.id).scalar_subquery())
    return select(
        *themes,
        *both(NoteTheme, NoteTheme.id),
        *both(ThemeEdit, ThemeEdit.id),
        *both(Note, Note.updated_at),
        *both(ListeningSession, ListeningSession.updated_at),
        *both(Ward, Ward.updated_at),
        *both(Organisation, Organisation.updated_at),
        *both(Briefing, Briefing.updated_at),
    )


def fingerprint(run: ThemeRun) -> tuple:
    row = db.session.execute(_parts(run)).one()
    return (run.id, run.updated_at, *(str(v) for v in row))


def cached(run: ThemeRun, key: tuple, build: Callable[[], dict]) -> dict:
    """The snapshot for `key` (the briefing and its settings) while nothing it is built from has
    changed; otherwise `build()` it. Callers get a copy, so the cached one is never changed."""
    current = fingerprint(run)
    with _lock:
        if _state["key"] != current:
            _state["key"], _state["entries"] = current, {}
        hit = _state["entries"].get(key)
    if hit is None:
        hit = build()
        with _lock:
            if _state["key"] == current:
                _state["entries"][key] = hit
    return copy.deepcopy(hit)


def clear() -> None:
    with _lock:
        _state["key"], _state["entries"] = None, {}
