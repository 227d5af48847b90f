"""The public "you said, we did" pages: one per ward, no sign-in, in the city's languages."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from listening.public import routes  # noqa: E402,F401
