"""Bearer-token authentication and JSON error helpers for the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from flask import g, jsonify, request
from flask_babel import gettext as _

from listening.domain import Role
from listening.services import accounts


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


# A NUL (PostgreSQL refuses it in text) or a lone UTF-16 surrogate (JSON can spell one as "\ud800";
# no database can encode it): text no store can hold.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def reject_unstorable(value, path: str = "") -> None:
    """Answer 422, naming the field, when any string in a JSON body holds an unstorable character."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            field = path or "body"
            raise ApiError(422, _("%(field)s contains a character that cannot be stored (a NUL character or an "
                                  "unpaired surrogate). Remove it and send again.", field=field), field=field)
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_unstorable(key, path)
            reject_unstorable(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            reject_unstorable(item, f"{path}[{i}]")


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
            try:
                user = accounts.authenticate_token(token.strip(), writes=request.method not in ("GET", "HEAD"),
                                               method=request.method, path=request.path)
            except accounts.TokenRefused as refused:
                raise ApiError(refused.status, refused.message) from None
            if user.role not in allowed_set:
                raise ApiError(403, _("Your role may not use this endpoint"))
            g.api_user = user
            return view(*args, **kwargs)

        wrapped.access = allowed_set
        return wrapped

    return decorator
