"""Commitments: anchors' ledger of what their institution will do about what people said."""

from flask import Blueprint

bp = Blueprint("actions", __name__)

from listening.actions import routes  # noqa: E402,F401
