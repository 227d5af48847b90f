"""Engagement events: planning them and the gaps to fill. The pack: pack.py; after the event:
afterwards.py; the calendar export: calendar.py."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from listening.domain import EventStatus, OrgKind, Role
from listening.extensions import db
from listening.models import (
    EngagementEvent,
    ListeningSession,
    Organisation,
    User,
    Ward,
    organisation_wards,
)
from listening.services import capture
from listening.services import commitments as commitments_service
from listening.services.core import audit, live_session, write

TITLE_MAX = 200
VENUE_MAX = 200
GAP_MAX = 300
GAPS_MAX = 30
QUESTION_MAX = 500
QUESTIONS_PER_THEME = 8
NOTES_MAX = 4000
SIGN_UP_ROWS = 12
# Languages the city hears most, in the order a gap is worth naming (configurable later).
CITY_LANGUAGES = ("en", "ur", "pl", "pa", "ro", "ar", "ku", "bn")


class EventError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class EventInput:
    title: str
    held_on: date | None
    starts_at: time | None
    venue: str
    ends_at: time | None = None
    host_organisation_id: int | None = None
    ward_ids: list[int] = field(default_factory=list)
    anchor_ids: list[int] = field(default_factory=list)
    theme_keys: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    status: EventStatus = EventStatus.PLANNED
    notes: str = ""


def can_plan(user: User) -> bool:
    return user.role in (Role.ORGANISER, Role.ADMIN)


# ---- reading --------------------------------------------------------------------------------


def get(event_id: int) -> EngagementEvent | None:
    return db.session.get(EngagementEvent, event_id)


def list_events(upcoming: bool | None = None, today: date | None = None) -> list[EngagementEvent]:
    today = today or date.today()
    query = select(EngagementEvent)
    if upcoming is True:
        query = query.where(EngagementEvent.held_on >= today, EngagementEvent.status != EventStatus.CANCELLED)
        query = query.order_by(EngagementEvent.held_on, EngagementEvent.starts_at)
    elif upcoming is False:
        query = query.where((EngagementEvent.held_on < today) | (EngagementEvent.status == EventStatus.CANCELLED))
        query = query.order_by(EngagementEvent.held_on.desc(), EngagementEvent.starts_at.desc())
    else:
        query = query.order_by(EngagementEvent.held_on, EngagementEvent.starts_at)
    return list(db.session.scalars(query))


def community_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.COMMUNITY, Organisation.active.is_(True))
        .order_by(Organisation.name)))


def anchor_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.ANCHOR, Organisation.active.is_(True))
        .order_by(Organisation.name)))


# ---- gaps: who has not been heard yet -------------------------------------------------------


def gaps_for_wards(ward_ids: list[int]) -> list[str]:
    """Groups and places under-heard in these wards, from the sessions logged so far."""
    if not ward_ids:
        return []
    sessions = list(db.session.scalars(
        select(ListeningSession).where(ListeningSession.ward_id.in_(ward_ids), live_session())
    ))
    gaps: list[str] = []
    if not sessions:
        return [_("Nobody has been heard in this ward yet: any group is a gap.")]
    formats = Counter(s.format for s in sessions)
    for fmt in capture.FORMAT_LABELS:
        if fmt not in formats and fmt.value != "event":
            gaps.append(_("No %(format)s sessions yet", format=str(capture.FORMAT_LABELS[fmt]).lower()))
    ages: Counter = Counter()
    for s in sessions:
        for band, n in (s.demographics or {}).items():
            ages[band] += int(n or 0)
    heard_people = sum(ages.values())
    for band in capture.AGE_BANDS:
        if heard_people and ages[band] == 0:
            gaps.append(_("Nobody aged %(band)s recorded", band=str(capture.AGE_BAND_LABELS[band]).lower()))
    if not heard_people:
        gaps.append(_("No ages recorded yet: ask who is in the room"))
    languages = Counter(lang for s in sessions for lang in (s.languages or []))
    for code in CITY_LANGUAGES:
        if code != "en" and languages[code] == 0:
            gaps.append(_("No sessions held in %(language)s", language=capture.language_label(code)))
    heard_orgs = {s.organisation_id for s in sessions}
    serving = db.session.scalars(
        select(Organisation)
        .join(organisation_wards, organisation_wards.c.organisation_id == Organisation.id)
        .where(organisation_wards.c.ward_id.in_(ward_ids), Organisation.kind == OrgKind.COMMUNITY)
        .order_by(Organisation.name)
    ).unique()
    for org in serving:
        if org.id not in heard_orgs:
            gaps.append(_("%(organisation)s serves this ward but has not held a session here", organisation=org.name))
    return gaps[:GAPS_MAX]


# ---- writing --------------------------------------------------------------------------------


def _text(value: str | None, field_name: str, max_chars: int, too_long: str, enter: str | None = None) -> str:
    """The tidied text; `enter` (the message when it is empty) makes it required."""
    value = (value or "").strip()
    if enter and not value:
        raise EventError(field_name, enter)
    if len(value) > max_chars:
        raise EventError(field_name, too_long)
    return value


def validate(data: EventInput, keep=()) -> EventInput:
    data.title = _text(data.title, "title", TITLE_MAX, _("A title must be %(most)s characters or fewer", most=TITLE_MAX),
                       enter=_("Enter a title"))
    data.venue = _text(data.venue, "venue", VENUE_MAX, _("The venue must be %(most)s characters or fewer", most=VENUE_MAX),
                       enter=_("Enter the venue"))
    if data.held_on is None:
        raise EventError("held_on", _("Enter the date of the event"))
    if data.starts_at is None:
        raise EventError("starts_at", _("Enter the time the event starts"))
    if data.ends_at is not None and data.ends_at <= data.starts_at:
        raise EventError("ends_at", _("The end time must be after the start time"))
    if not data.ward_ids:
        raise EventError("wards", _("Choose at least one ward"))
    found = set(db.session.scalars(select(Ward.id).where(Ward.id.in_(data.ward_ids))))
    if set(data.ward_ids) - found:
        raise EventError("wards", _("Choose wards from the list"))
    if data.host_organisation_id:
        host = db.session.get(Organisation, data.host_organisation_id)
        if host is None or host.kind != OrgKind.COMMUNITY:
            raise EventError("host", _("Choose a community organisation from the list"))
    if data.anchor_ids:
        kinds = set(db.session.scalars(select(Organisation.kind).where(Organisation.id.in_(data.anchor_ids))))
        count = db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.id.in_(data.anchor_ids)))
        if count != len(set(data.anchor_ids)) or kinds - {OrgKind.ANCHOR}:
            raise EventError("anchors", _("Choose anchor institutions from the list"))
    known = commitments_service.known_theme_keys()
    data.theme_keys = [k for k in dict.fromkeys(data.theme_keys) if k]
    hidden = commitments_service.hidden_theme_keys() - set(keep)  # a hidden theme is never newly chosen
    if any(k not in known or k in hidden for k in data.theme_keys):
        raise EventError("themes", _("Choose themes from the list"))
    gaps = [g.strip() for g in data.gaps if g and g.strip()]
    if len(gaps) > GAPS_MAX or any(len(g) > GAP_MAX for g in gaps):
        raise EventError("gaps", _("Write at most %(n)s gaps, one per line, each under %(chars)s characters",
                                   n=GAPS_MAX, chars=GAP_MAX))
    data.gaps = gaps
    data.notes = _text(data.notes, "notes", NOTES_MAX, _("Notes must be %(most)s characters or fewer", most=NOTES_MAX))
    return data


def _apply(event: EngagementEvent, data: EventInput) -> None:
    event.title = data.title
    event.held_on = data.held_on
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.venue = data.venue
    event.host_organisation_id = data.host_organisation_id or None
    event.wards = list(db.session.scalars(select(Ward).where(Ward.id.in_(data.ward_ids))))
    event.anchors = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(data.anchor_ids or [-1]))))
    event.theme_keys = list(data.theme_keys)
    event.gaps = list(data.gaps)
    event.status = data.status
    event.notes = data.notes or None


def create(user: User, data: EventInput) -> EngagementEvent:
    data = validate(data)
    with write():
        event = EngagementEvent(uid=f"{uuid.uuid4()}@hark", created_by_id=user.id, questions={})
        _apply(event, data)
        db.session.add(event)
        db.session.flush()
        audit.record("event.created", user.id, event, wards=len(data.ward_ids), status=data.status.value)
    return event


def update(user: User, event: EngagementEvent, data: EventInput) -> EngagementEvent:
    data = validate(data, keep=set(event.theme_keys or ()))
    with write():
        db.session.refresh(event)
        _apply(event, data)
        event.sequence = (event.sequence or 0) + 1
        audit.record("event.updated", user.id, event, status=data.status.value)
    return event


def save_questions(user: User, event: EngagementEvent, questions: dict[str, list[str]]) -> EngagementEvent:
    cleaned = {}
    for key, lines in questions.items():
        lines = [q.strip() for q in lines if q and q.strip()]
        if len(lines) > QUESTIONS_PER_THEME or any(len(q) > QUESTION_MAX for q in lines):
            raise EventError(f"questions-{key}", _("Write at most %(n)s questions per theme, each under %(chars)s characters",
                                                   n=QUESTIONS_PER_THEME, chars=QUESTION_MAX))
        if lines:
            cleaned[key] = lines
    with write():
        db.session.refresh(event)
        event.questions = cleaned
        audit.record("event.questions", user.id, event, themes=len(cleaned))
    return event


def link_session(user: User, event: EngagementEvent, session_id: int) -> None:
    """Mark a listening session as heard at this event (the user must be able to edit it)."""
    session = capture.get_session_for(user, session_id)
    if session is None or not capture.can_edit(user, session):
        raise EventError("session", _("Choose one of your own listening sessions"))
    problem = capture.event_link_problem(session.held_on, event.held_on, current_app.config["EVENT_LINK_DAYS"])
    if problem:
        raise EventError("session", problem)
    with write():
        session.event_id = event.id
        audit.record("event.session_linked", user.id, event, session=session.id)
