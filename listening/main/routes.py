"""The start page and each role's home page."""

from __future__ import annotations

from flask import jsonify, render_template
from flask_login import current_user

from listening.main.blueprint import bp
from listening.navigation import role_navigation
from listening.permissions import public
from listening.services import core


@bp.route("/")
@public
def home():
    if not current_user.is_authenticated:
        return render_template("main/start.html")
    return render_template(
        f"main/home_{current_user.role.value}.html", next_steps=role_navigation()
    )


@bp.route("/healthz")
@public
def healthz():
    ok = core.database_ok()
    return jsonify({"status": "ok" if ok else "unavailable"}), 200 if ok else 503
