"""Engagement events: planned from the themes, with a printable pack and a calendar feed."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from listening.events import routes  # noqa: E402,F401
