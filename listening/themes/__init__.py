from flask import Blueprint

bp = Blueprint("themes", __name__)

from listening.themes import commands, curate, routes  # noqa: E402,F401
