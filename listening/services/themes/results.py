"""A theme run's results, written: everything a run found, the replayed curation and the switch
to current in ONE transaction."""

from __future__ import annotations

import logging

from sqlalchemy import insert, select, update

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import CommitmentTheme, EngagementEvent, NoteTheme, Theme, ThemeRun
from listening.models.base import utcnow
from listening.services.core import audit, write
from listening.services.themes import analysis, carry, curation, lineage, provisional
from listening.services.themes.queries import ALL_SCOPE, live_note_ids

log = logging.getLogger(__name__)


class RunCancelled(Exception):
    pass


def finish(run: ThemeRun, status: RunStatus, *, message: str | None = None, error: str | None = None) -> None:
    """Mark a run finished (done, failed or cancelled): it no longer holds its scope."""
    run.status = status
    run.active_scope = None
    run.finished_at = utcnow()
    run.claimed_by = None
    if message is not None:
        run.message = message
    run.error = error


def store_results(run_id: int, result: analysis.Analysis, model_path: str, note_count: int) -> None:
    """All of a run's results, its curation and the switch to current: one transaction."""
    with write():
        run = db.session.get(ThemeRun, run_id)
        if run.cancel_requested:
            raise RunCancelled()
        # A note erased, or whose session was deleted, while the run worked is left out: of the
        # placements and of the suggested quotes (erasure took it out of the themes it could see).
        live = live_note_ids([*(p.note_id for p in result.placements),
                              *(q for found in result.themes for q in found.quote_ids)])
        ids = {}
        for found in result.themes:
            theme = Theme(
                run_id=run_id,
                key=found.key,
                label=found.label,
                model_label=found.label,
                keywords=found.keywords,
                size=found.size,
                love=found.love,
                change=found.change,
                centroid=found.centroid,
                quote_ids=[q for q in found.quote_ids if q in live],
            )
            db.session.add(theme)
            db.session.flush()
            ids[found.key] = theme.id
        rows = [
            {"note_id": p.note_id, "theme_id": ids[p.theme_key], "score": p.score, "rank": p.rank}
            for p in result.placements
            if p.theme_key in ids and p.note_id in live
        ]
        seen = set()
        unique_rows = []
        for row in rows:
            if (row["note_id"], row["theme_id"]) not in seen:
                seen.add((row["note_id"], row["theme_id"]))
                unique_rows.append(row)
        for start in range(0, len(unique_rows), 500):
            db.session.execute(insert(NoteTheme), unique_rows[start : start + 500])
        moved: dict[str, int] = {}
        if run.scope == ALL_SCOPE:  # a date-range run sees part of the notes: nothing it lacks is gone
            moved = follow_lineage(result.lineage, set(ids))
            moved.update(carry.along(lineage.record(run, result.lineage, set(ids))))
            provisional.run_landed(run)  # notes handed to this run are themed; those parked wait again
        db.session.expire_all()
        run = db.session.get(ThemeRun, run_id)
        curation.replay(run)
        curation.recount(run)
        # Current per scope: a date-range run replaces the last run for those dates, never the city's.
        db.session.execute(
            update(ThemeRun).where(ThemeRun.is_current.is_(True), ThemeRun.scope == run.scope).values(is_current=False)
        )
        run.is_current = True
        run.progress = 100
        run.note_count = note_count
        run.model_path = model_path
        finish(run, RunStatus.DONE, message="Done")
        audit.record("theme_run.done", None, run, themes=len(ids), notes=note_count, **moved)


def follow_lineage(lineage: dict[str, dict], alive: set[str]) -> dict[str, int]:
    """A theme that is gone (merged into or split into others) hands its commitments and its
    events' themes to the themes it went into, so none is left pointing at nothing."""
    moved = {"commitments_moved": 0, "events_moved": 0}
    for old_key, record in lineage.items():
        into = [key for key in record["into"] if key in alive]
        if not into or old_key in alive:
            continue
        links = db.session.scalars(select(CommitmentTheme).where(CommitmentTheme.theme_key == old_key)).all()
        for link in links:
            have = set(
                db.session.scalars(
                    select(CommitmentTheme.theme_key).where(CommitmentTheme.commitment_id == link.commitment_id)
                )
            )
            for key in into:
                if key not in have:
                    db.session.add(CommitmentTheme(commitment_id=link.commitment_id, theme_key=key))
            db.session.delete(link)
            moved["commitments_moved"] += 1
        for event in db.session.scalars(select(EngagementEvent)):
            keys = list(event.theme_keys or [])
            if old_key in keys:
                event.theme_keys = list(dict.fromkeys(k for key in keys for k in (into if key == old_key else [key])))
                moved["events_moved"] += 1
    db.session.flush()
    return moved


def recount_current() -> None:
    """Refresh the current runs' theme counts inside the caller's write(), after notes were deleted
    or erased (their theme rows go with them)."""
    db.session.flush()
    for run in db.session.scalars(select(ThemeRun).where(ThemeRun.is_current.is_(True))).all():
        curation.recount(run)
