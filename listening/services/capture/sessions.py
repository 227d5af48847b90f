"""Listening sessions and their notes: create (with redaction on save), find, correct and
delete, each scoped to who is asking. Listing and export: capture_listing; unfinished journeys:
capture_drafts.

Who sees what:
- staff, organisers and admins see their own organisation's sessions; organisers and
  admins see every organisation's; anchor members see none (they read briefings);
- raw (unredacted) words are shown only to the note's organisation and to admins;
- edits and deletions by the session's organisation or an admin, each with an audit row
  that records ids and field names, never residents' words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, false, func, select
from sqlalchemy.exc import IntegrityError

from listening.domain import Consent, NoteKind, Role, SessionFormat
from listening.extensions import db
from listening.models import CaptureDraft, EngagementEvent, ListeningSession, Note, User, Ward
from listening.models.base import utcnow
from listening.services import themes
from listening.services.capture.keep_words import keep_words
from listening.services.capture.note_text import RedactedNote, clean, redact_note
from listening.services.capture.rules import event_link_problem
from listening.services.core import audit, live_session, write


class CaptureError(ValueError):
    """A request that cannot be carried out; `field` names the input at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class NoteErased(CaptureError):
    """A write aimed at a note that has been erased: erasure is final."""

    def __init__(self, note: Note):
        super().__init__(_("This note was erased. Its words are gone for good and it cannot be changed or deleted."))
        self.note = note


class KeyReused(CaptureError):
    """A submission key already used for a different request."""


@dataclass
class NoteInput:
    kind: NoteKind
    text: str
    consent: Consent
    language: str = "en"
    english: str | None = None  # an English rendering when said in another language


@dataclass
class SessionInput:
    ward_id: int
    held_on: date
    venue: str
    format: SessionFormat
    participants: int = 0
    facilitator: str | None = None
    languages: list[str] = field(default_factory=list)
    summary: str | None = None
    demographics: dict = field(default_factory=dict)
    event_id: int | None = None


# ------------------------------------------------------------------ who sees what


def sees_all(user: User) -> bool:
    return user.role in (Role.ORGANISER, Role.ADMIN)


def visible_sessions(user: User):
    if user.role == Role.ANCHOR:
        return false()
    if sees_all(user):
        return live_session()
    return and_(live_session(), ListeningSession.organisation_id == user.organisation_id)


def can_edit(user: User, session: ListeningSession) -> bool:
    return user.role == Role.ADMIN or (
        user.role != Role.ANCHOR and session.organisation_id == user.organisation_id
    )


def can_see_raw(user: User, note_or_session) -> bool:
    return user.role == Role.ADMIN or note_or_session.organisation_id == user.organisation_id


def get_session_for(user: User, session_id: int) -> ListeningSession | None:
    """The session if `user` may see it; None otherwise (the caller answers 404)."""
    return db.session.scalar(select(ListeningSession).where(ListeningSession.id == session_id, visible_sessions(user)))


def get_note_for(user: User, note_id: int) -> Note | None:
    return db.session.scalar(
        select(Note).join(Note.session).where(Note.id == note_id, visible_sessions(user))
    )


def session_by_key(key: str) -> ListeningSession | None:
    return db.session.scalar(select(ListeningSession).where(ListeningSession.submission_key == key))


# ------------------------------------------------------------------ creating


def _check_ward(ward_id: int) -> Ward:
    ward = db.session.get(Ward, ward_id)
    if ward is None or not ward.active:
        raise CaptureError(_("Select a ward that Hark covers"), field="ward")
    return ward


def _note_row(session: ListeningSession, position: int, note: NoteInput, red: RedactedNote) -> Note:
    return Note(
        session=session,
        organisation_id=session.organisation_id,
        ward_id=session.ward_id,
        held_on=session.held_on,
        position=position,
        kind=note.kind,
        consent=note.consent,
        language=note.language or "en",
        text=red.text,
        raw_text=red.raw_text,
        raw_original=red.raw_original,
        original_redacted=red.original_redacted,
        redactions=red.redactions,
    )


def _check_event(data: SessionInput) -> None:
    """A session linked to an event must have been held in the event's window (EVENT_LINK_DAYS)."""
    if not data.event_id:
        return
    event = db.session.get(EngagementEvent, data.event_id)
    if event is None:
        raise CaptureError(_("The event this session was linked to no longer exists"), field="event")
    problem = event_link_problem(data.held_on, event.held_on, current_app.config["EVENT_LINK_DAYS"])
    if problem:
        raise CaptureError(problem, field="held_on")


