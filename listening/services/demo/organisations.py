"""The demo's first step: its organisations and accounts (and the known sign-in key for the
roles that need one). Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from listening.domain import OrgKind, Role
from listening.services import accounts as accounts_service
from listening.services import places

DEMO_SUFFIX = " (demo)"

# (name, kind, ward codes served)
DEMO_ORGANISATIONS = [
    ("Harehills Community Hub", OrgKind.COMMUNITY, ["E05011394", "E05011400"]),
    ("Kirkstall Neighbourhood Centre", OrgKind.COMMUNITY, ["E05011402", "E05011397"]),
    ("Seacroft Family Network", OrgKind.COMMUNITY, ["E05011400", "E05011412"]),
    ("Beeston Youth and Elders Forum", OrgKind.COMMUNITY, ["E05011386", "E05011399"]),
    ("City Council", OrgKind.ANCHOR, []),
    ("Teaching Hospitals NHS Trust", OrgKind.ANCHOR, []),
    ("Community Health NHS Trust", OrgKind.ANCHOR, []),
    ("City University", OrgKind.ANCHOR, []),
    ("Housing Association", OrgKind.ANCHOR, []),
    ("Water Company", OrgKind.ANCHOR, []),
    ("Anchor Network team", OrgKind.NETWORK, []),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    organisation: str


DEMO_ACCOUNTS = [
    DemoAccount("staff@example.org", "Sam Staff", Role.STAFF, "Harehills Community Hub"),
    DemoAccount("staff2@example.org", "Kit Staff", Role.STAFF, "Kirkstall Neighbourhood Centre"),
    DemoAccount("anchor@example.org", "Alex Anchor", Role.ANCHOR, "City Council"),
    DemoAccount("anchor2@example.org", "Ash Anchor", Role.ANCHOR, "Teaching Hospitals NHS Trust"),
    DemoAccount("organiser@example.org", "Olu Organiser", Role.ORGANISER, "Anchor Network team"),
    DemoAccount("admin@example.org", "Ade Admin", Role.ADMIN, "Anchor Network team"),
]


def seed_organisations() -> dict[str, int]:
    """Create the demo organisations; returns name -> id."""
    ids = {}
    for name, kind, codes in DEMO_ORGANISATIONS:
        full = name + DEMO_SUFFIX
        org = places.get_organisation_by_name(full)
        if org is None:
            ward_ids = [w.id for code in codes if (w := places.get_ward_by_code(code))]
            org = places.save_organisation(None, name=full, kind=kind, ward_ids=ward_ids)
        ids[name] = org.id
    return ids


def seed_accounts(password: str, org_ids: dict[str, int]) -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if accounts_service.get_by_email(account.email) is None:
            accounts_service.create_user(
                email=account.email,
                name=account.name,
                role=account.role,
                organisation=places.get_organisation(org_ids[account.organisation]),
                password=password,
                check_strength=False,  # the demo password is printed by `make run` for anyone to use
            )
    _seed_demo_mfa()
    return DEMO_ACCOUNTS


def _seed_demo_mfa() -> None:
    """Roles that must use multi-factor sign-in get the known DEMO_TOTP_SECRET, so the demo
    organiser and admin can sign in with any authenticator app (or `oathtool`)."""
    for account in DEMO_ACCOUNTS:
        user = accounts_service.get_by_email(account.email)
        if user is not None and accounts_service.required_for(user) and not accounts_service.enrolled(user):
            accounts_service.seed_secret(user, current_app.config["DEMO_TOTP_SECRET"])


def seed_organisations_and_accounts(password: str) -> tuple[list[DemoAccount], dict[str, int]]:
    org_ids = seed_organisations()
    return seed_accounts(password, org_ids), org_ids

