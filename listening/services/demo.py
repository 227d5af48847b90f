"""The clearly-labelled synthetic demo: organisations, accounts, and (from other
areas) sessions, notes, themes and a published briefing. Safe to run again.

Nothing here is real: every organisation is suffixed "(demo)" and every note is
written for the project.
"""

from __future__ import annotations

from dataclasses import dataclass

from listening.domain import OrgKind, Role
from listening.services import users, wards

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
        org = wards.get_organisation_by_name(full)
        if org is None:
            ward_ids = [w.id for code in codes if (w := wards.get_ward_by_code(code))]
            org = wards.save_organisation(None, name=full, kind=kind, ward_ids=ward_ids)
        ids[name] = org.id
    return ids


def seed_accounts(password: str, org_ids: dict[str, int]) -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if users.get_by_email(account.email) is None:
            users.create_user(
                email=account.email,
                name=account.name,
                role=account.role,
                organisation=wards.get_organisation(org_ids[account.organisation]),
                password=password,
            )
    _seed_demo_mfa()
    return DEMO_ACCOUNTS


def _seed_demo_mfa() -> None:
    """Roles that must use multi-factor sign-in get the known DEMO_TOTP_SECRET, so the demo
    organiser and admin can sign in with any authenticator app (or `oathtool`)."""
    from flask import current_app

    from listening.services import mfa

    for account in DEMO_ACCOUNTS:
        user = users.get_by_email(account.email)
        if user is not None and mfa.required_for(user) and not mfa.enrolled(user):
            mfa.seed_secret(user, current_app.config["DEMO_TOTP_SECRET"])


# Later stages of the demo (sessions and notes, theme run, briefing) register here
# as callables taking (password, org_ids) so `demo seed` runs them in order.
DEMO_STEPS: list = []

from listening.services.demo_capture import seed_sessions  # noqa: E402 - capture: sessions and notes come first

DEMO_STEPS.append(seed_sessions)

from listening.services.demo_actions import seed_commitments_and_event  # noqa: E402 - needs the themes step (runs it if not yet)

DEMO_STEPS.append(seed_commitments_and_event)


def seed_organisations_and_accounts(password: str) -> tuple[list[DemoAccount], dict[str, int]]:
    org_ids = seed_organisations()
    return seed_accounts(password, org_ids), org_ids


def seed(password: str) -> list[DemoAccount]:
    accounts, org_ids = seed_organisations_and_accounts(password)
    for step in DEMO_STEPS:
        step(password, org_ids)
    return accounts
