"""Small factories that build real rows through the services layer."""

from __future__ import annotations

import itertools

import pyotp
from flask import current_app

from listening.domain import ROLE_ORG_KIND, OrgKind, Role
from listening.services.accounts import mfa, users
from listening.services.places import wards

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def ward(code: str | None = None, name: str | None = None):
    n = next(_seq)
    code = code or f"E0599{n:04d}"
    existing = wards.get_ward_by_code(code)
    if existing:
        return existing
    wards.seed_wards_rows([(code, name or f"Test Ward {n}")])
    return wards.get_ward_by_code(code)


def org(kind: OrgKind = OrgKind.COMMUNITY, name: str | None = None, ward_ids=()):
    return wards.save_organisation(None, name=name or f"{kind.value.title()} Org {next(_seq)}", kind=kind, ward_ids=list(ward_ids))


def user(
    role: Role = Role.STAFF,
    *,
    organisation=None,
    email: str | None = None,
    password: str | None = PASSWORD,
    name=None,
    mfa_enrolled: bool | None = None,
):
    """A user; roles that must use multi-factor sign-in (organiser, admin) are enrolled with a
    random TOTP secret unless mfa_enrolled=False. The secret is `returned_user.totp_secret` (read
    inside an app context: it is sealed at rest); `totp_code(user)` gives a current code."""
    organisation = organisation or org(ROLE_ORG_KIND[role])
    n = next(_seq)
    created = users.create_user(
        email=email or f"{role.value}{n}@example.org",
        name=name or f"{role.value.title()} Person {n}",
        role=role,
        organisation=organisation,
        password=password,
    )
    if mfa_enrolled is None:
        mfa_enrolled = role.value in current_app.config["MFA_REQUIRED_ROLES"]
    if mfa_enrolled:
        mfa.seed_secret(created, pyotp.random_base32())
    return created


def totp_code(user_or_secret) -> str:
    secret = getattr(user_or_secret, "totp_secret", user_or_secret)
    return pyotp.TOTP(secret).now()
