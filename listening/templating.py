"""Jinja set-up: GOV.UK Frontend macros, values every page needs, and every template global and
filter (the one place they are registered; template_helpers holds them)."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from govuk_frontend_wtf.main import wtforms_errors
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from listening import navigation, template_helpers
from listening.i18n import text_direction
from listening.security import csp_nonce


def _page_context():
    locale = get_locale()
    language = locale.language if locale else "en"
    return {
        "csp_nonce": csp_nonce(),
        "service_name": current_app.config["SERVICE_NAME"],
        "network_name": current_app.config["NETWORK_NAME"],
        "current_locale": language,  # the interface language: en, pl, ur
        "text_direction": text_direction(language),
        "languages": current_app.config["LANGUAGES"],
    }


def init_app(app) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["number"] = format_decimal
    app.context_processor(_page_context)
    app.add_template_global(wtforms_errors)
    app.add_template_global(navigation.role_navigation)
    for helper in template_helpers.GLOBALS:
        app.add_template_global(helper)
    app.jinja_env.filters.update(template_helpers.FILTERS)
