"""Listing, reading, correcting and deleting sessions and notes, and the CSV export."""

from __future__ import annotations

import re
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.capture.blueprint import bp
from listening.capture.forms import (
    ConfirmForm,
    FilterForm,
    NoteForm,
    SessionDetailsForm,
    format_choices,
    language_choices,
)
from listening.capture.journey import CAPTURE_ROLES, ward_choices
from listening.domain import Consent, NoteKind, SessionFormat
from listening.permissions import roles
from listening.services import capture, themes


def _filters() -> tuple[FilterForm, capture.Filters, list[dict]]:
    form = FilterForm(request.args)
    form.ward.choices = [(0, _("All wards"))] + ward_choices()[1:]
    form.kind.choices = [("", _("Love and change"))] + [(k.value, capture.KIND_LABELS[k]) for k in NoteKind]
    form.format.choices = [("", _("All formats"))] + format_choices()
    problems = []
    date_from, problem = form.parsed_date(form.date_from)
    if problem:
        form.date_from.errors = [problem]
        problems.append({"text": problem, "href": "#date_from"})
    date_to, problem = form.parsed_date(form.date_to)
    if problem:
        form.date_to.errors = [problem]
        problems.append({"text": problem, "href": "#date_to"})
    ward = form.ward.data if isinstance(form.ward.data, int) else 0
    filters = capture.Filters(
        ward_id=ward or None,
        date_from=date_from,
        date_to=date_to,
        kind=capture.enum_value(NoteKind, form.kind.data) if form.kind.data else None,
        format=capture.enum_value(SessionFormat, form.format.data) if form.format.data else None,
        q=(form.q.data or "").strip()[:200] or None,
    )
    return form, filters, problems


@bp.route("/")
@roles(*CAPTURE_ROLES)
def list_sessions():
    form, filters, problems = _filters()
    page_number = request.args.get("page", "1")
    page = capture.list_sessions(current_user, filters, int(page_number) if re.fullmatch(r"[0-9]{1,6}", page_number) else 1)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "capture/list.html", filter_form=form, page=page, args=args, problems=problems, rules=capture.rules,
        sees_all=capture.sees_all(current_user),
    )


@bp.route("/export.csv")
@roles(*CAPTURE_ROLES)
def export_notes():
    _form, filters, _problems = _filters()
    notes = capture.notes_for_export(current_user, filters)
    body = capture.notes_csv(notes)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="hark-notes-{date.today().isoformat()}.csv"'},
    )


def _session_or_404(session_id: int):
    session = capture.get_session_for(current_user, session_id)
    if session is None:
        abort(404)
    return session


def _editable_or_404(session_id: int):
    session = _session_or_404(session_id)
    if not capture.can_edit(current_user, session):
        abort(403)
    return session


@bp.route("/<int:session_id>")
@roles(*CAPTURE_ROLES)
def session_detail(session_id: int):
    session = _session_or_404(session_id)
    notes = capture.visible_notes(session)
    return render_template(
        "capture/session.html",
        session=session,
        notes=notes,
        # Which notes the current themes leave out, and why (needs a translation, not yet grouped).
        left_out=themes.unthemed.of_notes(themes.current_run(), [n.id for n in notes if n.erased_at is None]),
        # What a just-saved note is waiting for: its provisional themes, or the theme run under way.
        waiting=themes.notes_waiting([n.id for n in notes if n.erased_at is None]),
        note_count=len(capture.live_notes(session)),
        show_raw=capture.can_see_raw(current_user, session),
        own_session=session.organisation_id == current_user.organisation_id,
        can_edit=capture.can_edit(current_user, session),
        rules=capture.rules,
    )


@bp.route("/<int:session_id>/history")
@roles(*CAPTURE_ROLES)
def session_history(session_id: int):
    session = _session_or_404(session_id)
    return render_template("capture/history.html", session=session, events=capture.history(session))


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def edit_session(session_id: int):
    session = _editable_or_404(session_id)
    data = {
        "ward": session.ward_id, "held_on": session.held_on, "venue": session.venue, "format": session.format.value,
        "facilitator": session.facilitator, "participants": session.participants, "languages": session.languages,
        "summary": session.summary,
    }
    for band in capture.AGE_BANDS:
        data[f"age_{band.replace('-', '_')}"] = (session.demographics or {}).get(band)
    form = SessionDetailsForm(data=data)
    form.ward.choices = ward_choices()
    form.format.choices = format_choices()
    form.languages.choices = language_choices()
    form.submit.label.text = _("Save changes")
    if form.validate_on_submit():
        try:
            capture.update_session(
                current_user,
                session,
                capture.SessionInput(
                    ward_id=form.ward.data, held_on=form.held_on.data, venue=form.venue.data,
                    format=SessionFormat(form.format.data), participants=form.participants.data,
                    facilitator=form.facilitator.data, languages=form.languages.data or [],
                    summary=form.summary.data, demographics=form.demographics(), event_id=session.event_id,
                ),
            )
        except capture.CaptureError as error:
            form.ward.errors = [error.message]
        else:
            flash(_("The session has been updated."), "success")
            return redirect(url_for("capture.session_detail", session_id=session.id))
    return render_template("capture/edit_session.html", form=form, session=session)


@bp.route("/<int:session_id>/delete", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def delete_session(session_id: int):
    session = _editable_or_404(session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        capture.delete_session(current_user, session)
        flash(_("The session and its notes have been deleted."), "success")
        return redirect(url_for("capture.list_sessions"))
    return render_template("capture/delete_session.html", form=form, session=session)


def _note_or_404(note_id: int):
    note = capture.get_note_for(current_user, note_id)
    if note is None:
        abort(404)
    if not capture.can_edit(current_user, note.session):
        abort(403)
    return note


def _erased(note):
    """The answer to any attempt to change or delete an erased note: it stays erased (409)."""
    return render_template("capture/note_erased.html", note=note), 409


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def edit_note(note_id: int):
    note = _note_or_404(note_id)
    if note.erased_at is not None:
        return _erased(note)
    if note.raw_original is not None:
        data = {"text": note.raw_original, "english": note.raw_text}
    else:
        # After the retention period only the redacted words remain: correct those.
        data = {"text": note.raw_text if note.raw_text is not None else note.text, "english": ""}
    data.update(kind=note.kind.value, consent=note.consent.value, language=note.language)
    form = NoteForm(data=data)
    if form.validate_on_submit():
        try:
            capture.update_note(
                current_user,
                note,
                capture.NoteInput(NoteKind(form.kind.data), form.text.data, Consent(form.consent.data),
                                  form.language.data or "en", form.english.data or None),
            )
        except capture.NoteErased:
            return _erased(note)
        flash(_("The note has been updated."), "success")
        return redirect(url_for("capture.session_detail", session_id=note.session_id, _anchor=f"note-{note.id}"))
    return render_template("capture/edit_note.html", form=form, note=note)


@bp.route("/notes/<int:note_id>/delete", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def delete_note(note_id: int):
    note = _note_or_404(note_id)
    if note.erased_at is not None:
        return _erased(note)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            session = capture.delete_note(current_user, note)
        except capture.NoteErased:
            return _erased(note)
        flash(_("The note has been deleted."), "success")
        return redirect(url_for("capture.session_detail", session_id=session.id))
    return render_template("capture/delete_note.html", form=form, note=note)
