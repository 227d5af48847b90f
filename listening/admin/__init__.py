from flask import Blueprint

bp = Blueprint("admin", __name__)

from listening.admin import organisations, users, wards  # noqa: E402,F401
