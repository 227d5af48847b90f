"""The privacy blueprint object, apart from its routes so that they import it without a cycle."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
