"""Privacy operations: retention of raw text, subject access (find and export), erasure.

Audit rows here carry counts, ids and which kind of search was made, never the name,
phone number or words searched for (those are the very personal data being protected).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, literal, or_, select, update

from listening.database import casefold
from listening.extensions import db
from listening.i18n import number as format_number
from listening.models import Briefing, ListeningSession, Note, NoteTheme, Theme
from listening.models.base import utcnow
from listening.services import briefings, capture, themes
from listening.services.core import audit, csv_text, write

MAX_RESULTS = 5000
PHONE_REGION = "GB"


class PrivacyError(ValueError):
    """A request that cannot be carried out; the message is safe to show."""


# ---- retention ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    cutoff: datetime


def purge_raw_text(now: datetime | None = None, days: int | None = None) -> PurgeResult:
    """Blank the raw (unredacted) words of notes stored more than `days` ago (default
    RAW_RETENTION_DAYS); the redacted text stays for analysis and briefings."""
    now = now or utcnow()
    days = current_app.config["RAW_RETENTION_DAYS"] if days is None else days
    cutoff = now - timedelta(days=days)
    with write():
        result = db.session.execute(
            update(Note)
            .where(
                Note.raw_purged_at.is_(None),
                Note.created_at < cutoff,
                or_(Note.raw_text.is_not(None), Note.raw_original.is_not(None)),
            )
            .values(raw_text=None, raw_original=None, raw_purged_at=now)
            .execution_options(synchronize_session=False)
        )
        purged = result.rowcount or 0
        if purged:
            briefings.forget_drafts()  # drafts' figures are built again from what is kept
        audit.record("privacy.raw_purged", None, None, notes=purged, retention_days=days, cutoff=cutoff.date().isoformat())
    return PurgeResult(purged, cutoff)


def purge_abandoned_drafts(now: datetime | None = None, days: int | None = None) -> int:
    """Remove unfinished session journeys older than `days` (default DRAFT_RETENTION_DAYS)."""
    days = current_app.config["DRAFT_RETENTION_DAYS"] if days is None else days
    removed = capture.discard_drafts_older_than(days, now=now)
    if removed:
        with write():
            audit.record("privacy.drafts_purged", None, None, drafts=removed, retention_days=days)
    return removed


# ---- finding a person's notes ------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    session_id: int | None = None
    name: str | None = None
    phone: str | None = None

    @property
    def kinds(self) -> list[str]:
        return [k for k in ("session_id", "name", "phone") if getattr(self, k)]


def normalise_phone(value: str) -> str | None:
    """E.164 for a UK (or +international) number, else None."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phones_in(text: str | None) -> set[str]:
    if not text:
        return set()
    found = set()
    for match in phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        found.add(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


def find_notes(criteria: Criteria) -> list[Note]:
    """Every note (not already erased) from the session, and/or whose words as written contain
    the name (whole word, any case) or the phone number (in any common format)."""
    if not criteria.kinds:
        raise PrivacyError(_("Enter a session number, a name or a phone number"))
    query = select(Note).join(ListeningSession, ListeningSession.id == Note.session_id).where(Note.erased_at.is_(None))
    name_re = phone = None
    if criteria.session_id:
        query = query.where(Note.session_id == criteria.session_id)
    if criteria.name:
        name = criteria.name.strip()
        if len(name) < 2:
            raise PrivacyError(_("Enter at least 2 letters of the name"))
        pattern = casefold(literal(f"%{_escape_like(name)}%"))
        query = query.where(
            or_(*(casefold(col).like(pattern, escape="\\") for col in (Note.raw_text, Note.raw_original, Note.text)))
        )
        name_re = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    if criteria.phone:
        phone = normalise_phone(criteria.phone)
        if phone is None:
            raise PrivacyError(_("Enter a phone number in a format like 0113 496 0000 or +44 113 496 0000"))
        # Narrow in the database on the last three digits (written together in every common
        # format), then match the number itself in Python.
        tail = phone[-3:]
        query = query.where(
            or_(*(col.like(f"%{tail}%") for col in (Note.raw_text, Note.raw_original, Note.text)))
        )
    notes = []
    for note in db.session.scalars(query.order_by(Note.id).execution_options(yield_per=500)):
        texts = (note.raw_text, note.raw_original, note.text)
        if name_re and not any(t and name_re.search(t) for t in texts):
            continue
        if phone and not any(phone in _phones_in(t) for t in texts):
            continue
        notes.append(note)
        if len(notes) > MAX_RESULTS:
            raise PrivacyError(_("More than %(most)s notes match: narrow the search", most=format_number(MAX_RESULTS)))
    return notes


def _record(note: Note) -> dict:
    return {
        "note_id": note.id,
        "session_id": note.session_id,
        "organisation": note.session.organisation.name,
        "ward_code": note.session.ward.code,
        "ward": note.session.ward.name,
        "held_on": note.held_on.isoformat(),
        "kind": note.kind.value,
        "consent": note.consent.value,
        "language": note.language,
        "text": note.text,
        "raw_text": note.raw_text,
        "raw_original": note.raw_original,
        "raw_purged_at": note.raw_purged_at.isoformat() if note.raw_purged_at else None,
        "stored_at": note.created_at.isoformat() if note.created_at else None,
    }


EXPORT_COLUMNS = [
    "note_id", "session_id", "organisation", "ward_code", "ward", "held_on", "kind", "consent", "language",
    "text", "raw_text", "raw_original", "raw_purged_at", "stored_at",
]


def export(criteria: Criteria, fmt: str, actor_id: int) -> tuple[str, str]:
    """(body, mimetype) for a subject access request; audited with the count only."""
    if fmt not in ("json", "csv"):
        raise PrivacyError(_("Choose JSON or CSV"))
    records = [_record(n) for n in find_notes(criteria)]
    with write():
        audit.record("privacy.exported", actor_id, None, notes=len(records), format=fmt, search=",".join(criteria.kinds))
    if fmt == "json":
        body = json.dumps({"exported_at": utcnow().isoformat(), "notes": records}, ensure_ascii=False, indent=2)
        return body, "application/json"
    return csv_text(EXPORT_COLUMNS, ([r[c] for c in EXPORT_COLUMNS] for r in records)), "text/csv"


# ---- erasure -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EraseResult:
    notes: int
    theme_links: int
    briefings_scrubbed: int


def _scrub(value, note_ids: set[int], texts: set[str]):
    """A copy of a briefing snapshot without any quote of the erased notes."""
    if isinstance(value, dict):
        return {k: _scrub(v, note_ids, texts) for k, v in value.items()}
    if isinstance(value, list):
        kept = []
        for item in value:
            if isinstance(item, dict) and (item.get("note_id") in note_ids or item.get("text") in texts):
                continue
            if isinstance(item, str) and item in texts:
                continue
            kept.append(_scrub(item, note_ids, texts))
        return kept
    return value


def erase(criteria: Criteria, actor_id: int, now: datetime | None = None) -> EraseResult:
    """Erase the matching notes for good: their words disappear (redacted and raw), they leave
    every theme and quote, and published briefing snapshots that quoted them are scrubbed."""
    now = now or utcnow()
    notes = find_notes(criteria)
    ids = {n.id for n in notes}
    texts = {n.text for n in notes if n.text and n.text.strip()}
    with write():
        if not ids:
            return EraseResult(0, 0, 0)
        links = db.session.execute(delete(NoteTheme).where(NoteTheme.note_id.in_(ids))).rowcount or 0
        for note in db.session.scalars(select(Note).where(Note.id.in_(ids))):
            note.text = ""
            note.raw_text = note.raw_original = note.original_redacted = None
            note.redactions = {}
            note.erased_at = now
        for theme in db.session.scalars(select(Theme).where(Theme.quote_ids.is_not(None))):
            if theme.quote_ids and ids & {int(i) for i in theme.quote_ids}:
                theme.quote_ids = [i for i in theme.quote_ids if int(i) not in ids]
        themes.recount_current()  # theme counts without the erased notes
        briefings.forget_drafts()  # cached draft figures quoted them: gone with this transaction
        scrubbed = 0
        for briefing in db.session.scalars(select(Briefing).where(Briefing.snapshot.is_not(None))):
            cleaned = _scrub(briefing.snapshot, ids, texts)
            if cleaned != briefing.snapshot:
                briefing.snapshot = cleaned
                scrubbed += 1
                audit.record("briefing.quotes_erased", actor_id, briefing)
        audit.record(
            "privacy.erased", actor_id, None, notes=len(ids), theme_links=links, briefings_scrubbed=scrubbed,
            search=",".join(criteria.kinds), note_ids=sorted(ids)[:1000],
        )
    # After the commit: the words also leave the embedding cache (note and statement vectors).
    themes.forget(sorted(texts), current_app.config["EMBEDDING_CACHE_DIR"])
    return EraseResult(len(ids), links, scrubbed)
