"""After the event: what it gathered, the sessions that may be linked to it, the report back, and
refreshed gaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from listening.domain import CommitmentStatus, EventStatus, Role
from listening.extensions import db
from listening.models import (
    EngagementEvent,
    ListeningSession,
    Note,
    NoteTheme,
    Theme,
    User,
)
from listening.services import capture, disclosure, themes
from listening.services import commitments as commitments_service
from listening.services.core import audit, live_session, write
from listening.services.events.planning import EventError, gaps_for_wards

# ---- after the event ------------------------------------------------------------------------


@dataclass
class Gathered:
    """What an event gathered, as one reader may see it. Sessions in full (venue, organisation) only
    for the reader's own organisation, or for organisers and admins; other organisations' sessions
    only as a published figure. Notes and themes count the sessions shown in full, so no figure here
    can be subtracted from another (docs/disclosure.md)."""

    sessions: list[ListeningSession]
    others: disclosure.PublishedCount  # other organisations' sessions linked to the event
    notes: disclosure.PublishedCount  # notes of `sessions`
    themes: list[tuple[str, disclosure.PublishedCount]]  # (label, notes of `sessions`) in the current run

    @property
    def any(self) -> bool:
        return bool(self.sessions) or self.others.shown is not disclosure.Shown.ZERO


def gathered(event: EngagementEvent, user: User) -> Gathered:
    rule = disclosure.rule()
    linked = list(db.session.scalars(
        select(ListeningSession).where(ListeningSession.event_id == event.id, live_session())
        .order_by(ListeningSession.held_on)
    ))
    everything = user.role in (Role.ORGANISER, Role.ADMIN)
    sessions = [s for s in linked if everything or s.organisation_id == user.organisation_id]
    ids = [s.id for s in sessions]
    notes = db.session.scalar(select(func.count(Note.id)).where(Note.session_id.in_(ids or [-1]),
                                                                 Note.erased_at.is_(None))) or 0
    run = themes.current_run()
    touched: list[tuple[str, disclosure.PublishedCount]] = []
    if run is not None and ids:
        rows = db.session.execute(
            select(Theme.label, func.count(func.distinct(Note.id)))
            .select_from(NoteTheme)
            .join(Theme, Theme.id == NoteTheme.theme_id)
            .join(Note, Note.id == NoteTheme.note_id)
            .where(Theme.run_id == run.id, Note.session_id.in_(ids), Note.erased_at.is_(None),
                   Theme.hidden.is_(False), Theme.merged_into.is_(None))
            .group_by(Theme.label)
        )
        figures = [(label, disclosure.publish(n, rule)) for label, n in rows]
        touched = sorted(figures, key=lambda item: (item[1].sort_key(), item[0].lower()))
    return Gathered(sessions, disclosure.publish(len(linked) - len(sessions), rule), disclosure.publish(notes, rule),
                    touched)


def linkable_sessions(user: User, event: EngagementEvent) -> list[ListeningSession]:
    """The user's editable sessions in the event's wards held in its window (the day itself and up to
    EVENT_LINK_DAYS after), not yet linked."""
    ward_ids = [w.id for w in event.wards]
    query = select(ListeningSession).where(
        ListeningSession.ward_id.in_(ward_ids or [-1]),
        ListeningSession.held_on >= event.held_on,
        ListeningSession.held_on <= event.held_on + timedelta(days=current_app.config["EVENT_LINK_DAYS"]),
        live_session(),
        (ListeningSession.event_id.is_(None)) | (ListeningSession.event_id != event.id),
    ).order_by(ListeningSession.held_on.desc()).limit(50)
    return [s for s in db.session.scalars(query) if capture.can_edit(user, s)]


def needs_outcome(event: EngagementEvent, today: date | None = None) -> bool:
    """A planned event whose day has passed: ask whether it went ahead rather than keep "Planned"."""
    return event.status == EventStatus.PLANNED and event.held_on < (today or date.today())


def record_outcome(user: User, event: EngagementEvent, went_ahead: bool) -> EngagementEvent:
    """The answer to "Did this go ahead?": held, or cancelled."""
    if not needs_outcome(event):
        raise EventError("went_ahead", _("This event is not waiting for an answer"))
    with write():
        db.session.refresh(event)
        event.status = EventStatus.HELD if went_ahead else EventStatus.CANCELLED
        event.sequence = (event.sequence or 0) + 1
        audit.record("event.outcome", user.id, event, status=event.status.value)
    return event


def report_back(event: EngagementEvent) -> list:
    """Commitments to report back on at the event: live or finished ones in its wards."""
    seen, result = set(), []
    for ward in event.wards:
        for views in commitments_service.for_ward(ward.id, public_only=True).values():
            for v in views:
                if v.id not in seen and v.status != CommitmentStatus.PROPOSED.value:
                    seen.add(v.id)
                    result.append(v)
    return result


def refresh_gaps(user: User, event: EngagementEvent) -> EngagementEvent:
    gaps = gaps_for_wards([w.id for w in event.wards])
    with write():
        db.session.refresh(event)
        event.gaps = gaps
        audit.record("event.gaps", user.id, event, gaps=len(gaps))
    return event
