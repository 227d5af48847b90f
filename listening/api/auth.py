"""Bearer-token authentication and JSON error helpers for the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, jsonify, request
from flask_babel import gettext as _

from listening.domain import Role
from listening.services import users


class ApiError(Exception):
    """An error answered as JSON: {"error": {"status", "message", "field"?}}."""

    def __init__(self, status: int, message: str, field: str | None = None, errors: list | None = None):
        super().__init__(message)
        self.status, self.message, self.field, self.errors = status, message, field, errors


def error_response(error: ApiError):
    body = {"status": error.status, "message": error.message}
    if error.field:
        body["field"] = error.field
    if error.errors:
        body["errors"] = error.errors
    return jsonify({"error": body}), error.status


def api_roles(*allowed: Role) -> Callable[[Callable], Callable]:
    """Require a valid bearer token whose user has one of the roles."""
    allowed_set = frozenset(allowed) or frozenset(Role)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _sep, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ApiError(401, _("Send an API token in the Authorization header: 'Bearer <token>'"))
            user = users.user_for_token(token.strip())
            if user is None:
                raise ApiError(401, _("The API token is not valid, or has been revoked"))
            if user.role not in allowed_set:
                raise ApiError(403, _("Your role may not use this endpoint"))
            g.api_user = user
            return view(*args, **kwargs)

        wrapped.access = allowed_set
        return wrapped

    return decorator
