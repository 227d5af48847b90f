"""/wards/ lists wards with a published briefing; /wards/<code> is the ward's page."""

from __future__ import annotations

from flask import abort, render_template

from listening.permissions import public
from listening.public.blueprint import bp
from listening.services import public as public_pages


@bp.route("/")
@public
def index():
    return render_template("public/index.html", wards=public_pages.published_wards())


@bp.route("/<code>")
@public
def ward(code: str):
    if len(code) > 16:
        abort(404)
    page = public_pages.ward_page(code)
    if page is None:
        abort(404)
    return render_template("public/ward.html", page=page)