def _session_row(data: SessionInput, organisation_id: int, user_id: int | None, key: str | None, fingerprint: str | None):
    return ListeningSession(
        organisation_id=organisation_id,
        ward_id=data.ward_id,
        held_on=data.held_on,
        venue=clean(data.venue),  # no control characters (a paste can carry them)
        format=data.format,
        facilitator=clean(data.facilitator) or None,
        participants=data.participants or 0,
        languages=list(data.languages or []),
        summary=clean(data.summary) or None,
        demographics={k: v for k, v in (data.demographics or {}).items() if v},
        event_id=data.event_id,
        created_by_id=user_id,
        submission_key=key,
        submission_fingerprint=fingerprint,
    )


def _redaction_totals(reds: list[RedactedNote]) -> dict:
    totals: dict[str, int] = {}
    for red in reds:
        for kind, n in red.redactions.items():
            totals[kind] = totals.get(kind, 0) + n
    return totals


def _existing(key: str | None, fingerprint: str | None) -> ListeningSession | None:
    if not key:
        return None
    found = session_by_key(key)
    if found is not None and fingerprint and found.submission_fingerprint and found.submission_fingerprint != fingerprint:
        raise KeyReused("This idempotency key was already used for a different session", field="Idempotency-Key")
    return found


def create_session(
    user: User,
    data: SessionInput,
    notes: list[NoteInput],
    *,
    submission_key: str | None = None,
    fingerprint: str | None = None,
    source: str = "form",
    draft_key: str | None = None,
) -> tuple[ListeningSession, bool]:
    """Create a session and its notes in one transaction; (session, created).

    With a submission key the call is idempotent: a repeat (even a concurrent one)
    returns the first session and `created` False.
    """
    found = _existing(submission_key, fingerprint)
    if found is not None:
        return found, False
    # Redact before the write transaction, so the database lock is held briefly.
    keep = keep_words()
    reds = [redact_note(n.text, n.language, n.english, keep) for n in notes]
    try:
        with write():
            found = _existing(submission_key, fingerprint)  # now under the write lock
            if found is None:
                _check_ward(data.ward_id)
                _check_event(data)
                session = _session_row(data, user.organisation_id, user.id, submission_key, fingerprint)
                db.session.add(session)
                for position, (note, red) in enumerate(zip(notes, reds, strict=True)):
                    db.session.add(_note_row(session, position, note, red))
                if draft_key:
                    db.session.execute(
                        CaptureDraft.__table__.delete().where(
                            CaptureDraft.key == draft_key, CaptureDraft.user_id == user.id
                        )
                    )
                db.session.flush()
                audit.record("session.created", user.id, session, source=source, notes=len(notes), event=data.event_id,
                             redactions=_redaction_totals(reds) or None)
    except IntegrityError:
        # A concurrent request with the same key committed first (PostgreSQL; SQLite's
        # immediate transactions serialise writers, so the check above catches it there).
        found = _existing(submission_key, fingerprint) if submission_key else None
        if found is None:
            raise
        return found, False
    if found is not None:
        return found, False
    themes.notes_saved([note.id for note in session.notes])  # provisional themes, after the commit
    return session, True


def create_many(user: User, groups: list[tuple[SessionInput, list[NoteInput], str]], *, source: str) -> list[ListeningSession]:
    """Create several sessions in ONE transaction (the import): all or nothing.

    Each group carries its submission key; if any key exists already, nothing is saved
    and CaptureError is raised.
    """
    keep = keep_words()
    reds = [[redact_note(n.text, n.language, n.english, keep) for n in notes] for _, notes, _ in groups]
    created = []
    try:
        with write():
            keys = [key for _, _, key in groups]
            if keys and db.session.scalar(select(func.count()).where(ListeningSession.submission_key.in_(keys[:1000]))):
                raise CaptureError(_("This file has already been imported"), field="file")
            for ward_id in {data.ward_id for data, _, _ in groups}:
                _check_ward(ward_id)
            for (data, notes, key), group_reds in zip(groups, reds, strict=True):
                session = _session_row(data, user.organisation_id, user.id, key, None)
                db.session.add(session)
                db.session.add_all(_note_row(session, i, n, r) for i, (n, r) in enumerate(zip(notes, group_reds, strict=True)))
                created.append((session, len(notes), _redaction_totals(group_reds)))
            db.session.flush()
            for session, n, totals in created:
                audit.record("session.created", user.id, session, source=source, notes=n,
                             event=session.event_id, redactions=totals or None)
    except IntegrityError:
        # The same file confirmed twice at once: the other request's sessions committed first
        # (PostgreSQL reads committed rows only, so the count above could not see them).
        raise CaptureError(_("This file has already been imported"), field="file") from None
    themes.notes_saved([note.id for session, _, _ in created for note in session.notes])
    return [s for s, _, _ in created]


