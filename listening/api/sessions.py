"""POST /sessions (idempotent with an Idempotency-Key header), GET /sessions/{id},
GET /sessions?ward=&from=&to=."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from listening.api import sessions_schema  # noqa: F401 - adds the OpenAPI paths
from listening.api.auth import ApiError, api_roles, reject_unstorable
from listening.api.blueprint import bp
from listening.domain import Consent, NoteKind, Role, SessionFormat
from listening.i18n import number as format_number
from listening.request import check_json_depth
from listening.services import capture, places
from listening.services.capture import clean

API_ROLES = (Role.STAFF, Role.ORGANISER, Role.ADMIN)
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")
_SESSION_FIELDS = {"ward", "date", "venue", "format", "participants", "facilitator", "languages", "summary",
                   "demographics", "notes"}
_NOTE_FIELDS = {"kind", "text", "consent", "language", "english"}


def _utc(moment) -> str | None:
    if moment is None:
        return None
    # SQLite hands back naive datetimes; everything stored is UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def note_json(note) -> dict:
    body = {
        "id": note.id,
        "kind": note.kind.value,
        "consent": note.consent.value,
        "language": note.language,
        "text": note.text,  # redacted; raw words never leave through the API
        "redactions": note.redactions or {},
    }
    if note.original_redacted:
        body["original"] = note.original_redacted
    return body


def session_json(session, with_notes: bool = True) -> dict:
    body = {
        "id": session.id,
        "ward": {"code": session.ward.code, "name": session.ward.name},
        "organisation": {"id": session.organisation_id, "name": session.organisation.name},
        "date": session.held_on.isoformat(),
        "venue": session.venue,
        "format": session.format.value,
        "participants": session.participants,
        "facilitator": session.facilitator,
        "languages": session.languages or [],
        "summary": session.summary,
        "demographics": session.demographics or {},
        "created_at": _utc(session.created_at),
        "url": url_for("api.get_session", session_id=session.id),
    }
    if with_notes:
        body["notes"] = [note_json(n) for n in capture.live_notes(session)]  # erased notes leave every list
    return body


class _Errors:
    """Collects every field problem so one 422 names them all."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            raise ApiError(422, first["message"], field=first["field"], errors=self.items)


def _string(body: dict, name: str, errors: _Errors, *, required: bool, max_chars: int, prefix: str = "") -> str | None:
    value = body.get(name)
    field = prefix + name
    if value is None:
        if required:
            errors.add(field, _("%(field)s is required", field=field))
        return None
    if not isinstance(value, str):
        errors.add(field, _("%(field)s must be a string", field=field))
        return None
    value = clean(value)  # what will be stored: trimmed, without control characters
    if required and not value:
        errors.add(field, _("%(field)s must not be empty", field=field))
    elif len(value) > max_chars:
        errors.add(field, _("%(field)s must be %(most)s characters or fewer", field=field, most=format_number(max_chars)))
    return value


def _integer(body: dict, name: str, errors: _Errors, maximum: int, field: str | None = None) -> int:
    value = body.get(name)
    field = field or name
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, _("%(field)s must be a whole number", field=field))
        return 0
    if not 0 <= value <= maximum:
        errors.add(field, _("%(field)s must be between 0 and %(most)s", field=field, most=format_number(maximum)))
    return value


def _choice(value, enum_cls, field: str, errors: _Errors, required: bool = True):
    allowed = ", ".join(m.value for m in enum_cls)
    if value is None:
        if required:
            errors.add(field, _("%(field)s is required: one of %(allowed)s", field=field, allowed=allowed))
        return None
    parsed = capture.enum_value(enum_cls, value) if isinstance(value, str) else None
    if parsed is None:
        errors.add(field, _("%(field)s must be one of %(allowed)s", field=field, allowed=allowed))
    return parsed


