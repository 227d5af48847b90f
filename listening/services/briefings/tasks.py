"""Drafts' figures refreshed in the background: the Huey job, what queues it, and the page view
that relies on it. The worker entry point imports this.

Whatever changes what drafts are built from (a run's results stored, a curation edit, a
publication, notes or sessions saved, edited or provisionally placed) commits through a SQLAlchemy
session, so the briefings area watches commits (the same session-event hook draft_cache uses to
drop figures when words are removed) instead of the areas below it calling up into briefings. A
commit that touched those tables, while any draft exists, queues one refresh job: coalesced (at
most one queued, like the provisional job's flag), debounced (scheduled REFRESH_DELAY_S later, so a
bulk ingest queues one job per few seconds, not one per session) and at the lowest priority, giving
way between drafts to any other job. In immediate mode (tests, no consumer) nothing is queued and a
stale draft is built when viewed, as before.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from listening.domain import BriefingStatus
from listening.extensions import db, huey
from listening.models import (
    Briefing,
    ListeningSession,
    Note,
    NoteTheme,
    Organisation,
    Theme,
    ThemeEdit,
    ThemeRun,
    Ward,
)
from listening.services.briefings import draft_cache, refresh
from listening.services.core import in_app_context, runners, worker_app

log = logging.getLogger(__name__)

# Below every other job (theme runs 100, provisional themes 10): readers are shown the older
# figures meanwhile, so nothing waits for this one.
REFRESH_PRIORITY = 1
REFRESH_DELAY_S = 10  # a burst of saves within this many seconds is one refresh
PATIENCE_S = 180  # a refresh queued longer ago than this is not "on its way": build while the reader waits
# Set (to the time it was queued) while a refresh job is queued and not yet started.
REFRESH_QUEUED = "hark:drafts-refresh-queued"

_WATCHED = (Note, ListeningSession, NoteTheme, Theme, ThemeEdit, Ward, Organisation)
_TOUCHED, _QUEUE = "hark_drafts_touched", "hark_drafts_refresh"


# ---- the task -----------------------------------------------------------------------------------


@huey.task(priority=REFRESH_PRIORITY)
@in_app_context
def refresh_drafts_job() -> int:
    """Build the current figures of every draft whose stored ones are stale. Returns how many."""
    huey.get(REFRESH_QUEUED)  # taken: a change from now on queues the next refresh
    done = refresh.refresh_stale(give_way=_other_work_waiting)
    if done.gave_way:
        queue_refresh()
    return done.built


def _other_work_waiting() -> bool:
    try:
        return any(not getattr(t, "name", "").endswith("refresh_drafts_job") for t in huey.pending(limit=50))
    except Exception:
        log.warning("could not read the queue; the draft refresh carries on")
        return False


@huey.on_startup()
def recover_draft_refresh() -> None:
    """When a consumer starts: a flag left by a queue that lost its job is cleared, and drafts left
    stale are refreshed."""
    app = worker_app()
    if app is None:
        return
    with app.app_context():
        queued = any(getattr(t, "name", "").endswith("refresh_drafts_job")
                     for t in [*huey.pending(), *huey.scheduled()])
        if not queued:
            huey.get(REFRESH_QUEUED)
            if refresh.any_drafts():
                queue_refresh(delay=0)


# ---- queueing -----------------------------------------------------------------------------------


def queue_refresh(delay: float = REFRESH_DELAY_S) -> bool:
    """Queue the refresh unless one is already queued. Returns whether one is queued now (False in
    immediate mode, where no consumer would run it later)."""
    if huey.immediate:
        return False
    if huey.get(REFRESH_QUEUED, peek=True) is not None:  # a read: a burst of saves writes the flag once
        return True
    if not huey.put_if_empty(REFRESH_QUEUED, str(time.time())):
        return True
    try:
        if delay:
            refresh_drafts_job.schedule(delay=delay)
        else:
            refresh_drafts_job()
    except Exception:
        huey.get(REFRESH_QUEUED)  # not queued after all: let the next change try
        raise
    return True


def refresh_soon() -> bool:
    """Whether a background refresh will build the current figures shortly (queueing one now if
    none is): a job runner is running, and no refresh has been waiting longer than PATIENCE_S."""
    if huey.immediate or not runners():
        return False
    try:
        queued_at = huey.get(REFRESH_QUEUED, peek=True)
        if queued_at is None:
            return queue_refresh(delay=0)
        return time.time() - float(queued_at) < PATIENCE_S
    except Exception:
        log.warning("could not read or queue the draft refresh; building while the reader waits")
        return False


def draft_view(briefing: Briefing) -> draft_cache.Figures:
    """A draft's figures for its page (refresh.draft_view), with the background refresh behind it."""
    return refresh.draft_view(briefing, refresh_soon)


# ---- noticing changes ---------------------------------------------------------------------------


def _changes_drafts(session) -> bool:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            return True
        if isinstance(obj, ThemeRun) and obj in session.dirty:
            attrs = db.inspect(obj).attrs
            if attrs.status.history.has_changes() or attrs.is_current.history.has_changes():
                return True
        if isinstance(obj, Briefing) and obj in session.dirty and db.inspect(obj).attrs.status.history.has_changes():
            return True
    return False


def _decide(session) -> None:
    """Inside the transaction, once: whether its commit should queue a refresh (any draft exists)."""
    if _QUEUE not in session.info:
        session.info[_QUEUE] = session.scalar(
            Briefing.__table__.select().with_only_columns(Briefing.id)
            .where(Briefing.status == BriefingStatus.DRAFT).limit(1)) is not None


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    if not huey.immediate and _QUEUE not in session.info and _changes_drafts(session):
        _decide(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    """Bulk writes (insert(NoteTheme) of a run's links, say) are not in the unit of work."""
    if (state.is_insert or state.is_update or state.is_delete) and not huey.immediate:
        mapper = state.bind_mapper
        if mapper is not None and issubclass(mapper.class_, (*_WATCHED, ThemeRun, Briefing)):
            state.session.info[_TOUCHED] = True


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    if session.info.pop(_TOUCHED, False) and _QUEUE not in session.info:
        _decide(session)


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_TOUCHED, None)
    if session.info.pop(_QUEUE, False):
        try:
            queue_refresh()
        except Exception:  # a queue that is down never undoes a save; the page builds when viewed
            log.exception("could not queue the draft refresh")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_QUEUE, None)
