"""Password hashing (Argon2id) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12

# The most common leaked passwords of 12+ characters (hand-picked); the generated list in
# listening/data/common_passwords.txt and the shape checks in is_common() cover the rest.
COMMON = frozenset(
    ["password1234", "password12345", "123456789012", "qwertyuiop12", "123456789abc", "passwordpassword", "iloveyou1234", "qwerty123456", "1q2w3e4r5t6y", "111111111111", "000000000000", "aaaaaaaaaaaa", "letmein12345", "welcome12345", "changeme1234", "administrator", "abc123456789", "football1234", "monkey123456", "trustno11234", "sunshine1234", "princess1234", "qwertyqwerty", "passw0rd1234", "demo-password"]
)
COMMON_FILE = Path(__file__).resolve().parents[2] / "data" / "common_passwords.txt"
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "+": "t"})
_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return COMMON | frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _common_cores() -> frozenset[str]:
    """The words the generated list is built from (its entries with digits and symbols trimmed)."""
    return frozenset(c for p in common_passwords() if len(c := _core(p)) >= 4)


def _core(password: str) -> str:
    """Lower-case, trailing/leading digits, years and symbols trimmed, l33t undone."""
    core = password.lower().strip("0123456789!@#$%^&*()_-+=.,?~ ")
    return core.translate(_LEET)


def _is_walk(text: str) -> bool:
    """A run along a keyboard row or the alphabet (either direction), or one repeated block."""
    letters = "".join(ch for ch in text if ch.isalnum())
    if len(set(letters)) <= 3:
        return True
    for size in range(1, len(letters) // 2 + 1):
        if len(letters) % size == 0 and letters == letters[:size] * (len(letters) // size):
            return True
    return any(letters in row or letters in row[::-1] for row in _ROWS)


def is_common(password: str) -> bool:
    lowered = password.lower()
    if lowered in common_passwords() or _is_walk(lowered):
        return True
    core = _core(password)
    if not core or _is_walk(core):
        return True
    cores = _common_cores()
    if core in cores or core.translate(_LEET) in cores:
        return True
    # a common word doubled or tripled ("dragondragon", "monkey-monkey-monkey")
    squashed = "".join(ch for ch in core if ch.isalnum())
    for n in (2, 3):
        if len(squashed) % n == 0 and squashed == squashed[: len(squashed) // n] * n and squashed[: len(squashed) // n] in cores:
            return True
    return False


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
    if not allow_common and is_common(password):
        return str(_l("Password is too common. Choose one that would be hard to guess"))
    if email and lowered == email.lower():
        return str(_l("Password must not be your email address"))
    return None
