"""Notes a run leaves out of every theme, shown honestly rather than dropped (issue 12):

* **not yet grouped**: the analysis found no theme they fit (or they were saved after the run
  and have no place yet);
* **needs a translation**: said in another language with no English given, so never themed (the
  English model behind themes would misread them) until staff of the note's organisation add the
  English on the note's edit page.

Both are read for one run's notes (its scope), live notes only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme, Organisation, Theme, ThemeRun, Ward
from listening.services.core import live_note, needs_translation, themeable

UNGROUPED, UNTRANSLATED = "ungrouped", "untranslated"
REASONS = (UNGROUPED, UNTRANSLATED)


@dataclass(frozen=True)
class WaitingNote:
    id: int
    text: str  # redacted: the English, or (needs a translation) the words as said
    kind: str
    language: str
    ward: str
    session_id: int
    organisation_id: int
    organisation: str


def _reason(run: ThemeRun, reason: str):
    """A where-clause for the run's notes left out of its themes for `reason`."""
    if reason == UNTRANSLATED:
        return needs_translation()
    # NOT IN over the run's placed notes (note_id is never NULL), not a correlated NOT EXISTS per
    # note: PostgreSQL hashes the run's links once (the NOT EXISTS cost 0.5-1.2 s per briefing build
    # at 24k notes), and SQLite builds one temporary index. The same notes either way.
    placed = Note.id.in_(select(NoteTheme.note_id).join(Theme, Theme.id == NoteTheme.theme_id)
                         .where(Theme.run_id == run.id))
    return themeable() & ~placed


def _scoped(query, run: ThemeRun):
    query = query.join(ListeningSession, ListeningSession.id == Note.session_id).where(live_note())
    if run.date_from:
        query = query.where(Note.held_on >= run.date_from)
    if run.date_to:
        query = query.where(Note.held_on <= run.date_to)
    return query


def counts(run: ThemeRun) -> dict[str, int]:
    """{"ungrouped": n, "untranslated": m} for the run's notes."""
    base = select(func.count(Note.id)).select_from(Note)
    return {reason: db.session.scalar(_scoped(base, run).where(_reason(run, reason))) or 0 for reason in REASONS}


def by_ward(run: ThemeRun) -> dict[tuple[str, str], int]:
    """(reason, ward code) -> notes, for briefings (published through the disclosure rules)."""
    out: dict[tuple[str, str], int] = {}
    for reason in REASONS:
        query = _scoped(select(Ward.code, func.count(Note.id)).select_from(Note), run).join(
            Ward, Ward.id == Note.ward_id).where(_reason(run, reason)).group_by(Ward.code)
        for code, n in db.session.execute(query):
            out[(reason, code)] = n
    return out


def notes(run: ThemeRun, reason: str, limit: int = 200) -> list[WaitingNote]:
    """The run's notes left out for `reason`, oldest session first."""
    query = _scoped(
        select(Note.id, Note.text, Note.kind, Note.language, Ward.name, Note.session_id, Note.organisation_id,
               Organisation.name).select_from(Note), run,
    ).join(Ward, Ward.id == Note.ward_id).join(Organisation, Organisation.id == Note.organisation_id).where(
        _reason(run, reason)).order_by(Note.held_on, Note.session_id, Note.position, Note.id).limit(limit)
    return [WaitingNote(i, text, kind.value, language, ward, session_id, org_id, org)
            for i, text, kind, language, ward, session_id, org_id, org in db.session.execute(query)]


def of_notes(run: ThemeRun | None, note_ids: list[int]) -> dict[int, str]:
    """note id -> reason, for the given notes that the run leaves out of its themes."""
    if run is None or not note_ids:
        return {}
    out: dict[int, str] = {}
    for reason in REASONS:
        query = select(Note.id).where(Note.id.in_(note_ids), _reason(run, reason))
        if run.date_from:
            query = query.where(Note.held_on >= run.date_from)
        if run.date_to:
            query = query.where(Note.held_on <= run.date_to)
        for note_id in db.session.scalars(query):
            out.setdefault(note_id, reason)
    return out
