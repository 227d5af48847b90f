"""Who may use each route.

Every view carries an explicit rule (`public`, or `roles(...)`); a test walks
the URL map and fails on any view without one. Signed-out visitors to a
protected page are sent to sign in; signed-in people without the role get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from listening.domain import Role
from listening.extensions import login_manager

PUBLIC = frozenset({"public"})
ALL_ROLES = frozenset(Role)


def public(view: Callable) -> Callable:
    view.access = PUBLIC
    return view


def roles(*allowed: Role) -> Callable[[Callable], Callable]:
    allowed_set = frozenset(allowed) or ALL_ROLES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed_set:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = allowed_set
        return wrapped

    return decorator


def signed_in(view: Callable) -> Callable:
    return roles(*ALL_ROLES)(view)


def access_rule(view: Callable) -> frozenset | None:
    return getattr(view, "access", None)


def bearer_token_matches(setting: str) -> bool:
    """Does the request carry `Authorization: Bearer <app.config[setting]>`? Never when unset."""
    import hmac

    from flask import current_app, request

    expected = current_app.config.get(setting) or ""
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


def roles_or_token(setting: str, *allowed: Role) -> Callable[[Callable], Callable]:
    """For monitors: a bearer token from a setting, or a signed-in person with one of the roles."""

    def decorator(view: Callable) -> Callable:
        guarded = roles(*allowed)(view)

        @wraps(view)
        def wrapped(*args, **kwargs):
            if bearer_token_matches(setting):
                return view(*args, **kwargs)
            return guarded(*args, **kwargs)

        wrapped.access = guarded.access
        return wrapped

    return decorator
