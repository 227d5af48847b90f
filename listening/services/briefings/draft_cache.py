"""Draft briefings' figures, built once per change of what they are built from, not on every view,
and shared by every web process (the `draft_figures` table).

A draft's figures are keyed by the draft (its id, version, summary), the disclosure rule and a
fingerprint of everything they are built from: the current run and its themes (curation touches
their rows and the edit log), the note-theme links, the notes, the sessions, the wards and
organisations, and the briefings (a summary edit, a publication). Each part is a count and a latest
change, read in one query of index-sized scans; any save, erasure, deletion, run or curation edit
changes it, and the next view builds again and replaces the draft's row. The first process to view
a draft after a change builds it; the others read its row.

The rows hold residents' redacted words (the quotes). An erasure or a retention purge deletes every
row in its own transaction (`forget_all`), and so does any flush that deletes a note or changes its
words (a note edited or deleted, a session deleted): no cached draft outlives the words it quoted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from listening.extensions import db
from listening.models import (
    Briefing,
    DraftFigures,
    ListeningSession,
    Note,
    NoteTheme,
    Organisation,
    Theme,
    ThemeEdit,
    ThemeRun,
    Ward,
)
from listening.services.core import write


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
    return (run.id, str(run.updated_at), *(str(v) for v in row))


def _key(draft: tuple, run: ThemeRun) -> str:
    return hashlib.sha256(repr((draft, fingerprint(run))).encode()).hexdigest()


def _plain(snapshot: dict) -> dict:
    """The snapshot as stored and read back (lists, string keys), so a view that builds it shows
    exactly what a view that reads it shows."""
    return json.loads(json.dumps(snapshot))


def cached(run: ThemeRun, briefing_id: int, draft: tuple, build: Callable[[], dict]) -> dict:
    """The snapshot of draft `briefing_id` (`draft`: its version, summary and the rule) while
    nothing it is built from has changed; otherwise `build()` it and keep it for every process.
    Each call returns its own copy."""
    key = _key((briefing_id, *draft), run)
    stored = db.session.scalar(select(DraftFigures.snapshot).where(DraftFigures.key == key))
    if stored is not None:
        return stored
    snapshot = _plain(build())
    try:
        with write():
            db.session.execute(delete(DraftFigures).where(DraftFigures.briefing_id == briefing_id))
            db.session.execute(insert(DraftFigures).values(briefing_id=briefing_id, key=key, snapshot=snapshot))
    except IntegrityError:
        pass  # another process built the same figures at the same moment: theirs are kept
    return _plain(snapshot)


def forget(briefing_id: int) -> None:
    """Inside `write()`: drop a draft's cached figures (it is being published)."""
    db.session.execute(delete(DraftFigures).where(DraftFigures.briefing_id == briefing_id))


def forget_all() -> None:
    """Inside `write()`: drop every draft's cached figures, in the caller's transaction."""
    db.session.execute(delete(DraftFigures))


@event.listens_for(Session, "before_flush")
def _words_gone(session, _context, _instances) -> None:
    """A note deleted, or its words changed, takes every cached draft with it in the same flush."""
    for obj in session.deleted:
        if isinstance(obj, Note):
            session.execute(delete(DraftFigures))
            return
    for obj in session.dirty:
        changed = (isinstance(obj, Note) and db.inspect(obj).attrs.text.history.has_changes()) or (
            isinstance(obj, ListeningSession) and db.inspect(obj).attrs.deleted_at.history.has_changes())
        if changed:
            session.execute(delete(DraftFigures))
            return
