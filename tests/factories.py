"""Small factories that build real rows through the services layer."""

from __future__ import annotations

import itertools

from listening.domain import ROLE_ORG_KIND, OrgKind, Role
from listening.services import users, wards

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


def user(role: Role = Role.STAFF, *, organisation=None, email: str | None = None, password: str | None = PASSWORD, name=None):
    organisation = organisation or org(ROLE_ORG_KIND[role])
    n = next(_seq)
    return users.create_user(
        email=email or f"{role.value}{n}@example.org",
        name=name or f"{role.value.title()} Person {n}",
        role=role,
        organisation=organisation,
        password=password,
    )
