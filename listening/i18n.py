"""Locale choice: ?lang= (remembered in the session), else the browser's preference."""

from __future__ import annotations

from flask import current_app, request, session

from listening.extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(list(languages)) or "en"


def text_direction(locale: str) -> str:
    return "rtl" if locale in current_app.config["RTL_LANGUAGES"] else "ltr"


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
