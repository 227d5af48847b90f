"""Development only: what the local mail catcher received (MAIL_OUTBOX_DIR is set by the
development config alone; everywhere else these pages are 404)."""

from __future__ import annotations

from flask import abort, current_app, render_template

from listening.admin.blueprint import bp
from listening.domain import Role
from listening.permissions import roles
from listening.services.core import outbox


def _folder() -> str:
    folder = current_app.config.get("MAIL_OUTBOX_DIR")
    if not folder:
        abort(404)
    return folder


@bp.route("/outbox")
@roles(Role.ADMIN)
def outbox_list():
    return render_template("admin/outbox.html", messages=outbox.list_sent(_folder()))


@bp.route("/outbox/<name>")
@roles(Role.ADMIN)
def outbox_message(name: str):
    message = outbox.get_sent(_folder(), name)
    if message is None:
        abort(404)
    return render_template("admin/outbox_message.html", message=message)
