"""The start page and each role's home page."""

from __future__ import annotations

from datetime import date

from flask import abort, jsonify, render_template
from flask_login import current_user

from listening.domain import Role
from listening.main.blueprint import bp
from listening.navigation import role_navigation
from listening.permissions import bearer_token_matches, public, roles_or_token
from listening.services import core, operations
from listening.services import home as waiting


@bp.route("/")
@public
def home():
    """Signed out: what Hark is and the public ward pages. Signed in: the person's task list."""
    if not current_user.is_authenticated:
        return render_template("main/start.html")
    tasks = None
    if current_user.role in (Role.STAFF,):
        tasks = waiting.staff_tasks(current_user)
    elif current_user.role in (Role.ORGANISER, Role.ADMIN):
        tasks = waiting.organiser_tasks()
    elif current_user.role == Role.ANCHOR:
        tasks = waiting.anchor_tasks(current_user)
    return render_template(
        f"main/home_{current_user.role.value}.html", next_steps=role_navigation(), tasks=tasks,
        today=date.today()
    )


@bp.route("/healthz")
@public
def healthz():
    ok = core.database_ok()
    return jsonify({"status": "ok" if ok else "unavailable"}), 200 if ok else 503


@bp.route("/healthz/detail")
@roles_or_token("HEALTH_TOKEN", Role.ADMIN)
def healthz_detail():
    """Every check with its state, for a monitor (bearer HEALTH_TOKEN) or a signed-in admin."""
    found = operations.checks()
    status = operations.overall(found)
    body = {"status": status, "checks": [{"name": c.name, "state": c.state, "detail": c.detail} for c in found]}
    return jsonify(body), 503 if status == operations.FAILING else 200


@bp.route("/metrics")
@public  # no sign-in: a scraper sends Authorization: Bearer METRICS_TOKEN; unset, there is no /metrics
def metrics():
    if not bearer_token_matches("METRICS_TOKEN"):
        abort(404)
    body, content_type = operations.metrics.exposition()
    return body, 200, {"Content-Type": content_type}
