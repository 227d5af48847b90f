"""Theme runs: start one, watch its progress, cancel it."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.domain import Role, RunStatus
from listening.permissions import roles
from listening.services import capture, themes
from listening.themes.blueprint import bp
from listening.themes.forms import ButtonForm, StartRunForm

ORGANISERS = (Role.ORGANISER, Role.ADMIN)


@bp.route("/", methods=["GET", "POST"])
@roles(*ORGANISERS)
def runs():
    form = StartRunForm()
    if form.validate_on_submit():
        date_from = form.date_from.data if form.scope.data == "range" else None
        date_to = form.date_to.data if form.scope.data == "range" else None
        try:
            run = themes.start_run(current_user.id, date_from, date_to)
        except themes.RunConflict as conflict:
            flash(_("A theme run for these notes is already queued or running. You can follow it here."))
            return redirect(url_for("themes.run", run_id=conflict.run_id) if conflict.run_id else url_for("themes.runs"))
        except themes.ThemeRunError as error:
            form.date_to.errors.append(str(error))
        else:
            return redirect(url_for("themes.run", run_id=run.id))
    current = themes.current_run()
    return render_template(
        "themes/runs.html", form=form, runs=themes.list_runs(), current=current,
        left_out=themes.unthemed.counts(current) if current else {},
    )


def _run_or_404(run_id: int):
    run = themes.get_run(run_id)
    if run is None:
        abort(404)
    return run


@bp.route("/runs/<int:run_id>")
@roles(*ORGANISERS)
def run(run_id: int):
    run = _run_or_404(run_id)
    visible = themes.themes_of(run) if run.status == RunStatus.DONE else []
    return render_template(
        "themes/run.html",
        run=run,
        themes=visible,
        active=run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        cancel_form=ButtonForm(prefix="cancel"),
        provisional=themes.provisional_count(run) if run.is_current else 0,
        stage_label=themes.stage_label,
        waiting=themes.waiting_for(run),
        to_review=themes.carried_waiting(run) if run.status == RunStatus.DONE else {},
        **_left_out(run),
    )


def _left_out(run) -> dict:
    """The run's notes in no theme: not yet grouped, and waiting for their English. Organisers
    read every note's redacted words; the link to add the English is only for those who may edit
    the note (its organisation's staff, admins)."""
    if run.status != RunStatus.DONE:
        return {"left_out": {}, "left_out_notes": {}, "can_edit_note": lambda note: False}
    return {
        "left_out": themes.unthemed.counts(run),
        "left_out_notes": {reason: themes.unthemed.notes(run, reason) for reason in themes.unthemed.REASONS},
        "can_edit_note": lambda note: capture.can_edit(current_user, note),
    }


@bp.route("/runs/<int:run_id>/status.json")
@roles(*ORGANISERS)
def run_status(run_id: int):
    return jsonify(themes.status_dict(_run_or_404(run_id)))


@bp.route("/runs/<int:run_id>/cancel", methods=["POST"])
@roles(*ORGANISERS)
def cancel_run(run_id: int):
    run = _run_or_404(run_id)
    form = ButtonForm(prefix="cancel")
    if not form.validate_on_submit():
        abort(400)
    try:
        themes.request_cancel(run, current_user.id)
        flash(_("The run is being cancelled. The current themes and briefings are unchanged."), "success")
    except themes.ThemeRunError as error:
        flash(str(error))
    return redirect(url_for("themes.run", run_id=run_id))
