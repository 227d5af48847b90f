"""Locale choice: ?lang= (remembered in the session), else the browser's preference."""

from __future__ import annotations

from flask import current_app, request, session

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


def select_locale() -> str:
    language = select_language()
    return FORMAT_LOCALES.get(language, language)


def text_direction(locale: str) -> str:
    return "rtl" if locale in current_app.config["RTL_LANGUAGES"] else "ltr"


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
