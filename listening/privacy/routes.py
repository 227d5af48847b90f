"""Subject access and erasure: find a person's notes, export them, or erase them (admins only).

Every request carries the name or phone number in a POST body, never in the URL, so
they never reach access logs, browser history or a Referer header.
"""

from __future__ import annotations

import re

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.domain import Role
from listening.permissions import roles
from listening.privacy.blueprint import bp
from listening.privacy.forms import CriteriaForm, EraseForm, SearchForm
from listening.services import privacy


def _criteria(source) -> privacy.Criteria:
    raw_id = (source.get("session_id") or "").strip()
    return privacy.Criteria(
        session_id=int(raw_id) if re.fullmatch(r"[0-9]{1,9}", raw_id) else None,
        name=(source.get("name") or "").strip() or None,
        phone=(source.get("phone") or "").strip() or None,
    )


def _hidden(source) -> dict:
    return {key: source.get(key, "") for key in ("session_id", "name", "phone")}


@bp.route("/", methods=["GET", "POST"])
@roles(Role.ADMIN)
def index():
    form = SearchForm()
    notes = None
    if form.validate_on_submit():
        try:
            notes = privacy.find_notes(_criteria(request.form))
        except privacy.PrivacyError as exc:
            form.name.errors.append(str(exc))
    return render_template("privacy/index.html", form=form, notes=notes, hidden=_hidden(request.form))


@bp.route("/export", methods=["POST"])
@roles(Role.ADMIN)
def export():
    form = CriteriaForm()
    fmt = request.form.get("format", "")
    if not form.validate_on_submit():
        flash(_("Your form expired. Search again."), "error")
        return redirect(url_for("privacy.index"))
    try:
        body, mimetype = privacy.export(_criteria(request.form), fmt, current_user.id)
    except privacy.PrivacyError as exc:
        flash(str(exc), "error")
        return redirect(url_for("privacy.index"))
    filename = f"hark-subject-access.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/erase", methods=["POST"])
@roles(Role.ADMIN)
def erase():
    """First POST (from the results) asks to confirm; the confirming POST erases."""
    criteria = _criteria(request.form)
    try:
        notes = privacy.find_notes(criteria)
    except privacy.PrivacyError as exc:
        flash(str(exc), "error")
        return redirect(url_for("privacy.index"))
    form = EraseForm()
    if "submit" in request.form and form.validate_on_submit():
        result = privacy.erase(criteria, current_user.id)
        flash(
            _("Notes erased: %(n)d. Published briefings with quotes removed: %(b)d.",
              n=result.notes, b=result.briefings_scrubbed),
            "success",
        )
        return redirect(url_for("privacy.index"))
    return render_template("privacy/erase.html", form=form, notes=notes, hidden=_hidden(request.form))
