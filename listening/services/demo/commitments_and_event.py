"""The demo's commitments and engagement event: runs after the themes and the Kirkstall briefing.

City Council (demo) commits to safer crossings against Kirkstall's theme about buses and roads,
with a dated timeline; Teaching Hospitals NHS Trust (demo) commits health walks against the parks theme (or
the one about GP, dentist and mental health); an event is planned for
Kirkstall with its pack. Everything is synthetic. Safe to run again.
"""

from __future__ import annotations

import logging
from datetime import date, time, timedelta

from flask import current_app

from listening.domain import CommitmentStatus, EventStatus
from listening.models.base import utcnow
from listening.services import accounts, briefings, commitments, events, places, themes
from listening.services.core import write
from listening.services.demo import curation
from listening.services.demo.theme_run import seed_themes

log = logging.getLogger(__name__)

KIRKSTALL = "E05011402"
COUNCIL_TITLE = "Safer crossings on Kirkstall Road (demo)"
TRUST_TITLE = "Health walks from the community centre (demo)"
EVENT_TITLE = "Kirkstall: you said, we did – summer conversation (demo)"


def _backdate(entry, days_ago: int) -> None:
    with write():
        entry.at = utcnow() - timedelta(days=days_ago)


def seed_commitments_and_event(password: str, org_ids: dict[str, int]) -> None:
    ward = places.get_ward_by_code(KIRKSTALL)
    if ward is None:
        return
    if briefings.latest_published(KIRKSTALL) is None:
        # This step needs the published Kirkstall briefing: run the themes step (idempotent)
        # when it has not run yet, as when this step is run on its own.
        seed_themes(password, org_ids)
    briefing = briefings.latest_published(KIRKSTALL)
    if briefing is None or not briefing.snapshot:
        log.warning("demo: no published Kirkstall briefing; skipping commitments and events")
        return
    snapshot = briefing.snapshot
    change = snapshot.get("top_change") or [t["key"] for t in snapshot["themes"]]
    love = [k for k in snapshot.get("top_love", []) if k not in change[:1]] or change[1:]
    if not change:
        return
    # Each commitment answers the theme it is about, found by what its notes say (as the organiser
    # curated it), and only a theme the published briefing shows.
    shown = {t["key"] for t in snapshot["themes"]}
    curated = {name: key for name, key in curation.find(themes.current_run()).items() if key in shown}
    crossings = [curated["roads"]] if "roads" in curated else change[:1]
    walks = [curated[name] for name in ("parks", "health") if name in curated][:1] or love[:1]
    existing = {c.title for c in commitments.search(commitments.Filters(ward_id=ward.id))}
    council = accounts.get_by_email("anchor@example.org")
    trust = accounts.get_by_email("anchor2@example.org")
    organiser = accounts.get_by_email("organiser@example.org")
    if council and COUNCIL_TITLE not in existing:
        c = commitments.create(council, commitments.CommitmentInput(
            title=COUNCIL_TITLE,
            description="Two new zebra crossings and a 20 mph limit near the shops and the primary school.",
            owner_name="Highways and Transportation",
            due_on=date.today() + timedelta(days=120),
            status=CommitmentStatus.PROPOSED,
            theme_keys=crossings,
            ward_ids=[ward.id],
        ))
        _backdate(c.updates[0], 60)
        first = commitments.add_update(council, c, CommitmentStatus.IN_PROGRESS,
                                       "Traffic survey done; both crossing sites agreed with residents at the March drop-in.")
        _backdate(first, 35)
        second = commitments.add_update(council, c, None,
                                        "Consultation on the 20 mph limit is open until the end of next month.")
        _backdate(second, 7)
    if trust and TRUST_TITLE not in existing and walks:
        t = commitments.create(trust, commitments.CommitmentInput(
            title=TRUST_TITLE,
            description="Weekly led walks from Kirkstall Neighbourhood Centre, with a health check at the start.",
            owner_name="Community health team",
            due_on=date.today() + timedelta(days=60),
            status=CommitmentStatus.IN_PROGRESS,
            theme_keys=walks,
            ward_ids=[ward.id],
        ))
        _backdate(t.updates[0], 20)
        commitments.add_update(trust, t, None, "First four walks held; about a dozen people each week.")
    if organiser and not any(e.title == EVENT_TITLE for e in events.list_events()):
        host = places.get_organisation_by_name("Kirkstall Neighbourhood Centre (demo)")
        anchors = [o.id for name in ("City Council (demo)", "Teaching Hospitals NHS Trust (demo)")
                   if (o := places.get_organisation_by_name(name))]
        with current_app.test_request_context("/"):  # the gaps are written in words, through Babel
            gaps = events.gaps_for_wards([ward.id])
            events.create(organiser, events.EventInput(
                title=EVENT_TITLE,
                held_on=date.today() + timedelta(days=21),
                starts_at=time(18, 30),
                ends_at=time(20, 0),
                venue="Kirkstall Neighbourhood Centre (demo), main hall",
                host_organisation_id=host.id if host else None,
                ward_ids=[ward.id],
                anchor_ids=anchors,
                theme_keys=list(dict.fromkeys(crossings + change[:2] + walks)),
                gaps=gaps,
                status=EventStatus.PLANNED,
                notes="Report back on the crossings first, then test the quotes. Tea and biscuits from 18:15.",
            ))
    print("Demo commitments and a Kirkstall event are ready: /commitments/, /events/, /wards/" + KIRKSTALL)