def _parse_notes(raw, errors: _Errors) -> list[capture.NoteInput]:
    if raw is None:
        errors.add("notes", _("%(field)s is required: a list of at least one note", field="notes"))
        return []
    if not isinstance(raw, list):
        errors.add("notes", _("%(field)s must be a list", field="notes"))
        return []
    if not raw:
        errors.add("notes", _("%(field)s must have at least one note", field="notes"))
    if len(raw) > capture.NOTES_PER_SESSION_MAX:
        errors.add("notes", _("%(field)s may hold at most %(most)s notes; send the rest as another session",
                               field="notes", most=capture.NOTES_PER_SESSION_MAX))
        return []
    notes = []
    for i, item in enumerate(raw):
        prefix = f"notes[{i}]."
        if not isinstance(item, dict):
            errors.add(f"notes[{i}]", _("%(field)s must be an object", field=f"notes[{i}]"))
            continue
        for unknown in sorted(set(item) - _NOTE_FIELDS):
            errors.add(prefix + unknown, _("%(field)s is not a field of a note", field=prefix + unknown))
        kind = _choice(item.get("kind"), NoteKind, prefix + "kind", errors)
        consent = _choice(item.get("consent"), Consent, prefix + "consent", errors)
        text = _string(item, "text", errors, required=True, max_chars=capture.NOTE_MAX_CHARS, prefix=prefix)
        english = _string(item, "english", errors, required=False, max_chars=capture.NOTE_MAX_CHARS, prefix=prefix)
        language = "en"
        if item.get("language") is not None:
            language = capture.language_code(item["language"]) if isinstance(item["language"], str) else None
            if language is None:
                errors.add(prefix + "language", _("%(field)s must be a language code such as en or ur",
                                                           field=prefix + "language"))
        if kind and consent and text and language:
            notes.append(capture.NoteInput(kind, text, consent, language, english or None))
    return notes


def parse_session(body) -> tuple[capture.SessionInput, list[capture.NoteInput]]:
    if not isinstance(body, dict):
        raise ApiError(422, _("The body must be a JSON object describing one session"), field="body")
    errors = _Errors()
    for unknown in sorted(set(body) - _SESSION_FIELDS):
        errors.add(unknown, _("%(field)s is not a field of a session", field=unknown))
    ward_id = None
    ward_code = body.get("ward")
    if ward_code is None:
        errors.add("ward", _("%(field)s is required: a ward code from GET /api/v1/wards", field="ward"))
    elif not isinstance(ward_code, str):
        errors.add("ward", _("%(field)s must be a string: a ward code from GET /api/v1/wards", field="ward"))
    else:
        ward = places.get_ward_by_code(ward_code)
        if ward is None or not ward.active:
            errors.add("ward", _("ward %(code)s is not a ward code Hark knows; see GET /api/v1/wards",
                                        code=repr(ward_code[:20])))
        else:
            ward_id = ward.id
    held_on = None
    if body.get("date") is None:
        errors.add("date", _("%(field)s is required, as YYYY-MM-DD", field="date"))
    elif not isinstance(body["date"], str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["date"]) or capture.parse_date(body["date"]) is None:
        errors.add("date", _("%(field)s must be a date written YYYY-MM-DD", field="date"))
    else:
        held_on = capture.parse_date(body["date"])
        if (problem := capture.date_problem(held_on)) is not None:
            errors.add("date", problem)
    venue = _string(body, "venue", errors, required=True, max_chars=capture.VENUE_MAX_CHARS)
    session_format = _choice(body.get("format"), SessionFormat, "format", errors)
    participants = _integer(body, "participants", errors, capture.PARTICIPANTS_MAX)
    facilitator = _string(body, "facilitator", errors, required=False, max_chars=capture.FACILITATOR_MAX_CHARS)
    summary = _string(body, "summary", errors, required=False, max_chars=capture.SUMMARY_MAX_CHARS)
    languages = body.get("languages") or []
    if not isinstance(languages, list) or not all(isinstance(x, str) and capture.language_code(x) for x in languages):
        errors.add("languages", _("%(field)s must be a list of language codes such as [\"en\", \"ur\"]", field="languages"))
        languages = []
    demographics = body.get("demographics") or {}
    if not isinstance(demographics, dict):
        errors.add("demographics", _("%(field)s must be an object of age band to count", field="demographics"))
        demographics = {}
    for band in demographics:
        if band not in capture.AGE_BANDS:
            errors.add(f"demographics.{band}", _("%(field)s is not an age band; use one of %(allowed)s",
                                                         field=f"demographics.{band}", allowed=", ".join(capture.AGE_BANDS)))
        else:
            _integer(demographics, band, errors, capture.PARTICIPANTS_MAX, field=f"demographics.{band}")
    notes = _parse_notes(body.get("notes"), errors)
    errors.raise_if_any()
    return (
        capture.SessionInput(
            ward_id=ward_id, held_on=held_on, venue=venue, format=session_format, participants=participants,
            facilitator=facilitator, languages=[capture.language_code(x) for x in languages], summary=summary,
            demographics={b: n for b, n in demographics.items() if n},
        ),
        notes,
    )


