"""Spreadsheet import of notes, and its downloadable template."""

from __future__ import annotations

import secrets

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.capture.blueprint import bp
from listening.capture.forms import ConfirmImportForm, ImportForm
from listening.capture.helpers import check_key
from listening.capture.journey import CAPTURE_ROLES
from listening.permissions import roles
from listening.services import capture, core
from listening.services.capture import megabytes


def _limits() -> dict:
    config = current_app.config
    return {
        "size": megabytes(config["IMPORT_MAX_BYTES"]),
        "rows": f"{config['IMPORT_MAX_ROWS']:,}",
        "columns": config["IMPORT_MAX_COLUMNS"],
        "cell": f"{config['IMPORT_MAX_CELL_CHARS']:,}",
    }


@bp.route("/import", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def import_notes():
    form = ImportForm()
    outcome = None
    if request.method == "POST":
        # Checked before the body is parsed, so a huge upload gets this page, not a bare 413.
        allowance = current_app.config["IMPORT_MAX_BYTES"] + 64 * 1024
        if request.content_length is not None and request.content_length > allowance:
            form.file.errors = [_("The selected file must be smaller than %(size)s", size=_limits()["size"])]
            return render_template("capture/import.html", form=form, outcome=None, limits=_limits(),
                                   columns=capture.COLUMNS), 413
        request.max_content_length = allowance
        if form.validate_on_submit():
            upload = form.file.data
            if upload is None or not getattr(upload, "filename", ""):
                form.file.errors = [_("Select a CSV or Excel file")]
            else:
                data = upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
                outcome = capture.check_file(current_user, upload.filename, data)
                if outcome.ok:
                    key = secrets.token_urlsafe(18)
                    capture.stash(current_user, key, upload.filename, outcome)
                    return redirect(url_for("capture.import_preview", key=key))
    return _import_page(form, outcome)


def _import_page(form: ImportForm, outcome):
    if outcome and any(p.row is None for p in outcome.problems):
        form.file.errors = [p.message for p in outcome.problems if p.row is None][:1]
    status = 422 if (form.errors or (outcome and not outcome.ok)) else 200
    return render_template("capture/import.html", form=form, outcome=outcome, limits=_limits(),
                           columns=capture.COLUMNS, shown=capture.MAX_PROBLEMS_SHOWN), status


PREVIEW_SESSIONS_SHOWN = 100


@bp.route("/import/<key>", methods=["GET", "POST"])
@roles(*CAPTURE_ROLES)
def import_preview(key: str):
    """Check before you import: the sessions a checked file will create, then one button."""
    check_key(key)
    form = ConfirmImportForm()
    if form.validate_on_submit():
        if form.discard.data:  # "Upload a different file": the waiting words go now
            capture.discard(current_user, key)
            return redirect(url_for("capture.import_notes"))
        held = capture.claim(current_user, key)  # a double click: only one request gets the file
        if held is None:
            return _nothing_waiting()
        outcome = capture.import_table(current_user, held.table, held.digest)
        if outcome.ok:
            return render_template("capture/import_done.html", outcome=outcome)
        return _import_page(ImportForm(formdata=None), outcome)
    waiting = capture.waiting_import(current_user, key)  # stored parsed: the file is not read again
    if waiting is None:
        return _nothing_waiting()
    held, outcome = waiting
    if not outcome.ok:  # imported from another tab meanwhile
        capture.discard(current_user, key)
        return _import_page(ImportForm(formdata=None), outcome)
    return render_template("capture/import_preview.html", form=form, outcome=outcome, filename=held.filename,
                           shown=PREVIEW_SESSIONS_SHOWN, format_labels=capture.FORMAT_LABELS), \
        400 if form.errors else 200


def _nothing_waiting():
    flash(_("There is no checked file waiting to be imported: it was imported already, or more "
            "than %(days)s days have passed. Upload the file again if you need to.",
            days=current_app.config["DRAFT_RETENTION_DAYS"]), "info")
    return redirect(url_for("capture.import_notes"))


@bp.route("/import/template.<ext>")
@roles(*CAPTURE_ROLES)
def import_template(ext: str):
    if ext == "csv":
        header, rows = capture.template_rows()
        return Response(
            core.csv_text(header, rows),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="hark-notes-template.csv"'},
        )
    if ext == "xlsx":
        return Response(
            capture.template_xlsx(),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="hark-notes-template.xlsx"'},
        )
    abort(404)
