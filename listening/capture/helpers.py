"""Small helpers for the capture pages: template helpers and the journey-key check."""

from __future__ import annotations

import re

from flask import abort, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from listening.capture import bp
from listening.services import capture

# A journey's (or waiting import's) key: secrets.token_urlsafe(18) makes 24 of these characters.
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def check_key(key: str) -> None:
    if not _KEY.match(key):
        abort(404)


@bp.app_template_global()
def age_summary(demographics: dict | None) -> str:
    demographics = demographics or {}
    return ", ".join(
        f"{capture.AGE_BAND_LABELS[band]}: {demographics[band]}" for band in capture.AGE_BANDS if demographics.get(band)
    )


@bp.app_template_global()
def pagination_items(page, args: dict) -> list[dict]:
    """GOV.UK pagination items: first, last and two either side of the current page."""
    items, last = [], None
    for number in range(1, page.pages + 1):
        if number in (1, page.pages) or abs(number - page.page) <= 2:
            if last is not None and number - last > 1:
                items.append({"ellipsis": True})
            items.append({
                "number": number,
                "href": url_for("capture.list_sessions", page=number, **args),
                "current": number == page.page,
            })
            last = number
    return items


def _labels() -> dict:
    return {
        "session.created": _("Session logged"),
        "session.updated": _("Session details changed"),
        "session.deleted": _("Session deleted"),
        "note.updated": _("Note changed"),
        "note.deleted": _("Note deleted"),
    }


@bp.app_template_global()
def event_label(action: str) -> str:
    return _labels().get(action, action)


@bp.app_template_global()
def event_details(details: dict | None) -> str:
    details = details or {}
    parts = []
    if "source" in details:
        parts.append(_("from %(source)s", source=details["source"]))
    if "notes" in details:
        parts.append(ngettext("%(num)s note", "%(num)s notes", details["notes"]))
    if "note_id" in details:
        parts.append(_("note %(id)s", id=details["note_id"]))
    if details.get("fields"):
        parts.append(_("changed: %(fields)s", fields=", ".join(details["fields"])))
    if details.get("redactions"):
        parts.append(_("personal details removed: %(list)s",
                       list=", ".join(f"{k} {v}" for k, v in sorted(details["redactions"].items()))))
    return "; ".join(parts)
