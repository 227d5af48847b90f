"""The api blueprint object, apart from its routes so that they import it without a cycle."""

from flask import Blueprint

from listening.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # bearer tokens, not cookies: no cross-site request can carry one
