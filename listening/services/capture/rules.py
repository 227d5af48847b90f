"""The rules a listening session and its notes must meet, shared by the form journey,
the spreadsheet import and the API so that all three accept exactly the same things."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from babel import Locale, UnknownLocaleError
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from listening.domain import Consent, NoteKind, SessionFormat

NOTE_MAX_CHARS = 2000
VENUE_MAX_CHARS = 200
FACILITATOR_MAX_CHARS = 200
SUMMARY_MAX_CHARS = 5000
PARTICIPANTS_MAX = 10000
NOTES_PER_SESSION_MAX = 500
EARLIEST_DATE = date(2000, 1, 1)

# Aggregate demographics, for the whole session and always optional.
AGE_BANDS = ("under-18", "18-24", "25-34", "35-49", "50-64", "65-plus")
AGE_BAND_LABELS = {
    "under-18": _l("Under 18"),
    "18-24": _l("18 to 24"),
    "25-34": _l("25 to 34"),
    "35-49": _l("35 to 49"),
    "50-64": _l("50 to 64"),
    "65-plus": _l("65 and over"),
}

FORMAT_LABELS = {
    SessionFormat.DROP_IN: _l("Drop-in"),
    SessionFormat.GROUP: _l("Group conversation"),
    SessionFormat.ONE_TO_ONE: _l("One-to-one"),
    SessionFormat.STREET_STALL: _l("Street stall"),
    SessionFormat.ONLINE: _l("Online"),
    SessionFormat.EVENT: _l("Event"),
}
KIND_LABELS = {NoteKind.LOVE: _l("Something they love"), NoteKind.CHANGE: _l("Something they would change")}
CONSENT_LABELS = {
    Consent.QUOTE: _l("May be quoted anonymously"),
    Consent.ANALYSIS: _l("Use in analysis only, never quoted"),
}

# Languages offered in the forms; the API and import accept any well-formed code.
LANGUAGES = {
    "en": "English",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "ar": "Arabic",
    "ku": "Kurdish",
    "fa": "Farsi",
    "pl": "Polish",
    "ro": "Romanian",
    "sk": "Slovak",
    "cs": "Czech",
    "so": "Somali",
    "ti": "Tigrinya",
    "zh": "Chinese",
    "fr": "French",
    "pt": "Portuguese",
}


def language_label(code: str) -> str:
    """A language's name in the reader's language (from CLDR), else its English name, else the code."""
    try:
        name = Locale.parse(str(get_locale() or "en")).languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    name = name or LANGUAGES.get(code, code)
    return name[:1].upper() + name[1:]


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def language_code(value: str | None) -> str | None:
    """A language code from a code or an English name; None when not recognisable."""
    value = (value or "").strip()
    if not value:
        return "en"
    lowered = value.lower()
    for code, name in LANGUAGES.items():
        if lowered == name.lower():
            return code
    return lowered if _LANGUAGE_CODE.match(lowered) else None


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def date_problem(held_on: date, today: date | None = None) -> str | None:
    today = today or date.today()
    if held_on > today:
        return _("The date of the session must be today or in the past")
    if held_on < EARLIEST_DATE:
        return _("The date of the session must be after 1 January 2000")
    return None


def event_link_problem(held_on: date, event_held_on: date, days_after: int) -> str | None:
    """Why a session held on `held_on` cannot be one heard at an event held on `event_held_on`."""
    last = event_held_on + timedelta(days=days_after)
    if event_held_on <= held_on <= last:
        return None
    return _("A session heard at this event must be held between %(first)s and %(last)s",
             first=format_date(event_held_on, "long"), last=format_date(last, "long"))


def enum_value(enum_cls, value):
    try:
        return enum_cls(str(value or "").strip().lower())
    except ValueError:
        return None


def format_from_text(value) -> SessionFormat | None:
    """A session format from its code or its label ("Group conversation")."""
    text = str(value or "").strip().lower().replace("_", " ").replace("-", " ")
    aliases = {"group": SessionFormat.GROUP, "stall": SessionFormat.STREET_STALL, "1:1": SessionFormat.ONE_TO_ONE,
               "one to one": SessionFormat.ONE_TO_ONE, "group conversation": SessionFormat.GROUP}
    if text in aliases:
        return aliases[text]
    return enum_value(SessionFormat, text.replace(" ", "-"))
