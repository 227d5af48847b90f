"""The audit log read by people: who did what to what, in plain sentences with names, filtered by
person, action and date. Names come from the rows as they are now; residents' words never appear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from listening.extensions import db
from listening.models import (
    AuditEvent,
    Briefing,
    Commitment,
    EngagementEvent,
    ListeningSession,
    Organisation,
    Theme,
    ThemeRun,
    User,
    Ward,
)

LIMIT = 200

# What each action means, as a sentence: %(actor)s did it to %(object)s.
SENTENCES = {
    "api_token.issued": _l("%(actor)s issued an API token for %(object)s"),
    "auth.sign_in": _l("%(actor)s signed in"),
    "auth.sign_in_failed": _l("A sign-in as %(object)s failed"),
    "auth.sign_out": _l("%(actor)s signed out"),
    "briefing.draft": _l("%(actor)s started a draft of %(object)s"),
    "briefing.publish": _l("%(actor)s published %(object)s"),
    "briefing.quotes_erased": _l("Quotes of erased notes were removed from %(object)s"),
    "briefing.summary": _l("%(actor)s changed the summary of %(object)s"),
    "commitment.created": _l("%(actor)s recorded the commitment %(object)s"),
    "commitment.nudge": _l("%(actor)s asked for news of the commitment %(object)s"),
    "commitment.update": _l("%(actor)s added an update to the commitment %(object)s"),
    "commitment.updated": _l("%(actor)s changed the commitment %(object)s"),
    "event.created": _l("%(actor)s planned the event %(object)s"),
    "event.gaps": _l("%(actor)s suggested the gaps again for the event %(object)s"),
    "event.outcome": _l("%(actor)s recorded whether the event %(object)s went ahead"),
    "event.questions": _l("%(actor)s changed the questions for the event %(object)s"),
    "event.session_linked": _l("%(actor)s linked a session to the event %(object)s"),
    "event.updated": _l("%(actor)s changed the event %(object)s"),
    "mfa.enrol_failed": _l("%(actor)s entered a wrong code while setting up two-factor sign-in"),
    "mfa.enrolled": _l("%(actor)s set up two-factor sign-in"),
    "mfa.failed": _l("A wrong two-factor code was entered for %(object)s"),
    "mfa.recovery_code_used": _l("%(actor)s signed in with a recovery code"),
    "mfa.recovery_codes_replaced": _l("%(actor)s replaced their recovery codes"),
    "mfa.turned_off": _l("%(actor)s reset two-factor sign-in for %(object)s"),
    "mfa.verified": _l("%(actor)s confirmed their two-factor code"),
    "note.deleted": _l("%(actor)s deleted a note from %(object)s"),
    "note.updated": _l("%(actor)s corrected a note in %(object)s"),
    "organisation.created": _l("%(actor)s added the organisation %(object)s"),
    "organisation.updated": _l("%(actor)s changed the organisation %(object)s"),
    "privacy.drafts_purged": _l("Unfinished session drafts past their time were removed"),
    "privacy.erased": _l("%(actor)s erased notes at a resident's request"),
    "privacy.exported": _l("%(actor)s exported a resident's data"),
    "privacy.raw_purged": _l("Words as written past the retention period were removed"),
    "redaction_keep_word.added": _l("%(actor)s added a word that redaction keeps"),
    "redaction_keep_word.removed": _l("%(actor)s removed a word that redaction kept"),
    "session.created": _l("%(actor)s logged %(object)s"),
    "session.deleted": _l("%(actor)s deleted %(object)s"),
    "session.updated": _l("%(actor)s changed the details of %(object)s"),
    "theme.edit": _l("%(actor)s curated the theme %(object)s"),
    "theme.recluster": _l("%(actor)s let the model split the theme %(object)s"),
    "theme.translated": _l("%(actor)s named a theme in other languages"),
    "theme_run.cancel": _l("%(actor)s cancelled %(object)s"),
    "theme_run.done": _l("%(object)s finished"),
    "theme_run.failed": _l("%(object)s failed"),
    "theme_run.start": _l("%(actor)s started %(object)s"),
    "user.activated": _l("%(actor)s reactivated %(object)s"),
    "user.created": _l("%(actor)s created the account of %(object)s"),
    "user.deactivated": _l("%(actor)s deactivated %(object)s"),
    "user.invitation_used": _l("%(actor)s accepted their invitation"),
    "user.invited": _l("%(actor)s invited %(object)s"),
    "user.password_set": _l("%(actor)s set a new password"),
    "user.role_changed": _l("%(actor)s changed the role of %(object)s"),
    "ward.boundaries_loaded": _l("%(actor)s loaded ward boundaries"),
    "ward.hexes_loaded": _l("%(actor)s loaded the ward hexagon map"),
    "ward.updated": _l("%(actor)s changed the ward %(object)s"),
}


@dataclass
class LogLine:
    at: datetime
    action: str
    sentence: str
    actor_id: int | None


@dataclass
class Filters:
    person_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _names(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """A readable name for each object the events point at, looked up once per kind."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.object_type and e.object_id and e.object_id.isdigit():
            wanted.setdefault(e.object_type, set()).add(int(e.object_id))
    for e in events:
        if e.actor_id:
            wanted.setdefault("User", set()).add(e.actor_id)
    namers = {
        "User": (User, lambda u: u.name or u.email),
        "Organisation": (Organisation, lambda o: o.name),
        "Ward": (Ward, lambda w: w.name),
        "ListeningSession": (ListeningSession, lambda s: _("the session at %(venue)s on %(date)s",
                                                          venue=s.venue, date=s.held_on.isoformat())),
        "EngagementEvent": (EngagementEvent, lambda e: f"“{e.title}”"),
        "Commitment": (Commitment, lambda c: f"“{c.title}”"),
        "Briefing": (Briefing, lambda b: _("the %(ward)s ward briefing, version %(v)s", ward=b.ward.name, v=b.version)
                     if b.ward else _("the city overview, version %(v)s", v=b.version)),
        "ThemeRun": (ThemeRun, lambda r: _("theme run %(id)s", id=r.id)),
        "Theme": (Theme, lambda t: f"“{t.label}”"),
    }
    names = {}
    for kind, ids in wanted.items():
        if kind not in namers:
            continue
        model, name = namers[kind]
        for row in db.session.scalars(select(model).where(model.id.in_(ids))):
            names[(kind, str(row.id))] = name(row)
    return names


