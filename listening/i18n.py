"""Locale choice: ?lang= (remembered in the session), else the browser's preference."""

from __future__ import annotations

from flask import current_app, has_app_context, has_request_context, request, session
from flask_babel import format_decimal

from listening.extensions import babel

# The locale that formats dates and numbers for a language: English here is British English.
FORMAT_LOCALES = {"en": "en_GB"}


def select_language() -> str:
    """The interface language: one of config LANGUAGES."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(list(languages)) or "en"


def select_locale() -> str | None:
    """The request's locale; None (the default, English) outside a request (CLI, jobs)."""
    if not has_request_context():
        return None
    language = select_language()
    return FORMAT_LOCALES.get(language, language)


def text_direction(locale: str) -> str:
    return "rtl" if locale in current_app.config["RTL_LANGUAGES"] else "ltr"


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)


def number(value) -> str:
    """A number for a message: in the request's locale, or English digit grouping outside an app."""
    if has_app_context():
        return format_decimal(value)
    return f"{value:,}"
