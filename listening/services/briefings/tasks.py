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

How long a page may show older figures is bounded by when the drafts became stale, not by when the
latest job was queued: STALE_SINCE is set by the first refresh queued after a completed one, kept
across re-queues, jobs that gave way and jobs that failed, and cleared only when a refresh completes.
Past PATIENCE_S after it, or once a refresh has failed, a page builds the current figures while the
reader waits. A queued flag whose job was lost (a process killed between the flag and the queue) is
found by the next view once it is older than PATIENCE_S, cleared, and a job queued.
"""

from __future__ import annotations

import logging
import threading
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

# Below every other job (theme runs 100, provisional themes 10, mail and the rest 0): readers are
# shown the older figures meanwhile, so nothing waits for this one.
REFRESH_PRIORITY = -1
REFRESH_DELAY_S = 10  # a burst of saves within this many seconds is one refresh
PATIENCE_S = 180  # drafts stale for longer than this: build while the reader waits
# Set (to the time it was queued) while a refresh job is queued and not yet started.
REFRESH_QUEUED = "hark:drafts-refresh-queued"
# Set (to the time) when drafts first became stale since the last completed refresh.
STALE_SINCE = "hark:drafts-stale-since"
# Set (to the time) when a refresh failed, until one completes: pages build while the reader waits.
REFRESH_FAILED = "hark:drafts-refresh-failed"

_WATCHED = (Note, ListeningSession, NoteTheme, Theme, ThemeEdit, Ward, Organisation)
_TOUCHED, _QUEUE = "hark_drafts_touched", "hark_drafts_refresh"


# ---- the task -----------------------------------------------------------------------------------


@huey.task(priority=REFRESH_PRIORITY)
@in_app_context
def refresh_drafts_job() -> int:
    """Build the current figures of every draft whose stored ones are stale. Returns how many."""
    huey.get(REFRESH_QUEUED)  # taken: a change from now on queues the next refresh
    try:
        done = refresh.refresh_stale(give_way=_other_work_waiting)
    except Exception:
        huey.put(REFRESH_FAILED, str(time.time()))
        raise
    if done.failed:
        huey.put(REFRESH_FAILED, str(time.time()))
    elif done.complete:
        _completed()
    if done.gave_way:
        queue_refresh()
    return done.built


def _completed() -> None:
    """Every draft was current as of the job's start: no longer stale, unless a change since then
    queued the next refresh (stale since it was queued)."""
    huey.get(REFRESH_FAILED)
    huey.get(STALE_SINCE)
    queued_at = huey.get(REFRESH_QUEUED, peek=True)
    if queued_at is not None:
        huey.put_if_empty(STALE_SINCE, queued_at)


def _refresh_job(task) -> bool:
    return getattr(task, "name", "").endswith("refresh_drafts_job")


def _other_work_waiting() -> bool:
    try:
        return any(not _refresh_job(t) for t in huey.pending(limit=50))
    except Exception:
        log.warning("could not read the queue; the draft refresh carries on")
        return False


def _refresh_waiting() -> bool:
    """A refresh job is queued or scheduled."""
    return any(_refresh_job(t) for t in [*huey.pending(), *huey.scheduled()])


_recovered = threading.Lock()  # held for good once a worker thread of this consumer has recovered


@huey.on_startup()
def recover_draft_refresh() -> None:
    """When a consumer starts: a flag left by a queue that lost its job is cleared, and drafts left
    stale are refreshed. Once per consumer: Huey calls this in every worker thread, and two threads
    at once could each clear the flag and queue a refresh."""
    app = worker_app()
    if app is None or not _recovered.acquire(blocking=False):
        return
    with app.app_context():
        if not _refresh_waiting():
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
    now = str(time.time())
    if not huey.put_if_empty(REFRESH_QUEUED, now):
        return True
    huey.put_if_empty(STALE_SINCE, now)  # kept if already stale: re-queueing never restarts the patience
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
    none is): a job runner is running, no refresh has failed since the last completed one, and the
    drafts have been stale for less than PATIENCE_S. A queued flag older than PATIENCE_S with no
    refresh job queued or scheduled was left by a lost job: it is cleared and a job queued."""
    if huey.immediate or not runners():
        return False
    try:
        queued_at = huey.get(REFRESH_QUEUED, peek=True)
        if queued_at is not None and time.time() - float(queued_at) >= PATIENCE_S and not _refresh_waiting():
            log.warning("the draft refresh flag was left without its job; queueing the refresh again")
            huey.get(REFRESH_QUEUED)
            queued_at = None
        if queued_at is None and not queue_refresh(delay=0):
            return False
        if huey.get(REFRESH_FAILED, peek=True) is not None:
            return False
        since = huey.get(STALE_SINCE, peek=True)
        return since is not None and time.time() - float(since) < PATIENCE_S
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
