"""The service navigation: which links each role sees.

Each area adds its entry here; entries whose endpoint is not registered are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from listening.domain import Role

STAFF, ANCHOR, ORG, ADMIN = Role.STAFF, Role.ANCHOR, Role.ORGANISER, Role.ADMIN


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    text: object  # a lazy string, translated when rendered
    roles: frozenset
    prefix: str  # endpoints starting with this mark the entry active


ENTRIES = [
    NavEntry("capture.list_sessions", _l("Listening sessions"), frozenset({STAFF, ORG, ADMIN}), "capture."),
    NavEntry("themes.runs", _l("Themes"), frozenset({ORG, ADMIN}), "themes."),
    NavEntry("briefings.index", _l("Briefings"), frozenset({ANCHOR, ORG, ADMIN}), "briefings."),
    NavEntry("commitments.index", _l("Commitments"), frozenset({ANCHOR, ORG, ADMIN}), "commitments."),
    NavEntry("events.index", _l("Events"), frozenset({STAFF, ORG, ADMIN}), "events."),
    NavEntry("admin.users", _l("Admin"), frozenset({ADMIN}), "admin."),
]


@dataclass(frozen=True)
class NavLink:
    href: str
    text: str
    active: bool


def role_navigation() -> list[NavLink]:
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    here = request.endpoint or ""
    return [
        NavLink(url_for(e.endpoint), str(e.text), here.startswith(e.prefix))
        for e in ENTRIES
        if current_user.role in e.roles and e.endpoint in endpoints
    ]

