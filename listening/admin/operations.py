"""Admin: how the running service is doing (the same checks as /healthz/detail) and its job queue,
with a retry for failed jobs."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from listening.admin.blueprint import bp
from listening.admin.forms import ConfirmForm
from listening.domain import Role
from listening.permissions import roles
from listening.services import operations


@bp.route("/health")
@roles(Role.ADMIN)
def health():
    found = operations.checks()
    return render_template(
        "admin/health.html",
        checks=found,
        overall=operations.overall(found),
        pending=operations.jobs.pending(),
        running=operations.jobs.running(),
        failed=operations.jobs.failed(),
        form=ConfirmForm(),
    )


@bp.route("/health/jobs/<job_id>/retry", methods=["POST"])
@roles(Role.ADMIN)
def retry_job(job_id: str):
    if ConfirmForm().validate_on_submit():
        if operations.jobs.retry(job_id):
            flash(_("The job has been queued again."), "success")
        else:
            flash(_("That job is no longer in the failed list."), "info")
    return redirect(url_for("admin.health"))
