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

ALL, YOURS, OTHERS = disclosure.ALL, disclosure.YOURS, disclosure.OTHERS

# ---- after the event ------------------------------------------------------------------------


@dataclass
class Gathered:
    """What an event gathered, as one reader may see it. Sessions in full (venue, organisation) only
    for the reader's own organisation, or for organisers and admins; other organisations' sessions
    only as figures. Every figure is protected as one table (disclosure.protect) against a reader who
    knows their own organisation's counts exactly, so "all notes" minus "your notes" never gives
    away another organisation's small count (docs/disclosure.md)."""

    sessions: list[ListeningSession]
    others: disclosure.PublishedCount  # other organisations' sessions linked to the event
    notes: disclosure.PublishedCount  # notes of `sessions`
    themes: list[tuple[str, disclosure.PublishedCount]]  # (label, notes of `sessions`) in the current run
    everyone: disclosure.PublishedCount | None = None  # notes of every linked session, when `sessions` is not all

    @property
    def any(self) -> bool:
        return bool(self.sessions) or self.others.shown is not disclosure.Shown.ZERO

    @property
    def withheld(self) -> bool:
        figures = [self.others, self.notes, self.everyone, *(f for _label, f in self.themes)]
        return any(f is not None and f.shown is disclosure.Shown.WITHHELD for f in figures)


def _notes(session_ids: list[int]) -> int:
    return db.session.scalar(select(func.count(Note.id)).where(Note.session_id.in_(session_ids or [-1]),
                                                               Note.erased_at.is_(None))) or 0


def _touched(session_ids: list[int]) -> dict[str, int]:
    """Theme label -> notes of these sessions carrying it, in the current run's shown themes."""
    run = themes.current_run()
    if run is None or not session_ids:
        return {}
    rows = db.session.execute(
        select(Theme.label, func.count(func.distinct(Note.id)))
        .select_from(NoteTheme)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .join(Note, Note.id == NoteTheme.note_id)
        .where(Theme.run_id == run.id, Note.session_id.in_(session_ids), Note.erased_at.is_(None),
               Theme.hidden.is_(False), Theme.merged_into.is_(None))
        .group_by(Theme.label)
    )
    return {label: int(n) for label, n in rows}


def gathered(event: EngagementEvent, user: User) -> Gathered:
    rule = disclosure.rule()
    linked = list(db.session.scalars(
        select(ListeningSession).where(ListeningSession.event_id == event.id, live_session())
        .order_by(ListeningSession.held_on)
    ))
    everything = user.role in (Role.ORGANISER, Role.ADMIN)
    sessions = [s for s in linked if everything or s.organisation_id == user.organisation_id]
    ids = [s.id for s in sessions]
    mine = YOURS if not everything else ALL  # what the reader sees in full, and knows to the unit
    own_notes, touched = _notes(ids), _touched(ids)
    all_notes = own_notes if everything else _notes([s.id for s in linked])
    raw = {("sessions", mine): len(sessions), ("notes", mine): own_notes,
           ("sessions", ALL): len(linked), ("notes", ALL): all_notes,
           **{("theme", label, mine): n for label, n in touched.items()}}
    if not everything:
        raw[("sessions", OTHERS)] = len(linked) - len(sessions)
        raw[("notes", OTHERS)] = all_notes - own_notes
    shown = [("notes", mine), *(("theme", label, mine) for label in touched)]
    if not everything:
        shown.append(("sessions", OTHERS))
        if raw[("sessions", OTHERS)]:
            shown.append(("notes", ALL))
    known = {key: raw[key] for key in (("sessions", mine), ("notes", mine))}
    known.update({("theme", label, mine): n for label, n in touched.items()})
    figures = disclosure.protect(raw, shown, rule, disclosure.event_layout(), history=[], generation=f"event {event.id}",
                                 order=1, name="the event page", known=known).figures
    themes_shown = sorted(((label, figures[("theme", label, mine)]) for label in touched),
                          key=lambda item: (item[1].sort_key(), item[0].lower()))
    return Gathered(sessions, figures.get(("sessions", OTHERS), disclosure.publish(0, rule)), figures[("notes", mine)],
                    themes_shown, figures.get(("notes", ALL)) if mine != ALL else None)


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
