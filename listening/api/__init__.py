"""JSON API under /api/v1, authenticated by bearer tokens, described by OpenAPI 3.1."""

from flask import Blueprint

from listening.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # bearer tokens, not cookies: no cross-site request can carry one

from listening.api import briefings, commitments, openapi, sessions, themes, wards  # noqa: E402,F401
