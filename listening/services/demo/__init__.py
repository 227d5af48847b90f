"""The clearly-labelled synthetic demo: organisations, accounts, sessions and notes, a theme run,
briefings, commitments and an engagement event. Safe to run again.

Nothing here is real: every organisation is suffixed "(demo)" and every note is written for the
project. The steps, in the order `flask demo seed` runs them, are listed once, here.
"""

from __future__ import annotations

from listening.services.demo.commitments_and_event import seed_commitments_and_event
from listening.services.demo.organisations import (
    DEMO_ACCOUNTS,
    DEMO_ORGANISATIONS,
    DEMO_SUFFIX,
    DemoAccount,
    seed_organisations,
    seed_organisations_and_accounts,
)
from listening.services.demo.sessions import seed_sessions
from listening.services.demo.theme_run import seed_themes

# Each later step takes (password, org_ids). Capture first (the notes), then the theme run and
# briefings (they need the notes), then commitments and the event (they need the Kirkstall briefing).
DEMO_STEPS = (seed_sessions, seed_themes, seed_commitments_and_event)


def seed(password: str) -> list[DemoAccount]:
    accounts, org_ids = seed_organisations_and_accounts(password)
    for step in DEMO_STEPS:
        step(password, org_ids)
    return accounts


__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_ORGANISATIONS",
    "DEMO_STEPS",
    "DEMO_SUFFIX",
    "DemoAccount",
    "seed",
    "seed_commitments_and_event",
    "seed_organisations",
    "seed_organisations_and_accounts",
    "seed_sessions",
    "seed_themes",
]
