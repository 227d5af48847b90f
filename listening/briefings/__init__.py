from flask import Blueprint

bp = Blueprint("briefings", __name__)

from listening.briefings import exports, routes  # noqa: E402,F401
