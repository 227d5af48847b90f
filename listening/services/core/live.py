"""The one rule for a note that still counts, used by every area that counts or lists notes.

A note counts while it is not erased and its session is not deleted. Capture owns notes, but
themes, briefings, events and the demo count them too, and capture already depends on themes
(it queues provisional themes after a save), so the rule lives here, below both.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, not_

from listening.models import ListeningSession, Note


def live_session() -> ColumnElement[bool]:
    """A where-clause: the session is not deleted."""
    return ListeningSession.deleted_at.is_(None)


def live_note() -> ColumnElement[bool]:
    """A where-clause: the note is not erased and its session is not deleted (join the session)."""
    return and_(Note.erased_at.is_(None), live_session())


def needs_translation() -> ColumnElement[bool]:
    """A where-clause: the note was said in another language and nobody has given its English yet.
    Its text is then the resident's own words, which the English model behind themes would
    misread, so it is left out of theme runs and counted and listed as "needs a translation"."""
    return and_(Note.language != "en", Note.original_redacted.is_(None))


def themeable() -> ColumnElement[bool]:
    """A where-clause: the note may be themed (its English is known)."""
    return not_(needs_translation())
