"""Theme runs and themes, read: the runs, the current run, a run's themes and their notes.

Writes live in theme_runs (start, claim, progress, cancel, recovery) and theme_results (a run's
results in one transaction, and provisional themes for notes saved after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme, Theme, ThemeRun, Ward
from listening.models.base import utcnow
from listening.services.core import live_note
from listening.services.themes.waiting import waiting_for

ALL_SCOPE = "all"


def scope_for(date_from: date | None, date_to: date | None) -> str:
    if date_from is None and date_to is None:
        return ALL_SCOPE
    return f"{date_from.isoformat() if date_from else ''}..{date_to.isoformat() if date_to else ''}"


def get_run(run_id: int) -> ThemeRun | None:
    return db.session.get(ThemeRun, run_id)


def list_runs(limit: int = 20) -> list[ThemeRun]:
    return list(db.session.scalars(select(ThemeRun).order_by(ThemeRun.id.desc()).limit(limit)))


def current_run(scope: str = ALL_SCOPE) -> ThemeRun | None:
    """The latest finished run for a scope. "Current" is per scope: the all-notes run (the default)
    is the city's themes, which briefings, the API and provisional themes use; a date-range run is
    current only for its own dates and never replaces them."""
    return db.session.scalar(
        select(ThemeRun).where(ThemeRun.is_current.is_(True), ThemeRun.scope == scope).order_by(ThemeRun.id.desc())
    )


def is_city_wide(run: ThemeRun) -> bool:
    return run.scope == ALL_SCOPE


def curatable(run: ThemeRun) -> bool:
    """Only the current all-notes run is curated; the curation log is replayed on every run."""
    return run.is_current and is_city_wide(run)


def live_note_ids(note_ids) -> set[int]:
    """Of these note ids, the ones that may feed analysis: still there, not erased, session not deleted."""
    ids, live = sorted(set(note_ids)), set()
    for start in range(0, len(ids), 500):
        live.update(db.session.scalars(
            select(Note.id)
            .join(ListeningSession, ListeningSession.id == Note.session_id)
            .where(Note.id.in_(ids[start : start + 500]), live_note())
        ))
    return live


def active_run(scope: str = ALL_SCOPE) -> ThemeRun | None:
    return db.session.scalar(select(ThemeRun).where(ThemeRun.active_scope == scope))


# The progress messages a run stores (in English) and how people read them; the analysis's
# own finer steps (from nlp/) are shown as they come.
STAGE_LABELS = {
    "Waiting for the job runner": _l("Waiting for the job runner"),
    "Starting": _l("Starting"),
    "Reading the notes": _l("Reading the notes"),
    "Finding themes": _l("Finding themes"),
    "Saving the model": _l("Saving the model"),
    "Saving the themes": _l("Saving the themes"),
    "Stopping at the next step": _l("Stopping at the next step"),
    "Restarting after the job runner stopped": _l("Restarting after the job runner stopped"),
    "Cancelled before it started": _l("Cancelled before it started"),
    "Cancelled": _l("Cancelled"),
    "Failed": _l("Failed"),
}


def stage_label(message: str | None) -> str:
    """A run's stored progress message in the reader's language."""
    return str(STAGE_LABELS.get(message, message or ""))


def shown_status(run: ThemeRun) -> RunStatus:
    """The status a person is shown: a queued run that has made progress (a worker picked it up, or
    took it over after a restart) is running, so the tag always agrees with the bar."""
    if run.status == RunStatus.QUEUED and (run.progress or 0) > 0:
        return RunStatus.RUNNING
    return run.status


def status_dict(run: ThemeRun) -> dict:
    return {
        "id": run.id,
        "status": shown_status(run).value,
        "progress": run.progress,
        "message": waiting_for(run) or stage_label(run.message),
        "error": run.error,
        "is_current": run.is_current,
    }


def themes_of(run: ThemeRun, include_hidden: bool = True) -> list[Theme]:
    """A run's themes, without those merged away or emptied by a split (they live on as parts)."""
    split_sources = select(Theme.split_from).where(Theme.run_id == run.id, Theme.split_from.is_not(None))
    query = select(Theme).where(
        Theme.run_id == run.id,
        Theme.merged_into.is_(None),
        ~((Theme.size == 0) & Theme.key.in_(split_sources)),
    )
    if not include_hidden:
        query = query.where(Theme.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Theme.size.desc(), Theme.label)))


def theme_by_key(run: ThemeRun, key: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.key == key))


@dataclass(frozen=True)
class ThemeNote:
    id: int
    text: str
    kind: str
    consent: str
    ward: str
    score: float
    rank: int
    provisional: bool
    by_person: bool


def notes_of(theme: Theme, limit: int = 500) -> list[ThemeNote]:
    rows = db.session.execute(
        select(Note.id, Note.text, Note.kind, Note.consent, Ward.name, NoteTheme)
        .join(NoteTheme, NoteTheme.note_id == Note.id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Ward, Ward.id == Note.ward_id)
        .where(NoteTheme.theme_id == theme.id, live_note())
        .order_by(NoteTheme.rank, NoteTheme.score.desc(), Note.id)
        .limit(limit)
    )
    return [
        ThemeNote(i, text, kind.value, consent.value, ward, nt.score, nt.rank, nt.provisional, nt.by_person)
        for i, text, kind, consent, ward, nt in rows
    ]


def provisional_count(run: ThemeRun) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(NoteTheme.note_id)))
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .join(Note, Note.id == NoteTheme.note_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .where(Theme.run_id == run.id, NoteTheme.provisional.is_(True), live_note())
    ) or 0


def as_of(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
