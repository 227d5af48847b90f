"""A theme run's results, written: everything a run found, the replayed curation and the switch
to current in ONE transaction; and provisional themes for notes saved after the run, from its
saved model."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from listening.domain import RunStatus
from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme, Theme, ThemeRun
from listening.models.base import utcnow
from listening.services.core import audit, live_note, write
from listening.services.themes import analysis, curation
from listening.services.themes.queries import current_run, live_note_ids

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
                quote_ids=found.quote_ids,
            )
            db.session.add(theme)
            db.session.flush()
            ids[found.key] = theme.id
        # A note erased, or whose session was deleted, while the run worked is left out.
        live = live_note_ids(p.note_id for p in result.placements)
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
        audit.record("theme_run.done", None, run, themes=len(ids), notes=note_count)


def recount_current() -> None:
    """Refresh the current runs' theme counts inside the caller's write(), after notes were deleted
    or erased (their theme rows go with them)."""
    db.session.flush()
    for run in db.session.scalars(select(ThemeRun).where(ThemeRun.is_current.is_(True))).all():
        curation.recount(run)


# ---- provisional themes for notes saved after a run --------------------------------------------


def assign_provisional(note_ids: list[int], replace: bool = False) -> int:
    """Place notes on the current run's themes from its saved model, flagged provisional.
    Notes already placed in the current run are left alone (unless `replace`); erased notes and
    notes of deleted sessions are never placed. Returns how many places were added."""
    run = current_run()
    if run is None or not run.model_path or not Path(run.model_path).exists():
        return 0
    in_run = select(Theme.id).where(Theme.run_id == run.id)
    if replace:
        with write():
            db.session.execute(
                delete(NoteTheme).where(
                    NoteTheme.note_id.in_(note_ids), NoteTheme.theme_id.in_(in_run), NoteTheme.by_person.is_(False)
                )
            )
            curation.recount(run)
        run = current_run()
    placed = set(
        db.session.scalars(select(NoteTheme.note_id).where(NoteTheme.theme_id.in_(in_run), NoteTheme.note_id.in_(note_ids)))
    )
    notes = [
        (note_id, text, kind.value)
        for note_id, text, kind in db.session.execute(
            select(Note.id, Note.text, Note.kind)
            .join(ListeningSession, ListeningSession.id == Note.session_id)
            .where(Note.id.in_(note_ids), live_note())
            .order_by(Note.id)
        )
        if note_id not in placed and text and text.strip()
    ]
    if not notes:
        return 0
    found = analysis.assign(run.model_path, [text for _, text, _ in notes], [kind for _, _, kind in notes])
    count = 0
    with write():
        themes = {t.key: t for t in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
        for (note_id, _, _), places in zip(notes, found, strict=True):
            used = set()
            for key, score, _rank in places:
                theme = themes.get(key)
                while theme is not None and theme.merged_into:
                    theme = themes.get(theme.merged_into)
                if theme is None or theme.id in used:
                    continue
                used.add(theme.id)
                db.session.add(
                    NoteTheme(note_id=note_id, theme_id=theme.id, score=score, rank=len(used) - 1, provisional=True)
                )
                count += 1
        db.session.flush()
        curation.recount(run)
    return count
