"""Listing and exporting listening sessions and notes: filters, paging, counts. Reads only;
what a person may see comes from capture's visibility rules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from listening.domain import NoteKind, SessionFormat
from listening.extensions import db
from listening.models import ListeningSession, Note, User
from listening.services.capture.sessions import visible_sessions
from listening.services.core import csv_text

PER_PAGE = 25


@dataclass
class Filters:
    ward_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: NoteKind | None = None
    format: SessionFormat | None = None
    q: str | None = None
    organisation_id: int | None = None


@dataclass
class SessionRow:
    session: ListeningSession
    notes: int
    love: int
    change: int
    matching: int | None  # notes matching the kind/text filters, when set


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _note_match(filters: Filters):
    conditions = [Note.erased_at.is_(None)]  # an erased note is in no count, list or export
    if filters.kind:
        conditions.append(Note.kind == filters.kind)
    if filters.q and filters.q.strip():
        # Only the redacted text is searched: a search must not reveal what redaction hid.
        conditions.append(Note.text.ilike(_like(filters.q.strip()), escape="\\"))
    return conditions


def _session_query(user: User, filters: Filters):
    query = select(ListeningSession).where(visible_sessions(user))
    if filters.ward_id:
        query = query.where(ListeningSession.ward_id == filters.ward_id)
    if filters.date_from:
        query = query.where(ListeningSession.held_on >= filters.date_from)
    if filters.date_to:
        query = query.where(ListeningSession.held_on <= filters.date_to)
    if filters.format:
        query = query.where(ListeningSession.format == filters.format)
    if filters.organisation_id:
        query = query.where(ListeningSession.organisation_id == filters.organisation_id)
    note_conditions = _note_match(filters)
    if filters.kind or filters.q:
        query = query.where(
            select(Note.id).where(Note.session_id == ListeningSession.id, *note_conditions).exists()
        )
    return query


def list_sessions(user: User, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    query = _session_query(user, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
    sessions = list(
        db.session.scalars(
            query.order_by(ListeningSession.held_on.desc(), ListeningSession.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    counts = _note_counts([s.id for s in sessions])
    matching = _matching_counts([s.id for s in sessions], filters)
    rows = [
        SessionRow(
            s,
            sum(counts.get((s.id, k), 0) for k in NoteKind),
            counts.get((s.id, NoteKind.LOVE), 0),
            counts.get((s.id, NoteKind.CHANGE), 0),
            matching.get(s.id, 0) if matching is not None else None,
        )
        for s in sessions
    ]
    return Page(rows, total, page, per_page)


def _note_counts(session_ids: list[int]) -> dict:
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(Note.session_id, Note.kind, func.count())
        .where(Note.session_id.in_(session_ids), Note.erased_at.is_(None))
        .group_by(Note.session_id, Note.kind)
    )
    return {(sid, kind): n for sid, kind, n in rows}


def _matching_counts(session_ids: list[int], filters: Filters) -> dict | None:
    conditions = _note_match(filters)
    if not (filters.kind or filters.q):
        return None
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(Note.session_id, func.count()).where(Note.session_id.in_(session_ids), *conditions).group_by(Note.session_id)
    )
    return dict(rows.all())


def notes_for_export(user: User, filters: Filters, limit: int = 100_000) -> list[Note]:
    """Notes of the sessions `user` may see that match `filters`, for a CSV export."""
    sessions = _session_query(user, filters).with_only_columns(ListeningSession.id)
    query = select(Note).options(selectinload(Note.session)).where(Note.session_id.in_(sessions), *_note_match(filters))
    return list(db.session.scalars(query.order_by(Note.held_on.desc(), Note.session_id, Note.position).limit(limit)))


def visible_notes(session: ListeningSession) -> list[Note]:
    """Every note of the session in order; an erased one is shown only as "Erased on <date>"."""
    return list(session.notes)


def live_notes(session: ListeningSession) -> list[Note]:
    """The notes that count: erased notes are left out of counts, lists and the API."""
    return [n for n in session.notes if n.erased_at is None]


NOTE_COLUMNS = ["session_id", "note_id", "ward_code", "ward", "date", "venue", "format", "kind", "consent", "language", "text"]


def notes_csv(notes) -> str:
    """Redacted words only: raw text never leaves Hark in an export."""
    return csv_text(
        NOTE_COLUMNS,
        (
            [n.session_id, n.id, n.session.ward.code, n.session.ward.name, n.held_on.isoformat(), n.session.venue,
             n.session.format.value, n.kind.value, n.consent.value, n.language, n.text]
            for n in notes
        ),
    )
