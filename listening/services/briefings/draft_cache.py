"""Draft briefings' figures, built once per change of what they are built from, not on every view,
and shared by every web process (the `draft_figures` table).

A draft's figures are keyed by the draft (its id, version), the disclosure rule and a fingerprint
of everything they are built from: the current run and its themes (curation touches their rows and
the edit log), the note-theme links, the notes, the sessions, the wards and organisations, and the
published briefings (the history a draft is protected against). Each part is a count and a latest
change, read in one query of index-sized scans; any save, erasure, deletion, run, curation edit or
publication changes it. The draft's summary is not part of the key: it is the organiser's own
words, laid over the figures whenever they are shown, so saving it never makes the figures stale.

A draft keeps one row: its latest build. When the key has moved on, that row is an *older build*:
the page may show it, saying when it was worked out, while the background refresh (tasks.py)
builds the current figures (`view`); publishing and the exports always use current figures.

The rows hold residents' redacted words (the quotes), so whatever removes words from what may be
shown deletes every row in its own transaction, never leaving an older build that still shows
them: an erasure or a retention purge (`forget_all`), and any flush that deletes a note, changes
its words, its consent or its ward, erases it, or deletes a session (`_words_gone`). Each of them
also counts one more removal (the `draft_removals` row), under a lock that storing a build takes
too. The fingerprint reads that count first, before anything a build reads, so a build that was
under way while a removal committed is never stored (`store` reads the fingerprint again under the
lock): no clock is trusted for this (a withdrawn consent changes no count, and the latest change
time need not move).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from listening.domain import BriefingStatus
from listening.extensions import db
from listening.models import (
    Briefing,
    DraftFigures,
    DraftRemovals,
    ListeningSession,
    Note,
    NoteTheme,
    Organisation,
    Theme,
    ThemeEdit,
    ThemeRun,
    Ward,
)
from listening.models.base import utcnow
from listening.services.core import one_at_a_time, write

LOCK = "hark.briefings.draft-figures"  # storing a build, and removing words, take turns
# A note's fields whose change can take words (or a quote's place) away from what a draft may show.
_REMOVING = ("text", "original_redacted", "consent", "erased_at", "ward_id", "session_id")


def _parts(run: ThemeRun):
    def both(model, column):
        return (select(func.count()).select_from(model).scalar_subquery(),
                select(func.max(column)).scalar_subquery())

    themes = (select(func.count(Theme.id)).where(Theme.run_id == run.id).scalar_subquery(),
              select(func.max(Theme.updated_at)).where(Theme.run_id == run.id).scalar_subquery())
    published = Briefing.status == BriefingStatus.PUBLISHED
    return select(
        # First: how many removals of words have committed (whatever commits after this read moves it).
        select(func.max(DraftRemovals.generation)).scalar_subquery(),
        *themes,
        *both(NoteTheme, NoteTheme.id),
        *both(ThemeEdit, ThemeEdit.id),
        *both(Note, Note.updated_at),
        *both(ListeningSession, ListeningSession.updated_at),
        *both(Ward, Ward.updated_at),
        *both(Organisation, Organisation.updated_at),
        # What a draft is protected against and compared with: the published versions (a draft's own
        # row, its summary, and other drafts change nothing in its figures).
        select(func.count(Briefing.id)).where(published).scalar_subquery(),
        select(func.max(Briefing.published_at)).where(published).scalar_subquery(),
    )


def fingerprint(run: ThemeRun) -> tuple:
    row = db.session.execute(_parts(run)).one()
    return (run.id, str(run.updated_at), *(str(v) for v in row))


def _key(draft: tuple, built_from: tuple) -> str:
    return hashlib.sha256(repr((draft, built_from)).encode()).hexdigest()


def key_for(briefing_id: int, draft: tuple, built_from: tuple) -> str:
    return _key((briefing_id, *draft), built_from)


def _plain(snapshot: dict) -> dict:
    """The snapshot as stored and read back (lists, string keys), so a view that builds it shows
    exactly what a view that reads it shows."""
    return json.loads(json.dumps(snapshot))


@dataclass(frozen=True)
class Figures:
    """A draft's figures as a page shows them: `current` unless an older build is shown while the
    current one is built in the background; `built_at`, when they were worked out."""

    snapshot: dict
    built_at: datetime | None
    current: bool


def _row(where) -> tuple[dict, datetime] | None:
    row = db.session.execute(
        select(DraftFigures.snapshot, DraftFigures.built_at).where(where).order_by(DraftFigures.id.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def store(run: ThemeRun, briefing_id: int, key: str, built_from: tuple, snapshot: dict) -> bool:
    """Keep a build as the draft's row, unless what it was built from changed meanwhile (a removal
    may have committed while it was being built: its words must not be kept). Returns whether kept."""
    try:
        with write():
            one_at_a_time(LOCK)
            if fingerprint(run) != built_from:
                return False
            db.session.execute(delete(DraftFigures).where(DraftFigures.briefing_id == briefing_id))
            db.session.execute(insert(DraftFigures).values(briefing_id=briefing_id, key=key, snapshot=snapshot,
                                                           built_at=utcnow()))
    except IntegrityError:
        return False  # another process built the same figures at the same moment: theirs are kept
    return True


def cached(run: ThemeRun, briefing_id: int, draft: tuple, build: Callable[[], dict]) -> dict:
    """The current snapshot of draft `briefing_id` (`draft`: its version and the rule), read from
    its row while nothing it is built from has changed; otherwise `build()` it and keep it for every
    process. Each call returns its own copy."""
    return view(run, briefing_id, draft, build, older_ok=lambda _snapshot: False).snapshot


def view(run: ThemeRun, briefing_id: int, draft: tuple, build: Callable[[], dict],
         older_ok: Callable[[dict], bool]) -> Figures:
    """The current figures when stored; else the draft's older build when `older_ok(snapshot)`
    says it may be shown (the caller makes sure a refresh is on its way); else built now."""
    built_from = fingerprint(run)
    key = _key((briefing_id, *draft), built_from)
    current = _row(DraftFigures.key == key)
    if current is not None:
        return Figures(current[0], current[1], True)
    older = _row(DraftFigures.briefing_id == briefing_id)
    if older is not None and older_ok(older[0]):
        return Figures(older[0], older[1], False)
    snapshot = _plain(build())
    store(run, briefing_id, key, built_from, snapshot)
    return Figures(_plain(snapshot), utcnow(), True)


def has(key: str) -> bool:
    """Figures are stored under this key (key_for a draft and a fingerprint)."""
    return db.session.scalar(select(func.count()).where(DraftFigures.key == key)) > 0


def built(briefing_id: int) -> bool:
    """Some build of this draft is stored (current or older)."""
    return db.session.scalar(select(func.count()).where(DraftFigures.briefing_id == briefing_id)) > 0


def forget(briefing_id: int) -> None:
    """Inside `write()`: drop a draft's cached figures (it is being published)."""
    db.session.execute(delete(DraftFigures).where(DraftFigures.briefing_id == briefing_id))


