"""The commitments ledger: filters, the overview, one commitment's timeline, and the forms."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.commitments.blueprint import bp
from listening.commitments.forms import CommitmentForm, NudgeForm, UpdateForm, status_choices
from listening.domain import CommitmentStatus, Role
from listening.permissions import roles
from listening.services import briefings, commitments, places

READERS = (Role.ANCHOR, Role.ORGANISER, Role.ADMIN)
def _filters() -> tuple[commitments.Filters, dict]:
    args = request.args
    chosen = {k: (args.get(k) or "").strip() for k in ("ward", "theme", "anchor", "status", "overdue")}
    f = commitments.Filters(overdue=chosen["overdue"] == "1", theme_key=chosen["theme"] or None)
    if chosen["ward"]:
        ward = places.get_ward_by_code(chosen["ward"])
        f.ward_id = ward.id if ward else -1
    if re.fullmatch(r"[0-9]{1,9}", chosen["anchor"]):  # ASCII digits that fit a database integer
        f.organisation_id = int(chosen["anchor"])
    if chosen["status"] in {s.value for s in CommitmentStatus}:
        f.status = CommitmentStatus(chosen["status"])
    return f, chosen


@bp.route("/")
@roles(*READERS)
def index():
    filters, chosen = _filters()
    city = briefings.latest_published(briefings.CITY)
    city_themes = (city.snapshot or {}).get("themes", []) if city else []
    labels = commitments.known_theme_keys(include_hidden=False)  # a hidden theme is hidden here too
    return render_template(
        "commitments/index.html",
        rows=[commitments.view(c) for c in commitments.search(filters)],
        chosen=chosen,
        filtered=any(chosen.values()),
        by_anchor=commitments.summary_by_anchor(),
        by_theme=sorted(commitments.summary_by_theme().items(), key=lambda kv: labels.get(kv[0], kv[0]).lower()),
        uncommitted=commitments.themes_without_commitment(city_themes),
        labels=labels,
        ward_options=places.list_wards(),
        anchor_options=commitments.anchors(),
        theme_options=sorted(labels.items(), key=lambda kv: kv[1].lower()),
        status_options=status_choices(),
        can_create=commitments.can_create(current_user),
    )


def _form(formdata=None, obj=None) -> CommitmentForm:
    data = None
    if obj is not None:
        data = {
            "title": obj.title, "description": obj.description, "owner": obj.owner_name, "due": obj.due_on,
            "status": obj.status.value, "reason": obj.reason or "", "themes": obj.theme_keys,
            "wards": [w.id for w in obj.wards],
        }
    form = CommitmentForm(formdata=formdata, data=data)
    choices = commitments.current_theme_choices()
    if obj is not None:  # keep themes from earlier runs that this commitment still names
        known = commitments.known_theme_keys()
        have = {k for k, _l in choices}
        choices += [(k, known.get(k, k)) for k in obj.theme_keys if k not in have]
    form.themes.choices = choices
    form.wards.choices = [(w.id, w.name) for w in places.list_wards()]
    if formdata is None and obj is None:
        form.status.data = CommitmentStatus.PROPOSED.value
    return form


def _input(form: CommitmentForm) -> commitments.CommitmentInput:
    return commitments.CommitmentInput(
        title=form.title.data or "",
        description=form.description.data or "",
        owner_name=form.owner.data or "",
        due_on=form.due.data,
        status=CommitmentStatus(form.status.data),
        reason=form.reason.data,
        theme_keys=list(form.themes.data or []),
        ward_ids=list(form.wards.data or []),
    )


_FIELDS = {"title": "title", "description": "description", "owner": "owner", "due": "due", "reason": "reason",
           "themes": "themes", "wards": "wards", "status": "status"}


def _save(form: CommitmentForm, commitment=None):
    """Validate and save; returns the commitment, or None with the error on the form."""
    if not form.validate_on_submit():
        return None
    try:
        if commitment is None:
            return commitments.create(current_user, _input(form))
        return commitments.update(current_user, commitment, _input(form))
    except commitments.CommitmentError as error:
        getattr(form, _FIELDS.get(error.field, "title")).errors = [error.message]
        return None


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ANCHOR)
def new():
    form = _form(request.form if request.method == "POST" else None)
    if request.method == "POST":
        saved = _save(form)
        if saved is not None:
            flash(_("Commitment recorded."), "success")
            return redirect(url_for("commitments.show", commitment_id=saved.id))
    if not form.themes.choices and request.method == "GET":
        flash(_("There are no themes yet. Commitments answer themes, so wait for the first theme run."))
    return render_template("commitments/form.html", form=form, commitment=None), 400 if form.errors else 200


@bp.route("/<int:commitment_id>")
@roles(*READERS)
def show(commitment_id: int):
    commitment = commitments.get(commitment_id)
    if commitment is None:
        abort(404)
    return _show(commitment)


def _show(commitment, update_form=None, status=200):
    editable = commitments.can_edit(current_user, commitment)
    if editable and update_form is None:
        update_form = _update_form()
    return render_template(
        "commitments/show.html",
        c=commitments.view(commitment),
        commitment=commitment,
        timeline=commitments.timeline(commitment),
        labels=commitments.known_theme_keys(),
        hidden=commitments.hidden_theme_keys(),
        editable=editable,
        update_form=update_form if editable else None,
        form=update_form if editable else None,
        nudge_form=NudgeForm(formdata=None) if commitments.can_nudge(current_user) and commitments.is_overdue(commitment) else None,
    ), status


def _update_form(formdata=None) -> UpdateForm:
    form = UpdateForm(formdata=formdata)
    form.status.choices = [("", _("No change"))] + status_choices()
    return form


def _own(commitment_id: int):
    """Another institution's commitment is not found, not forbidden."""
    commitment = commitments.get_for_edit(current_user, commitment_id)
    if commitment is None:
        abort(404)
    return commitment


@bp.route("/<int:commitment_id>/edit", methods=["GET", "POST"])
@roles(Role.ANCHOR)
def edit(commitment_id: int):
    commitment = _own(commitment_id)
    if request.method == "POST":
        form = _form(request.form, commitment)
        if _save(form, commitment) is not None:
            flash(_("Commitment updated."), "success")
            return redirect(url_for("commitments.show", commitment_id=commitment.id))
        return render_template("commitments/form.html", form=form, commitment=commitment), 400
    return render_template("commitments/form.html", form=_form(None, commitment), commitment=commitment)


@bp.route("/<int:commitment_id>/updates", methods=["POST"])
@roles(Role.ANCHOR)
def add_update(commitment_id: int):
    commitment = _own(commitment_id)
    form = _update_form(request.form)
    if not form.validate_on_submit():
        return _show(commitment, form, 400)
    status = CommitmentStatus(form.status.data) if form.status.data else None
    try:
        commitments.add_update(current_user, commitment, status, form.note.data or "")
    except commitments.CommitmentError as error:
        (form.status if error.field == "status" else form.note).errors = [error.message]
        return _show(commitment, form, 400)
    flash(_("Added to the timeline."), "success")
    return redirect(url_for("commitments.show", commitment_id=commitment.id))


@bp.route("/<int:commitment_id>/nudge", methods=["POST"])
@roles(Role.ORGANISER, Role.ADMIN)
def nudge(commitment_id: int):
    commitment = commitments.get(commitment_id)
    if commitment is None:
        abort(404)
    form = NudgeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        commitments.nudge(current_user, commitment)
    except commitments.CommitmentError as error:
        flash(error.message)
    else:
        flash(_("Nudged. The timeline shows that you asked for an update."), "success")
    return redirect(url_for("commitments.show", commitment_id=commitment.id))
