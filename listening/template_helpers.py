"""The helpers templates call, registered in one place (listening.templating). Each formats what a
view already passed; none of them queries the database."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from listening.admin.forms import kind_label, role_label
from listening.commitments.forms import STATUS_LABELS as COMMITMENT_STATUS_LABELS
from listening.domain import CommitmentStatus, EventStatus
from listening.events.forms import STATUS_LABELS as EVENT_STATUS_LABELS
from listening.services import capture, disclosure, themes


def commitment_status_label(status) -> str:
    try:
        return str(COMMITMENT_STATUS_LABELS[CommitmentStatus(status)])
    except ValueError:
        return str(status)


def event_status_label(status) -> str:
    return str(EVENT_STATUS_LABELS.get(EventStatus(status), status))


def language_name(code: str) -> str:
    """A briefing's language names: CLDR's name in the reader's language, as CLDR writes it, or the code.
    (Capture pages use the `lang_name` filter, capture's label: capitalised, with its own fallbacks.)"""
    try:
        return Locale.parse(str(get_locale() or "en")).languages.get(code, code)
    except (ValueError, UnknownLocaleError):
        return code


def age_summary(demographics: dict | None) -> str:
    demographics = demographics or {}
    return ", ".join(
        f"{capture.AGE_BAND_LABELS[band]}: {demographics[band]}" for band in capture.AGE_BANDS if demographics.get(band)
    )


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


def event_label(action: str) -> str:
    return _labels().get(action, action)


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


def figure(value, snapshot: dict | None = None) -> str:
    """The one way a template writes a count seen outside the notes' organisation: "85",
    "fewer than 5" or "not shown" (docs/disclosure.md). `snapshot` says which rule it was published under."""
    return disclosure.display(value, snapshot)


GLOBALS = (
    role_label, kind_label, commitment_status_label, event_status_label, language_name,
    age_summary, pagination_items, event_label, event_details, themes.shown_status,
)
FILTERS = {"lang_name": capture.language_label, "figure": figure}