def _removed(session) -> None:
    """Holding LOCK: every cached draft goes, and one more removal is counted, so a build that read
    the words before this commits is refused by `store`."""
    session.execute(delete(DraftFigures))
    bumped = session.execute(update(DraftRemovals).values(generation=DraftRemovals.generation + 1)
                             .execution_options(synchronize_session=False))
    if bumped.rowcount == 0:  # the first removal (the lock keeps a second writer from racing this)
        session.execute(insert(DraftRemovals).values(id=1, generation=1))


def forget_all() -> None:
    """Inside `write()`: drop every draft's cached figures, in the caller's transaction."""
    one_at_a_time(LOCK)
    _removed(db.session)


def _removes_words(session) -> bool:
    for obj in session.deleted:
        if isinstance(obj, Note):
            return True
    for obj in session.dirty:
        if isinstance(obj, Note):
            attrs = db.inspect(obj).attrs
            if any(getattr(attrs, name).history.has_changes() for name in _REMOVING):
                return True
        elif isinstance(obj, ListeningSession) and db.inspect(obj).attrs.deleted_at.history.has_changes():
            return True
    return False


@event.listens_for(Session, "before_flush")
def _words_gone(session, _context, _instances) -> None:
    """A note deleted, erased, or its words, consent or ward changed, or a session deleted, takes
    every cached draft (current or older) with it in the same flush."""
    if _removes_words(session):
        one_at_a_time(LOCK)
        _removed(session)
