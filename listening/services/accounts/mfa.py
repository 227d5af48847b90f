"""Multi-factor sign-in: TOTP (RFC 6238) with one-time recovery codes.

The secret lives on the user row; recovery codes are stored as SHA-256 hashes
(they carry 60 random bits, so a fast hash is enough) and work once each. A TOTP
code is accepted once: the last accepted time step is kept, so a code seen over
someone's shoulder cannot be replayed within its 30-second window.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from html import escape

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, select

from listening import sealing
from listening.extensions import db
from listening.models import RecoveryCode, User
from listening.models.base import utcnow
from listening.services.core import audit, write

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper


@dataclass(frozen=True)
class Verified:
    method: str  # "totp" or "recovery"
    recovery_codes_left: int


def required_for(user: User) -> bool:
    return user.role.value in current_app.config["MFA_REQUIRED_ROLES"]


def enrolled(user: User) -> bool:
    # The sealed value, not the opened one: a secret the configured keys cannot open still counts
    # as enrolled, so codes fail closed instead of letting the password alone set up a new one.
    return bool(user.totp_secret_sealed and user.totp_enabled_at)


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["MFA_ISSUER"])


def qr_svg(uri: str, label: str) -> str:
    """The otpauth URI as an inline SVG QR code (no script, no data: URI)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", svgclass="hark-qr")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def format_secret(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def _totp_step(secret: str | None, code: str, at: float) -> int | None:
    """The time step the code belongs to (now, or one step either side for clock drift)."""
    if not secret:  # sealed with a key that is no longer configured: no code can match
        return None
    totp = pyotp.TOTP(secret)
    step = int(at // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def enrol(user: User, secret: str, code: str, *, at: float | None = None) -> list[str] | None:
    """Turn on multi-factor sign-in once the person proves their app holds the secret.
    Returns the recovery codes (shown once), or None when the code is wrong."""
    code = _digits(code)
    step = _totp_step(secret, code, time.time() if at is None else at) if code.isdigit() else None
    with write():
        user = db.session.merge(user)
        if step is None:
            audit.record("mfa.enrol_failed", user.id, user)
            return None
        user.totp_secret = secret
        user.totp_enabled_at = utcnow()
        user.totp_last_step = step
        codes = _replace_recovery_codes(user)
        audit.record("mfa.enrolled", user.id, user)
    return codes


def verify(user: User, code: str, *, at: float | None = None) -> Verified | None:
    """Check a code from the person's app, or one of their recovery codes (used up)."""
    digits = _digits(code)
    with write():
        user = db.session.merge(user)
        if not enrolled(user):
            return None
        if digits.isdigit() and len(digits) == 6:
            step = _totp_step(user.totp_secret, digits, time.time() if at is None else at)
            if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
                user.totp_last_step = step
                user.totp_secret_sealed = sealing.reseal(user.totp_secret_sealed)  # onto MFA_KEYS' first key
                audit.record("mfa.verified", user.id, user, method="totp")
                return Verified("totp", _codes_left(user))
            audit.record("mfa.failed", user.id, user, method="totp", replay=step is not None or None)
            return None
        row = db.session.scalar(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _hash(code),
                RecoveryCode.used_at.is_(None),
            )
        )
        if row is None:
            audit.record("mfa.failed", user.id, user, method="recovery")
            return None
        row.used_at = utcnow()
        db.session.flush()
        left = _codes_left(user)
        audit.record("mfa.recovery_code_used", user.id, user, codes_left=left)
        return Verified("recovery", left)


def _codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    ) or 0


def recovery_codes_left(user: User) -> int:
    return _codes_left(user)


def regenerate_recovery_codes(user: User) -> list[str]:
    with write():
        user = db.session.merge(user)
        codes = _replace_recovery_codes(user)
        audit.record("mfa.recovery_codes_replaced", user.id, user)
    return codes


def turn_off(user: User, actor_id: int | None) -> None:
    """Remove multi-factor sign-in (an admin resetting a lost phone, or the person themself
    when their role does not require it). The next sign-in asks to set it up again if required."""
    with write():
        user = db.session.merge(user)
        user.totp_secret = None
        user.totp_enabled_at = None
        user.totp_last_step = None
        user.session_epoch += 1
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        audit.record("mfa.turned_off", actor_id, user)


def seed_secret(user: User, secret: str) -> None:
    """Give an account a known secret without a code (the demo and test factories only)."""
    with write():
        user = db.session.merge(user)
        user.totp_secret = secret
        user.totp_enabled_at = utcnow()
        user.totp_last_step = None
        audit.record("mfa.enrolled", None, user, seeded=True)
