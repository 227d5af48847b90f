"""The demo's theme run and briefings: runs after the capture step has added the demo notes.

Runs the themes synchronously (no job runner needed); the organiser curates them (demo.curation:
weak machine names renamed, a plain-English summary per theme) and publishes Kirkstall's ward
briefing and the city overview, each with a summary. The Gipton & Harehills draft is left as the
organiser's next job: no summary yet. What the model proposed stays on each theme's page ("The
model called it: …"), and docs/first-hour.md shows Kirkstall's draft before and after curation.
Safe to run again.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import func, select

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ListeningSession, Note
from listening.services import accounts, briefings, places, themes
from listening.services.core import live_note
from listening.services.demo import curation
from listening.services.demo.organisations import DEMO_ACCOUNTS

log = logging.getLogger(__name__)

PUBLISHED_WARD = "E05011402"  # Kirkstall
DRAFT_WARD = "E05011394"  # Gipton & Harehills
KIRKSTALL_SUMMARY = (
    "What people in Kirkstall value most is the neighbourhood centre, the library and the groups that meet "
    "in them; many also told us about the abbey grounds, the river and the canal towpath. What they most "
    "want changed is getting around safely: speeding and lorries on Kirkstall Road, too few places to "
    "cross near the shops and schools, and buses that run late or stop early in the evening. Flooding "
    "still worries people who live by the river.\n"
    "The organiser checked each theme's name against its notes and wrote a short summary of what the notes "
    "say. This is a synthetic demo briefing."
)
CITY_SUMMARY = (
    "Across the city, what people love is close to home: neighbours, parks, community centres and the "
    "groups that run in them. What they want changed is practical: buses and busy roads, bins and "
    "fly-tipping, damp homes and rising rents, and getting a GP or dentist appointment. Most notes come "
    "from the wards where community groups held sessions; some wards were heard only once, so their "
    "figures are small or not shown.\n"
    "The organiser checked each theme's name and wrote its summary. This is a synthetic demo overview."
)


def seed_themes(password: str, org_ids: dict[str, int]) -> None:
    note_count = db.session.scalar(
        select(func.count(Note.id)).join(ListeningSession, ListeningSession.id == Note.session_id)
        .where(live_note())
    ) or 0
    if themes.current_run() is None:
        if note_count < themes.MIN_NOTES:
            log.warning("demo: %s notes, too few for a theme run; skipping themes", note_count)
            return
        run = themes.active_run() or themes.start_run(None, enqueue=False)
        started = time.monotonic()
        status = themes.execute_run(run.id)
        seconds = time.monotonic() - started
        run = themes.get_run(run.id)
        print(f"Demo theme run over {note_count} notes: {status.value if status else run.status.value} "
              f"in {seconds:.1f} s")
        if run.status != RunStatus.DONE:
            log.warning("demo theme run did not finish: %s", run.error)
            return
    organiser = accounts.get_by_email(DEMO_ACCOUNTS[4].email)
    actor = organiser.id if organiser else None
    kirkstall = places.get_ward_by_code(PUBLISHED_WARD)
    if kirkstall and briefings.latest_published(kirkstall.code) is None:
        curation.curate(themes.current_run(), actor)  # names checked, summaries written, then publish
        draft = briefings.create_draft(kirkstall, actor)
        briefings.update_summary(draft, KIRKSTALL_SUMMARY, actor)
        briefings.publish(draft, actor)
    if briefings.latest_published(briefings.CITY) is None:  # the city overview and its ward map
        draft = briefings.create_draft(None, actor)
        briefings.update_summary(draft, CITY_SUMMARY, actor)
        briefings.publish(draft, actor)
    gipton = places.get_ward_by_code(DRAFT_WARD)
    if gipton and not briefings.versions(gipton.code):
        briefings.create_draft(gipton, actor)

