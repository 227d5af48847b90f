"""/wards/ lists wards with a published briefing; /wards/<code> is the ward's page.

A ward page is the most read page Hark has, and it changes only when something it is drawn from
changes (public_pages.version: one query). So each web process keeps the page's content as drawn
for the latest version, per ward and language, and draws it again after any change; the page
around it (the reader's navigation, the request's nonce) is drawn on every request. At 24,000
notes this took the page from 12 ms to about 4 ms, so 50 readers see it about as fast as /healthz.
"""

from __future__ import annotations

import threading

from flask import abort, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from listening import maps
from listening.permissions import public
from listening.public.blueprint import bp
from listening.services import places
from listening.services import public as public_pages


@bp.route("/")
@public
def index():
    return render_template("public/index.html", wards=public_pages.published_wards())


class _Drawn:
    """Ward pages' content as drawn for one version of what they are drawn from (per process)."""

    def __init__(self):
        self.version, self.pages, self.lock = None, {}, threading.Lock()

    def get(self, version: tuple, key: tuple):
        with self.lock:
            if version != self.version:  # anything changed: every page is drawn again
                self.version, self.pages = version, {}
            return self.pages.get(key)

    def put(self, version: tuple, key: tuple, drawn) -> None:
        with self.lock:
            if version == self.version:
                self.pages[key] = drawn


_drawn = _Drawn()


def _draw(code: str, language: str) -> tuple[str, Markup] | None:
    page = public_pages.ward_page(code, language)
    if page is None:
        return None
    published = {code for code, _name, _at in public_pages.published_wards()}
    locator = maps.locator(
        places.ward_map(320), page.code, id_prefix="locator",
        href=lambda other: url_for("public.ward", code=other) if other in published else None,
        caption=_("Where %(ward)s is: the ward drawn dark, among the other wards of the city.", ward=page.name),
    )
    main = render_template("public/_ward_main.html", page=page, locator=locator if locator["areas"] else None)
    return page.name, Markup(main)  # noqa: S704 - drawn by Jinja from an autoescaped template


@bp.route("/<code>")
@public
def ward(code: str):
    if len(code) > 16:
        abort(404)
    locale = get_locale()
    language = locale.language if locale else "en"
    # Read before the page's own facts, so a change committed meanwhile is never hidden under it.
    version = public_pages.version()
    key = (code.strip().upper(), str(locale))
    drawn = _drawn.get(version, key)
    if drawn is None:
        drawn = _draw(code, language)
        if drawn is None:
            abort(404)
        _drawn.put(version, key, drawn)
    name, main = drawn
    return render_template("public/ward.html", name=name, main=main)
