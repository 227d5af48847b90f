"""Shared set-up for the commitments, public page and events tests: a ward with notes, a current
theme run (keys park, buses, community) and a published Kirkstall briefing."""

from __future__ import annotations

from listening.domain import OrgKind, Role
from listening.services.accounts import users
from listening.services.briefings import publishing as briefings
from tests import factories
from tests.themes import notes

LABELS = {"park": "Parks", "buses": "Buses", "community": "Community spirit"}


def world(publish: bool = True) -> dict:
    kirkstall = factories.ward("E05011402", "Kirkstall")
    gipton = factories.ward("E05011394", "Gipton & Harehills")
    ids = notes.corpus(kirkstall, repeat=3)
    other = notes.corpus(gipton, consent="analysis")
    run = notes.store_run({k: ids[k] + other[k] for k in ids}, labels=LABELS)
    council = factories.org(OrgKind.ANCHOR, name="City Council (test)")
    trust = factories.org(OrgKind.ANCHOR, name="Hospital Trust (test)")
    anchor = factories.user(Role.ANCHOR, organisation=council)
    anchor2 = factories.user(Role.ANCHOR, organisation=trust)
    organiser = factories.user(Role.ORGANISER)
    briefing_id = None
    if publish:
        draft = briefings.create_draft(kirkstall, organiser.id)
        briefing_id = briefings.publish(draft, organiser.id).id
    return {
        "run_id": run.id, "kirkstall": kirkstall.code, "kirkstall_id": kirkstall.id, "gipton": gipton.code,
        "council": council.id, "trust": trust.id, "anchor": anchor.email, "anchor2": anchor2.email,
        "organiser": organiser.email, "anchor_id": anchor.id, "anchor2_id": anchor2.id, "briefing_id": briefing_id,
        "organiser_id": organiser.id,
    }


def token(email: str) -> str:
    return users.issue_api_token(users.get_by_email(email))