def _sentence(event: AuditEvent, names: dict) -> str:
    actor = names.get(("User", str(event.actor_id))) if event.actor_id else None
    thing = names.get((event.object_type or "", event.object_id or ""))
    if thing is None and event.object_type:
        thing = _("a deleted record") if event.object_id else ""
    template = SENTENCES.get(event.action)
    if template is None:
        return _("%(actor)s: %(action)s", actor=actor or _("Hark"), action=event.action)
    return str(template) % {"actor": actor or _("Hark"), "object": thing or _("an unnamed record")}


def search(filters: Filters, limit: int = LIMIT) -> list[LogLine]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if filters.person_id:
        query = query.where(AuditEvent.actor_id == filters.person_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.date_from:
        query = query.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min, UTC))
    if filters.date_to:
        query = query.where(AuditEvent.at < datetime.combine(filters.date_to + timedelta(days=1), time.min, UTC))
    return describe(list(db.session.scalars(query)))


def describe(events: list[AuditEvent]) -> list[LogLine]:
    names = _names(events)
    return [LogLine(e.at, e.action, _sentence(e, names), e.actor_id) for e in events]


def action_choices() -> list[tuple[str, str]]:
    """Every action by its sentence's words, for the filter (the codes stay out of sight)."""
    return sorted(((code, str(text) % {"actor": "…", "object": "…"}) for code, text in SENTENCES.items()),
                  key=lambda pair: pair[1].lower())


def people() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)))
