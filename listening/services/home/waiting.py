"""What is waiting for each person: a staff member's unfinished sessions, an organiser's finished
run, draft briefings, overdue commitments and events to close, an anchor member's new briefings and
commitments due. Reads only; counts and names, never residents' words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from listening.domain import BriefingStatus, CommitmentStatus, EventStatus, RunStatus
from listening.extensions import db
from listening.models import (
    Briefing,
    CaptureDraft,
    Commitment,
    EngagementEvent,
    ListeningSession,
    Note,
    ThemeEdit,
    ThemeRun,
    User,
    Ward,
    organisation_wards,
)
from listening.models.base import utcnow
from listening.services.core import live_note, live_session, needs_translation

NEW_BRIEFING_DAYS = 30  # a published briefing is "new" for an anchor member this long
DUE_SOON_DAYS = 30  # a commitment is "due" on the home page this long before its date
OPEN = (CommitmentStatus.PROPOSED, CommitmentStatus.IN_PROGRESS)


@dataclass
class DraftSession:
    key: str
    updated_at: datetime
    held_on: date | None  # from the details step, when given
    notes: int


@dataclass
class Untranslated:
    """A session of the person's organisation with notes said in another language and no English
    yet: they are in no theme until someone adds it."""

    session_id: int
    held_on: date
    ward: str
    notes: int


@dataclass
class StaffTasks:
    drafts: list[DraftSession] = field(default_factory=list)
    sessions_logged: int = 0
    untranslated: list[Untranslated] = field(default_factory=list)


@dataclass
class OrganiserTasks:
    latest_run: ThemeRun | None = None
    draft_briefings: list[Briefing] = field(default_factory=list)
    overdue_commitments: int = 0
    events_to_close: list[EngagementEvent] = field(default_factory=list)
    current_run_id: int | None = None
    to_review: int = 0  # decisions carried from themes that merged or split, waiting for review


@dataclass
class AnchorTasks:
    new_briefings: list[Briefing] = field(default_factory=list)
    due_commitments: list[Commitment] = field(default_factory=list)
    open_commitments: int = 0


def _held_on(data: dict) -> date | None:
    value = (data.get("details") or {}).get("held_on")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def staff_tasks(user: User) -> StaffTasks:
    """The person's own unfinished journeys (their words stay theirs) and their organisation's count."""
    drafts = [
        DraftSession(d.key, d.updated_at, _held_on(d.data), len(d.data.get("notes") or []))
        for d in db.session.scalars(
            select(CaptureDraft).where(CaptureDraft.user_id == user.id).order_by(CaptureDraft.updated_at.desc()).limit(10)
        )
    ]
    logged = 0
    if user.organisation_id:
        logged = db.session.scalar(
            select(func.count()).select_from(ListeningSession)
            .where(ListeningSession.organisation_id == user.organisation_id, live_session())
        ) or 0
    return StaffTasks(drafts, logged, _untranslated(user.organisation_id) if user.organisation_id else [])


def _untranslated(organisation_id: int, limit: int = 10) -> list[Untranslated]:
    rows = db.session.execute(
        select(ListeningSession.id, ListeningSession.held_on, Ward.name, func.count(Note.id))
        .join(Note, Note.session_id == ListeningSession.id)
        .join(Ward, Ward.id == ListeningSession.ward_id)
        .where(ListeningSession.organisation_id == organisation_id, live_note(), needs_translation())
        .group_by(ListeningSession.id, ListeningSession.held_on, Ward.name)
        .order_by(ListeningSession.held_on.desc(), ListeningSession.id.desc())
        .limit(limit)
    )
    return [Untranslated(*row) for row in rows]


def organiser_tasks(today: date | None = None) -> OrganiserTasks:
    today = today or date.today()
    # A run someone cancelled waits for nobody: show the latest one that was not.
    latest = db.session.scalar(
        select(ThemeRun).where(ThemeRun.status != RunStatus.CANCELLED).order_by(ThemeRun.id.desc()).limit(1)
    )
    drafts = list(db.session.scalars(
        select(Briefing).where(Briefing.status == BriefingStatus.DRAFT).order_by(Briefing.updated_at.desc())
    ))
    overdue = db.session.scalar(
        select(func.count()).select_from(Commitment)
        .where(Commitment.status.in_(OPEN), Commitment.due_on.is_not(None), Commitment.due_on < today)
    ) or 0
    to_close = list(db.session.scalars(
        select(EngagementEvent).where(EngagementEvent.status == EventStatus.PLANNED, EngagementEvent.held_on < today)
        .order_by(EngagementEvent.held_on)
    ))
    current = db.session.scalar(select(ThemeRun.id).where(ThemeRun.is_current.is_(True), ThemeRun.scope == "all"))
    to_review = db.session.scalar(select(func.count()).select_from(ThemeEdit).where(ThemeEdit.review == "pending")) or 0
    return OrganiserTasks(latest, drafts, overdue, to_close, current, to_review if current else 0)


def anchor_tasks(user: User, today: date | None = None) -> AnchorTasks:
    """Briefings published lately for the wards the person's institution covers (every ward when it
    names none), and the institution's open commitments due soon or overdue."""
    today = today or date.today()
    ward_ids = list(db.session.scalars(
        select(organisation_wards.c.ward_id).where(organisation_wards.c.organisation_id == user.organisation_id)
    ))
    since = utcnow() - timedelta(days=NEW_BRIEFING_DAYS)
    query = select(Briefing).where(Briefing.status == BriefingStatus.PUBLISHED, Briefing.published_at >= since)
    if ward_ids:
        query = query.where((Briefing.ward_id.in_(ward_ids)) | (Briefing.ward_id.is_(None)))
    new = list(db.session.scalars(query.order_by(Briefing.published_at.desc()).limit(20)))
    own = select(Commitment).where(Commitment.organisation_id == user.organisation_id, Commitment.status.in_(OPEN))
    due = list(db.session.scalars(
        own.where(Commitment.due_on.is_not(None), Commitment.due_on <= today + timedelta(days=DUE_SOON_DAYS))
        .order_by(Commitment.due_on)
    ))
    open_count = db.session.scalar(select(func.count()).select_from(own.subquery())) or 0
    return AnchorTasks(new, due, open_count)
