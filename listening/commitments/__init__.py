"""Commitments: anchors' ledger of what their institution will do about what people said."""

from flask import Blueprint

bp = Blueprint("commitments", __name__)

from listening.commitments import routes  # noqa: E402,F401
