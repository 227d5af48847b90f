"""Keeping drafts' figures current without a reader waiting: the background refresh rebuilds every
draft whose stored figures are not current (tasks.refresh_drafts_job), and a draft page shows its
older build, saying when it was worked out, while that refresh is on its way (`draft_view`)."""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from listening.domain import BriefingStatus
from listening.extensions import db
from listening.models import Briefing
from listening.services import themes
from listening.services.briefings import draft_cache, publishing
from listening.services.briefings.publishing import _build, _draft_key, draft_figures
from listening.services.core import refresh_statistics

log = logging.getLogger(__name__)


@dataclass
class Refreshed:
    built: int = 0  # drafts built
    current: int = 0  # drafts whose figures were already current
    failed: int = 0  # drafts that could not be built (logged; the others are still built)
    gave_way: bool = False  # stopped between drafts for other work; the rest follows
    stopped: bool = False  # what drafts are built from changed meanwhile; that change's refresh follows
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """Every draft's figures are current as of the refresh's start."""
        return not (self.failed or self.gave_way or self.stopped)


def drafts() -> list[Briefing]:
    return list(db.session.scalars(select(Briefing).where(Briefing.status == BriefingStatus.DRAFT)
                                   .order_by(Briefing.id)))


def any_drafts() -> bool:
    return db.session.scalar(select(Briefing.id).where(Briefing.status == BriefingStatus.DRAFT).limit(1)) is not None


def refresh_stale(give_way: Callable[[], bool] = lambda: False) -> Refreshed:
    """Build the current figures of every draft whose stored figures are not current (each a
    draft_cache row, as a page view would have built), gathering the city's facts once for all of
    them. Every build is keyed by the fingerprint read before the facts, and is kept only if that
    fingerprint still holds when it is stored (draft_cache.store): a change meanwhile (an erasure,
    say) is never hidden under a current key; the job stops, and that change's own refresh follows.
    Stops between drafts when `give_way()`."""
    started, done = time.perf_counter(), Refreshed()
    run = themes.current_run()
    if run is None:
        return done
    refresh_statistics()  # after a big ingest or a run, PostgreSQL's planner may not know the tables' sizes
    built_from = draft_cache.fingerprint(run)
    facts = None
    for briefing in drafts():
        key = draft_cache.key_for(briefing.id, _draft_key(briefing), built_from)
        if draft_cache.has(key):
            done.current += 1
            continue
        if give_way():
            done.gave_way = True
            break
        if facts is None:
            facts = publishing.gather(run)
        try:
            snapshot = json.loads(json.dumps(_build(briefing, facts)))
            kept = draft_cache.store(run, briefing.id, key, built_from, snapshot)
        except Exception as error:  # one draft that cannot be built does not stop the others
            db.session.rollback()
            done.failed += 1
            # The kind of error and where, never its message: it may quote a resident's words.
            log.error("draft %s could not be built (%s)\n%s", briefing.id, type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)))
            continue
        if kept:
            done.built += 1
        elif draft_cache.has(key):
            done.current += 1  # another process stored the same figures at the same moment
        else:
            done.stopped = True  # what drafts are built from changed while building: the next refresh starts again
            break
    done.seconds = time.perf_counter() - started
    log.info("draft figures refreshed: %s built, %s already current, %s failed, %.1f s%s", done.built,
             done.current, done.failed, done.seconds,
             " (gave way)" if done.gave_way else " (changed meanwhile)" if done.stopped else "")
    return done


def draft_view(briefing: Briefing, refresh_soon: Callable[[], bool]) -> draft_cache.Figures:
    """A draft's figures for its page: the current ones when stored; the older build while
    `refresh_soon()` says a background refresh will build them shortly (it queues one if needed);
    built now only when no build exists, or nothing would refresh it."""
    return draft_figures(briefing, older_ok=lambda _older: refresh_soon())
