"""/wards/ lists wards with a published briefing; /wards/<code> is the ward's page."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from listening import maps
from listening.permissions import public
from listening.public.blueprint import bp
from listening.services import places
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
    locale = get_locale()
    page = public_pages.ward_page(code, locale.language if locale else "en")
    if page is None:
        abort(404)
    published = {code for code, _name, _at in public_pages.published_wards()}
    locator = maps.locator(
        places.ward_map(320), page.code, id_prefix="locator",
        href=lambda other: url_for("public.ward", code=other) if other in published else None,
        caption=_("Where %(ward)s is: the ward drawn dark, among the other wards of the city.", ward=page.name),
    )
    return render_template("public/ward.html", page=page, locator=locator if locator["areas"] else None)
