"""The form journey: session details → notes ("add another") → check your answers →
confirmation. Every step is a plain POST that redirects (Post/Redirect/Get); the state
lives in a draft row keyed to the user and to the journey's submission key, so a
double-submitted or re-sent form can only ever create one session."""

from __future__ import annotations

import re
import secrets
from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from listening.capture.blueprint import bp
from listening.capture.forms import (
    ConfirmForm,
    NotesForm,
    SessionDetailsForm,
    format_choices,
    language_choices,
)
from listening.capture.helpers import check_key
from listening.domain import Consent, EventStatus, NoteKind, Role, SessionFormat
from listening.permissions import roles
from listening.services import capture, events, places, themes

CAPTURE_ROLES = (Role.STAFF, Role.ORGANISER, Role.ADMIN)


def ward_choices():
    return [(0, _("Select a ward"))] + [(w.id, w.name) for w in places.list_wards()]


def _submission_key(key: str) -> str:
    return f"form:{key}"


def _finished(key: str):
    """The session this journey already created, if any (back button, double submit)."""
    session = capture.session_by_key(_submission_key(key))
    if session is None:
        return None
    if session.created_by_id != current_user.id and capture.get_session_for(current_user, session.id) is None:
        abort(404)
    return session


def _draft(key: str) -> dict:
    draft = capture.get_draft(current_user, key)
    if not draft or "details" not in draft:  # none yet (or a key the import preview used)
        return {"details": {}, "notes": []}
    return draft


def _save(key: str, draft: dict) -> None:
    try:
        capture.save_draft(current_user, key, draft)
    except capture.CaptureError:
        abort(404)


@bp.route("/new")
@roles(*CAPTURE_ROLES)
def new_session():
    """Start a journey; `?event=ID` (the event page's "log what you heard" link) starts it with
    the event's date, venue and ward filled in, and links the saved session to the event."""
    key = secrets.token_urlsafe(18)
    if "event" in request.args:
        event = _event_or_404(request.args["event"])
        # The prefill only fills the form: `details` stays empty until the details form is saved,
        # so the later steps still send the person back to it.
        _save(key, {"details": {}, "notes": [], "event_id": event.id, "prefill": _event_prefill(event)})
    return redirect(url_for("capture.journey_details", key=key))


def _event_or_404(value: str):
    # ASCII digits only: int() would also accept '１２' or '٣', and ids stay below 2**31.
    if not (value.isascii() and value.isdigit()) or int(value) >= 2**31:
        abort(404)
    event = events.get(int(value))
    if event is None or event.status == EventStatus.CANCELLED:  # the event page hides the link then
        abort(404)
    return event


def _event_prefill(event) -> dict:
    prefill = {"venue": event.venue}
    if event.held_on <= date.today():  # a future date would only be refused by the form
        prefill["held_on"] = event.held_on.isoformat()
    if len(event.wards) == 1:
        prefill["ward"] = event.wards[0].id
    return prefill


def _draft_event(draft: dict):
    """The event this journey was started from, or None (also if it was deleted meanwhile)."""
    event_id = draft.get("event_id")
    return events.get(int(event_id)) if event_id else None


def _details_data(details: dict) -> dict:
    data = dict(details)
    if data.get("held_on"):
        data["held_on"] = date.fromisoformat(data["held_on"])
    for band in capture.AGE_BANDS:
        data[f"age_{band.replace('-', '_')}"] = (details.get("demographics") or {}).get(band)
    return data