def _json_body():
    if request.mimetype != "application/json":
        raise ApiError(415, _("Send the session as JSON with the header Content-Type: application/json"))
    request.max_content_length = current_app.config["API_SESSION_MAX_BYTES"]
    raw = request.get_data(cache=True)  # 413 from Werkzeug when over the limit
    try:
        text = raw.decode("utf-8")
        check_json_depth(text)
        body = json.loads(text)
    except (UnicodeDecodeError, ValueError) as error:
        raise ApiError(400, _("The body is not valid JSON: %(error)s", error=str(error))) from None
    reject_unstorable(body)
    return body, raw


@bp.post("/sessions")
@api_roles(*API_ROLES)
def create_session():
    limit = current_app.config["API_SESSION_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, _("The body is larger than %(most)s bytes; send fewer notes per request", most=format_number(limit)))
    body, raw = _json_body()
    key = request.headers.get("Idempotency-Key")
    if key is not None and not _IDEMPOTENCY_KEY.match(key):
        raise ApiError(422, _("Idempotency-Key must be 1 to 100 printable characters without spaces"), field="Idempotency-Key")
    data, notes = parse_session(body)
    user = g.api_user
    submission_key = f"api:{user.id}:{key}" if key else None
    fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest() if key else None
    try:
        session, created = capture.create_session(
            user, data, notes, submission_key=submission_key, fingerprint=fingerprint, source="api"
        )
    except capture.KeyReused as error:
        raise ApiError(409, error.message, field="Idempotency-Key") from None
    except capture.CaptureError as error:
        raise ApiError(422, error.message, field=error.field) from None
    response = jsonify(session_json(session))
    response.status_code = 201 if created else 200
    response.headers["Location"] = url_for("api.get_session", session_id=session.id)
    if key:
        response.headers["Idempotent-Replayed"] = "false" if created else "true"
    return response


@bp.get("/sessions/<int:session_id>")
@api_roles(*API_ROLES)
def get_session(session_id: int):
    session = capture.get_session_for(g.api_user, session_id)
    if session is None:
        raise ApiError(404, _("There is no session %(id)s that you can see", id=session_id))
    return jsonify(session_json(session))


@bp.get("/sessions")
@api_roles(*API_ROLES)
def list_sessions():
    errors = _Errors()
    filters = capture.Filters()
    code = request.args.get("ward")
    if code:
        ward = places.get_ward_by_code(code)
        if ward is None:
            errors.add("ward", f"ward {code[:20]!r} is not a ward code Hark knows; see GET /api/v1/wards")
        else:
            filters.ward_id = ward.id
    for name, attr in (("from", "date_from"), ("to", "date_to")):
        value = request.args.get(name)
        if value:
            parsed = capture.parse_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
            if parsed is None:
                errors.add(name, f"{name} must be a date written YYYY-MM-DD")
            setattr(filters, attr, parsed)
    page_text = request.args.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,6}", page_text) or int(page_text) < 1:
        errors.add("page", "page must be a whole number from 1")
    errors.raise_if_any()
    page = capture.list_sessions(g.api_user, filters, int(page_text), per_page=100)
    return jsonify({
        "sessions": [session_json(row.session, with_notes=False) | {"note_count": row.notes} for row in page.items],
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
    })
