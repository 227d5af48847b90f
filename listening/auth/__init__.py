from flask import Blueprint

bp = Blueprint("auth", __name__)

from listening.auth import mfa, routes  # noqa: E402,F401  (routes attach to bp)