@bp.route("/new/<key>/details", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def journey_details(key: str):
    check_key(key)
    if (done := _finished(key)) is not None:
        return redirect(url_for("capture.confirmation", session_id=done.id))
    draft = _draft(key)
    shown = draft["details"] or draft.get("prefill") or {}
    form = SessionDetailsForm(data=_details_data(shown) if request.method == "GET" else None)
    form.ward.choices = ward_choices()
    form.format.choices = format_choices()
    form.languages.choices = language_choices()
    event = _draft_event(draft)
    valid = form.validate_on_submit()
    if valid and event is not None:
        problem = capture.event_link_problem(form.held_on.data, event.held_on, current_app.config["EVENT_LINK_DAYS"])
        if problem:
            form.held_on.errors = [problem]
            valid = False
    if valid:
        draft["details"] = {
            "ward": form.ward.data,
            "held_on": form.held_on.data.isoformat(),
            "venue": form.venue.data.strip(),
            "format": form.format.data,
            "facilitator": (form.facilitator.data or "").strip(),
            "participants": form.participants.data,
            "languages": form.languages.data or [],
            "summary": (form.summary.data or "").strip(),
            "demographics": form.demographics(),
        }
        _save(key, draft)
        if request.args.get("next") == "check" and draft["notes"]:
            return redirect(url_for("capture.journey_check", key=key))
        return redirect(url_for("capture.journey_notes", key=key))
    return render_template("capture/details.html", form=form, key=key, event=event)


def _blank_note() -> dict:
    return {"kind": "", "text": "", "language": "en", "english": "", "consent": ""}


def _notes_formdata(notes: list[dict]) -> MultiDict:
    data = MultiDict()
    for i, note in enumerate(notes):
        for name, value in note.items():
            if name in ("kind", "consent") and not value:
                continue  # absent, as a browser sends an unticked radio: "Select ..." not "Not a valid choice"
            data.add(f"notes-{i}-{name}", value or "")
    return data


def _rows(form: NotesForm) -> list[dict]:
    return [
        {
            "kind": entry.form.kind.data or "",
            "text": entry.form.text.data or "",
            "language": entry.form.language.data or "en",
            "english": entry.form.english.data or "",
            "consent": entry.form.consent.data or "",
        }
        for entry in form.notes
    ]


@bp.route("/new/<key>/notes", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def journey_notes(key: str):
    check_key(key)
    if (done := _finished(key)) is not None:
        return redirect(url_for("capture.confirmation", session_id=done.id))
    draft = _draft(key)
    if not draft["details"]:
        return redirect(url_for("capture.journey_details", key=key))
    if request.method == "GET":
        return _render_notes(key, _notes_form(draft["notes"] or [_blank_note()]), errors=False)
    form = NotesForm()
    form.set_choices()
    action = request.form.get("action", "continue")
    rows = _rows(form)
    if action == "add":
        if len(rows) < capture.NOTES_PER_SESSION_MAX:
            rows.append(_blank_note())
        draft["notes"] = rows
        _save(key, draft)
        return redirect(url_for("capture.journey_notes", key=key, _anchor=f"note-{len(rows)}"))
    if action.startswith("remove-"):
        index = action.removeprefix("remove-")
        if re.fullmatch(r"[0-9]{1,6}", index) and int(index) < len(rows):
            rows.pop(int(index))
        draft["notes"] = rows or [_blank_note()]
        _save(key, draft)
        return redirect(url_for("capture.journey_notes", key=key))
    # Continue: blank rows are dropped; every other row must be complete. What was typed
    # is saved even when it has errors, so nothing is lost on a reload.
    kept = [row for row in rows if not _row_blank(row)]
    draft["notes"] = kept or [_blank_note()]
    _save(key, draft)
    check = _notes_form(draft["notes"])
    if not kept:
        first = check.notes.entries[0].form
        first.text.errors = [_("Enter at least one note")]
        check.notes.errors = [first.errors]
        return _render_notes(key, check)
    if not check.validate():
        return _render_notes(key, check)
    return redirect(url_for("capture.journey_check", key=key))


def _row_blank(row: dict) -> bool:
    return not row["text"].strip() and not row["english"].strip() and not row["kind"]


def _notes_form(rows: list[dict]) -> NotesForm:
    form = NotesForm(formdata=_notes_formdata(rows), meta={"csrf": False})
    form.set_choices()
    return form


def _render_notes(key: str, notes_form: NotesForm, errors: bool = True):
    return render_template("capture/notes.html", form=notes_form if errors else None, notes_form=notes_form,
                           key=key, max_notes=capture.NOTES_PER_SESSION_MAX)


def _inputs(draft: dict) -> tuple[capture.SessionInput, list[capture.NoteInput]]:
    d = draft["details"]
    session = capture.SessionInput(
        ward_id=int(d["ward"]),
        held_on=date.fromisoformat(d["held_on"]),
        venue=d["venue"],
        format=SessionFormat(d["format"]),
        participants=int(d.get("participants") or 0),
        facilitator=d.get("facilitator") or None,
        languages=list(d.get("languages") or []),
        summary=d.get("summary") or None,
        demographics=dict(d.get("demographics") or {}),
        event_id=event.id if (event := _draft_event(draft)) else None,
    )
    notes = [
        capture.NoteInput(NoteKind(n["kind"]), n["text"], Consent(n["consent"]), n.get("language") or "en",
                          n.get("english") or None)
        for n in draft["notes"]
    ]
    return session, notes


@bp.route("/new/<key>/check", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def journey_check(key: str):
    check_key(key)
    if (done := _finished(key)) is not None:
        return redirect(url_for("capture.confirmation", session_id=done.id))
    draft = capture.get_draft(current_user, key)
    if not draft or not draft.get("details"):
        return redirect(url_for("capture.journey_details", key=key))
    if not draft.get("notes"):
        return redirect(url_for("capture.journey_notes", key=key))
    form = ConfirmForm()
    if form.validate_on_submit():
        if request.form.get("submission_key") != key:
            abort(400)
        data, notes = _inputs(draft)
        try:
            session, _created = capture.create_session(
                current_user, data, notes, submission_key=_submission_key(key), source="form", draft_key=key
            )
        except capture.CaptureError:
            return redirect(url_for("capture.journey_details", key=key, next="check"))
        return redirect(url_for("capture.confirmation", session_id=session.id))
    ward = places.get_ward(int(draft["details"]["ward"]))
    session_rows, note_cards = _check_rows(draft, ward.name if ward else "", key)
    return render_template("capture/check.html", form=form, key=key, session_rows=session_rows, note_cards=note_cards)


def _row(key: str, value, href: str | None = None, hidden: str = "") -> dict:
    row = {"key": {"text": key}, "value": {"text": value if value not in (None, "") else _("Not given")}}
    if href:
        row["actions"] = {"items": [{"href": href, "text": _("Change"), "visuallyHiddenText": hidden or key.lower()}]}
    return row


def _check_rows(draft: dict, ward_name: str, key: str) -> tuple[list, list]:
    d = draft["details"]
    change = url_for("capture.journey_details", key=key, next="check")
    ages = ", ".join(
        f"{capture.AGE_BAND_LABELS[band]}: {d['demographics'][band]}"
        for band in capture.AGE_BANDS
        if (d.get("demographics") or {}).get(band)
    )
    session_rows = [
        _row(_("Ward"), ward_name, change + "#ward"),
        _row(_("Date"), format_date(date.fromisoformat(d["held_on"]), "long"), change + "#held_on"),
        _row(_("Venue"), d["venue"], change + "#venue"),
        _row(_("Format"), str(capture.FORMAT_LABELS[SessionFormat(d["format"])]), change + "#format"),
        _row(_("Facilitator"), d.get("facilitator"), change + "#facilitator"),
        _row(_("People heard from"), str(d.get("participants", 0)), change + "#participants", _("number of people")),
        _row(_("Languages spoken"), ", ".join(language_name(c) for c in d.get("languages") or []), change + "#languages"),
        _row(_("Ages"), ages, change + "#age_under_18"),
        _row(_("Your summary"), d.get("summary"), change + "#summary", _("summary")),
    ]
    if (event := _draft_event(draft)) is not None:
        session_rows.insert(0, _row(_("Event"), _("%(title)s, %(date)s", title=event.title,
                                                  date=format_date(event.held_on, "long"))))
    cards = []
    change_notes = url_for("capture.journey_notes", key=key)
    for n, note in enumerate(draft["notes"], start=1):
        rows = [
            _row(_("Kind"), str(capture.KIND_LABELS[NoteKind(note["kind"])])),
            _row(_("What they said"), note["text"]),
        ]
        if note.get("english"):
            rows.append(_row(_("In English"), note["english"]))
        rows += [
            _row(_("Language"), language_name(note.get("language") or "en")),
            _row(_("Consent"), str(capture.CONSENT_LABELS[Consent(note["consent"])])),
        ]
        title = _("Note %(n)s", n=n)
        cards.append({
            "card": {"title": {"text": title}, "actions": {"items": [
                {"href": f"{change_notes}#note-{n}", "text": _("Change")}]}},  # the macro adds "(Note n)"
            "rows": rows,
        })
    return session_rows, cards


def language_name(code: str) -> str:
    return capture.language_label(code)


@bp.route("/<int:session_id>/confirmation")
@roles(*CAPTURE_ROLES)
def confirmation(session_id: int):
    session = capture.get_session_for(current_user, session_id)
    if session is None:
        abort(404)
    waiting = themes.notes_waiting([n.id for n in session.notes if n.erased_at is None])
    return render_template("capture/confirmation.html", session=session, waiting=waiting)
