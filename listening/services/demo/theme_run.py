"""The demo's theme run and briefings: runs after the capture step has added the demo notes.

Runs the themes synchronously (no job runner needed), publishes a ward briefing for
Kirkstall and leaves a draft for Gipton & Harehills, so an anchor member sees a published
briefing at first sign-in and the organiser has one to finish. Safe to run again.
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
from listening.services.demo.organisations import DEMO_ACCOUNTS

log = logging.getLogger(__name__)

PUBLISHED_WARD = "E05011402"  # Kirkstall
DRAFT_WARD = "E05011394"  # Gipton & Harehills
KIRKSTALL_SUMMARY = (
    "People in Kirkstall value the river, the abbey grounds and the parks, and the friendliness of local "
    "groups. The changes they ask for most are about getting around: buses, traffic on the main road and "
    "safe crossings. This is a synthetic demo briefing."
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
        draft = briefings.create_draft(kirkstall, actor)
        briefings.update_summary(draft, KIRKSTALL_SUMMARY, actor)
        briefings.publish(draft, actor)
    if briefings.latest_published(briefings.CITY) is None:  # the city overview and its ward map
        briefings.publish(briefings.create_draft(None, actor), actor)
    gipton = places.get_ward_by_code(DRAFT_WARD)
    if gipton and not briefings.versions(gipton.code):
        briefings.create_draft(gipton, actor)

