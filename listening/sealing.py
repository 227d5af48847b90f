"""Small secrets sealed at rest: the TOTP seeds.

A copied database (a backup, a stolen disk) must not be enough to mint someone's sign-in codes, so
a seed is stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) under a key that lives in the
environment, not the database. The key is `MFA_KEYS` (comma-separated Fernet keys: the first seals,
any opens, so a key can be rotated), or else one derived from SECRET_KEY with HKDF. Deployments
should set MFA_KEYS: with the derived key, changing SECRET_KEY makes every seed unreadable and each
person must set up their authenticator again (an admin resets it; see docs/deploy.md).

Each app holds its own keys (`app.extensions`), so sealing and opening need an app context.
"""

from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "v1:"  # marks a sealed value (migration 0003 sealed the plain seeds stored before it)
_EXTENSION = "hark_sealing"
_log = logging.getLogger(__name__)


def derive_key(secret_key: str) -> str:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"hark mfa secrets v1").derive(secret_key.encode("utf-8"))
    return base64.urlsafe_b64encode(raw).decode("ascii")


def keys_from_config(config) -> list[str]:
    """MFA_KEYS first (the first seals), then the key derived from SECRET_KEY, which only ever
    opens: secrets sealed before MFA_KEYS was set keep working, and are re-sealed under MFA_KEYS
    at the person's next sign-in (see reseal)."""
    keys = [k.strip() for k in (config.get("MFA_KEYS") or "").split(",") if k.strip()]
    derived = derive_key(config["SECRET_KEY"])
    return keys + [derived] if derived not in keys else keys


def configure(app, keys: list[str]) -> None:
    app.extensions[_EXTENSION] = MultiFernet([Fernet(k) for k in keys])


def init_app(app) -> None:
    try:
        configure(app, keys_from_config(app.config))
    except ValueError as error:  # a malformed MFA_KEYS: fail at start, not at someone's sign-in
        raise RuntimeError(f"MFA_KEYS is not a list of Fernet keys: {error}") from None


def _box() -> MultiFernet:
    return current_app.extensions[_EXTENSION]


def seal(secret: str) -> str:
    return PREFIX + _box().encrypt(secret.encode("utf-8")).decode("ascii")


def reseal(sealed: str) -> str:
    """The same secret sealed under the current first key (after a rotation), or as it was."""
    try:
        return PREFIX + _box().rotate(sealed[len(PREFIX):].encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return sealed


def unseal(sealed: str | None) -> str | None:
    """The secret, or None when there is none or it cannot be opened with the configured keys
    (logged without the value: the person's codes then fail, and an admin resets them)."""
    if not sealed:
        return None
    if not sealed.startswith(PREFIX):
        _log.warning("a TOTP secret is not sealed; run `flask db upgrade`")
        return None
    try:
        return _box().decrypt(sealed[len(PREFIX):].encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        _log.warning("a TOTP secret cannot be opened with MFA_KEYS (was the key changed?)")
        return None
