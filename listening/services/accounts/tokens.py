"""Personal API tokens: named, scoped, expiring, listed with their last use, revocable.

Only a token's SHA-256 is stored. A person makes their own on their account page after a full
sign-in; a role that must use a second factor (organiser, admin) accepts only tokens made behind
one, so a token never reaches more than the person could with their password alone. The
operator's `flask users token` makes tokens without a second factor, for the other roles only.
Each use updates the token's last-used time and is audited (at most once an hour per token).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from listening.extensions import db
from listening.models import ApiToken, User
from listening.models.base import utcnow
from listening.services.core import audit, write

READ, WRITE = "read", "write"
SCOPES = (READ, WRITE)
DEFAULT_DAYS = 90
MAX_DAYS = 366
_TOUCH_SECONDS = 60  # last-used time kept to the minute: not one write per request
_AUDIT_SECONDS = 3600


class TokenRefused(Exception):
    """A token that cannot be used (for this request); the message says why and what to do."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def second_factor_needed(user: User) -> bool:
    return user.role.value in current_app.config["MFA_REQUIRED_ROLES"]


def issue(user: User, actor_id: int | None = None, *, name: str = "Command line", scope: str = WRITE,
          days: int | None = DEFAULT_DAYS, second_factor: bool = False) -> str:
    """A new token (returned once, never stored). days=None: no expiry (tests and tools only)."""
    if scope not in SCOPES:
        raise ValueError(scope)
    token = "hark_" + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=days) if days else None
    with write():
        row = ApiToken(user_id=user.id, token_hash=_digest(token), name=name.strip()[:100] or "Token", scope=scope,
                       expires_at=expires, second_factor=second_factor)
        db.session.add(row)
        db.session.flush()
        audit.record("api_token.issued", actor_id, user, token_id=row.id, scope=scope, days=days,
                     second_factor=second_factor)
    return token


def _valid_row(token: str) -> ApiToken | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False)))
    if row is None or not row.user.active:
        return None
    if row.expires_at is not None and _aware(row.expires_at) <= utcnow():
        return None
    return row


def user_for_token(token: str) -> User | None:
    """The token's person when it is live (not revoked or expired), whatever its scope."""
    row = _valid_row(token)
    return row.user if row is not None else None


def authenticate(token: str, *, writes: bool, method: str, path: str) -> User:
    """The person behind a bearer token, for one API request; TokenRefused says why not."""
    row = _valid_row(token)
    if row is None:
        raise TokenRefused(_("The API token is not valid: it has expired or been revoked. Make a new one on your "
                             "account page"))
    user = row.user
    if second_factor_needed(user) and not row.second_factor:
        raise TokenRefused(_("Your role needs a token made behind your second factor. Make one on your account "
                             "page after signing in with your code"), 403)
    if writes and row.scope != WRITE:
        raise TokenRefused(_("This token may only read. Make a read and write token to change anything"), 403)
    _touch(row, method, path)
    return user


def _touch(row: ApiToken, method: str, path: str) -> None:
    now = utcnow()
    last = _aware(row.last_used_at)
    if last is not None and (now - last).total_seconds() < _TOUCH_SECONDS:
        return
    with write():
        row = db.session.merge(row)
        row.last_used_at = now
        if last is None or (now - last).total_seconds() >= _AUDIT_SECONDS:
            audit.record("api_token.used", row.user_id, row.user, token_id=row.id, method=method, path=path)


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    expired: bool


def list_for(user: User) -> list[TokenView]:
    """The person's tokens that still count: not revoked (expired ones shown as expired)."""
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    now = utcnow()
    return [TokenView(r.id, r.name, r.scope, _aware(r.created_at), _aware(r.expires_at), _aware(r.last_used_at),
                      r.expires_at is not None and _aware(r.expires_at) <= now) for r in rows]


def revoke(user: User, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when there is no such token of theirs."""
    with write():
        row = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id,
                                                       ApiToken.revoked.is_(False)))
        if row is None:
            return False
        row.revoked = True
        audit.record("api_token.revoked", user.id, row.user, token_id=row.id)
    return True
