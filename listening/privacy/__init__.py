"""Admin pages for subject access and erasure requests."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from listening.privacy import routes  # noqa: E402,F401  (routes attach to bp)
