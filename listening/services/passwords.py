"""Password hashing (Argon2id) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12

# The most common leaked passwords of 12+ characters; extended in the security issue.
COMMON = frozenset(
    ["password1234", "password12345", "123456789012", "qwertyuiop12", "123456789abc", "passwordpassword", "iloveyou1234", "qwerty123456", "1q2w3e4r5t6y", "111111111111", "000000000000", "aaaaaaaaaaaa", "letmein12345", "welcome12345", "changeme1234", "administrator", "abc123456789", "football1234", "monkey123456", "trustno11234", "sunshine1234", "princess1234", "qwertyqwerty", "passw0rd1234", "demo-password"]
)


@cache
def _hasher(fast: bool) -> PasswordHasher:
    if fast:  # tests only: the cheapest parameters argon2 accepts
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile


def _current() -> PasswordHasher:
    return _hasher(bool(current_app.config.get("PASSWORD_HASH_FAST")))


def hash_password(password: str) -> str:
    return _current().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        _current().hash(password)
        return False
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, email: str = "", allow_common: bool = False) -> str | None:
    """A message for the person when the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Password must be %(n)d characters or more", n=MIN_LENGTH))
    lowered = password.lower()
    if not allow_common and lowered in COMMON:
        return str(_l("Password is too common. Choose one that would be hard to guess"))
    if email and lowered == email.lower():
        return str(_l("Password must not be your email address"))
    return None
