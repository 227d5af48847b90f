"""Capture: listening sessions and notes, from the form journey and spreadsheets."""

from flask import Blueprint

bp = Blueprint("capture", __name__)

from listening.capture import browse, helpers, imports, journey  # noqa: E402,F401