# ------------------------------------------------------------------ corrections


def _require_edit(user: User, session: ListeningSession) -> None:
    if not can_edit(user, session):
        raise CaptureError(_("Only the session's organisation or an administrator can change it"))


def update_session(user: User, session: ListeningSession, data: SessionInput) -> ListeningSession:
    _require_edit(user, session)
    with write():
        _check_ward(data.ward_id)
        before = {
            "ward": session.ward_id, "date": session.held_on, "venue": session.venue, "format": session.format,
            "facilitator": session.facilitator, "participants": session.participants, "languages": session.languages,
            "summary": session.summary, "demographics": session.demographics,
        }
        fresh = _session_row(data, session.organisation_id, None, None, None)
        session.ward_id, session.held_on, session.venue = fresh.ward_id, fresh.held_on, fresh.venue
        session.format, session.facilitator, session.participants = fresh.format, fresh.facilitator, fresh.participants
        session.languages, session.summary, session.demographics = fresh.languages, fresh.summary, fresh.demographics
        after = {
            "ward": session.ward_id, "date": session.held_on, "venue": session.venue, "format": session.format,
            "facilitator": session.facilitator, "participants": session.participants, "languages": session.languages,
            "summary": session.summary, "demographics": session.demographics,
        }
        for note in session.notes:
            note.ward_id, note.held_on = session.ward_id, session.held_on
        changed = sorted(k for k in before if before[k] != after[k])
        audit.record("session.updated", user.id, session, fields=changed)
    db.session.expire(session, ["ward"])
    return session


def _refuse_erased(note: Note) -> None:
    """Erasure is final: no write path may put words back into an erased note or touch it."""
    if note.erased_at is not None:
        raise NoteErased(note)


def update_note(user: User, note: Note, data: NoteInput) -> Note:
    session = note.session
    _require_edit(user, session)
    _refuse_erased(note)
    red = redact_note(data.text, data.language, data.english, keep_words())
    with write():
        changed = []
        if note.kind != data.kind:
            changed.append("kind")
        if note.consent != data.consent:
            changed.append("consent")
        if note.language != data.language:
            changed.append("language")
        if (note.raw_text, note.raw_original) != (red.raw_text, red.raw_original):
            changed.append("text")
        note.kind, note.consent, note.language = data.kind, data.consent, data.language
        note.text, note.raw_text, note.raw_original = red.text, red.raw_text, red.raw_original
        note.original_redacted, note.redactions = red.original_redacted, red.redactions
        note.raw_purged_at = None
        audit.record("note.updated", user.id, session, note_id=note.id, fields=changed, redactions=red.redactions or None)
    if "text" in changed or "kind" in changed:
        themes.notes_saved([note.id], replace=True)  # the old places were for the old words
    return note


def delete_note(user: User, note: Note) -> ListeningSession:
    session = note.session
    _require_edit(user, session)
    _refuse_erased(note)
    with write():
        note_id = note.id
        session.notes.remove(note)
        db.session.delete(note)
        themes.recount_current()  # its theme rows went with it
        audit.record("note.deleted", user.id, session, note_id=note_id)
    return session


def delete_session(user: User, session: ListeningSession) -> None:
    """Remove the notes (their words are gone for good) and mark the session deleted.

    The session row stays, without notes, so its history and its submission key remain:
    a retried submission still lands on it instead of creating it again.
    """
    _require_edit(user, session)
    with write():
        count = len(session.notes)
        session.notes.clear()
        session.summary = None
        session.deleted_at = utcnow()
        themes.recount_current()  # the notes' theme rows went with them
        audit.record("session.deleted", user.id, session, notes=count)


def history(session: ListeningSession, limit: int = 100):
    return audit.for_object(session, limit=limit)


# ------------------------------------------------------------------ import keys
def submission_key_used(key: str) -> bool:
    return db.session.scalar(select(func.count()).where(ListeningSession.submission_key == key)) > 0
