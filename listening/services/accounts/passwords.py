"""Password hashing (Argon2id) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from listening.extensions import db
from listening.models import Ward

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


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (argon2-cffi's defaults
    move with RFC 9106 and new releases): sign-in then stores a fresh hash."""
    try:
        return _current().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        _current().hash(password)
        return False
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# zxcvbn's score runs 0-4; 3 means about 10^8 guesses, "safely unguessable" for an online attack
# held back by the sign-in limits, and well past what an offline attack on Argon2 does cheaply.
MIN_SCORE = 3
# Words an attacker aiming at Hark would try first; zxcvbn also gets the person's own details
# and the wards' names (hark_words below).
SERVICE_WORDS = ("hark", "listening", "listen", "community", "anchor", "network", "ward", "wards", "council",
                 "leeds", "yorkshire", "briefing", "organiser", "admin", "staff", "resident", "residents")


@cache
def _zxcvbn():
    """zxcvbn with Hark's common-password list added as one more dictionary (once per process)."""
    from zxcvbn import matching, zxcvbn

    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    matching.add_frequency_lists({"hark_common": [w for w in lines if w and not w.startswith("#")] + sorted(COMMON)})
    return zxcvbn


def hark_words(*details: str) -> list[str]:
    """The service's own words, the network's name, the wards' names and the person's details
    (name, email, organisation), each whole and split into words."""
    words = list(SERVICE_WORDS)
    found = [current_app.config.get("NETWORK_NAME", ""), current_app.config.get("SERVICE_NAME", ""), *details]
    found += list(db.session.scalars(select(Ward.name)))
    for text in found:
        text = (text or "").lower()
        words.append(text)
        words += [w for w in text.replace("@", " ").replace(".", " ").replace("-", " ").split() if len(w) > 2]
    return words


def _only_these_words(lowered: str, words: list[str]) -> bool:
    """True when nothing but these words, digits and symbols is left ("kirkstallhark2026",
    "organiser-hark-leeds"): zxcvbn prices several such words as a fair passphrase, but an attacker
    aiming at Hark tries exactly them."""
    rest = lowered
    for word in sorted({w for w in words if len(w) >= 3}, key=len, reverse=True):
        rest = rest.replace(word, " ")
    return not any(ch.isalpha() for ch in rest)


def password_problem(password: str, *, email: str = "", allow_common: bool = False,
                     details: tuple[str, ...] = ()) -> str | None:
    """A message for the person when the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Password must be %(n)d characters or more", n=MIN_LENGTH))
    lowered = password.lower()
    if not allow_common and is_common(password):
        return str(_l("Password is too common. Choose one that would be hard to guess"))
    if email and lowered == email.lower():
        return str(_l("Password must not be your email address"))
    words = hark_words(email, *details) if not allow_common else []
    if words and (_only_these_words(lowered, words) or _zxcvbn()(password[:100], user_inputs=words)["score"] < MIN_SCORE):
        return str(_l("Password is too easy to guess: it is close to a common password, a name, a place, a keyboard "
                      "pattern or a word this service uses. Three or four unrelated words make a strong password"))
    return None
