"""Provisional themes for notes saved after a run, from the run's saved model.

Saving notes only marks them (a `provisional_pending` row each); one queued job (tasks.py) places
every waiting note in batches, reusing the model the worker keeps loaded. So a bulk ingest costs
one job and one model call per batch, not one job per session, and theme sizes move by the notes
placed, never by recounting every link of the run inside the write lock.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from listening.domain import NoteKind
from listening.extensions import db
from listening.models import ListeningSession, Note, NoteTheme, ProvisionalPending, Theme, ThemeRun
from listening.models.base import utcnow
from listening.services.core import live_note, themeable, write
from listening.services.themes import analysis, curation
from listening.services.themes.queries import current_run

BATCH = 256  # notes per model call and per write


def mark_pending(note_ids: list[int], replace: bool = False) -> int:
    """Mark saved notes as waiting for provisional themes (a note marked twice keeps one row;
    `replace` sticks until the job has run). Returns how many notes were marked."""
    ids = sorted({int(i) for i in note_ids})
    marked = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with write():
            existing = set(db.session.scalars(select(Note.id).where(Note.id.in_(chunk))))
            waiting = set(
                db.session.scalars(select(ProvisionalPending.note_id).where(ProvisionalPending.note_id.in_(chunk)))
            )
            now = utcnow()
            fresh = [
                {"note_id": i, "replace": replace, "mark": _mark(), "marked_at": now}
                for i in chunk if i in existing and i not in waiting
            ]
            if fresh:
                db.session.execute(insert(ProvisionalPending), fresh)
            for note_id in waiting:
                values = {"mark": _mark(), "marked_at": now}
                if replace:
                    values["replace"] = True
                db.session.execute(
                    update(ProvisionalPending).where(ProvisionalPending.note_id == note_id).values(**values)
                )
            marked += len(fresh) + len(waiting)
    return marked


def _mark() -> int:
    return secrets.randbits(62)


def pending_count() -> int:
    return db.session.query(ProvisionalPending).count()


def assign_pending(give_way: Callable[[], bool] | None = None) -> int:
    """Place every waiting note on the current run's themes, BATCH at a time, until none wait or
    `give_way()` says to stop between batches (a theme run is queued: it must not wait behind a long
    backlog; the caller queues this again). Without a current run (or its saved model) the marks are
    dropped: the next run takes the notes in. Returns how many places were added."""
    added = batches = 0
    while not (batches and give_way and give_way()):
        batches += 1
        run = current_run()
        if run is None or not run.model_path or not Path(run.model_path).exists():
            with write():
                db.session.execute(delete(ProvisionalPending))
            return added
        batch = db.session.execute(
            select(ProvisionalPending.note_id, ProvisionalPending.replace, ProvisionalPending.mark)
            .order_by(ProvisionalPending.note_id)
            .limit(BATCH)
        ).all()
        db.session.rollback()  # end the read: the model call below must not hold a snapshot open
        if not batch:
            return added
        added += _assign_batch(run, batch)
    return added


def _assign_batch(run: ThemeRun, batch) -> int:
    ids = [row.note_id for row in batch]
    replacing = {row.note_id for row in batch if row.replace}
    in_run = select(Theme.id).where(Theme.run_id == run.id)
    # Notes already in this run stay as they are, except a re-worded note's model-made places.
    kept = select(NoteTheme.note_id).where(NoteTheme.theme_id.in_(in_run), NoteTheme.note_id.in_(ids))
    placed = set(db.session.scalars(kept.where(NoteTheme.note_id.not_in(replacing) | NoteTheme.by_person.is_(True))))
    notes = [
        (note_id, text, kind)
        for note_id, text, kind in db.session.execute(_live_notes(ids))
        if note_id not in placed and text and text.strip()
    ]
    db.session.rollback()
    found = analysis.assign(run.model_path, [t for _, t, _ in notes], [k.value for _, _, k in notes]) if notes else []
    with write():
        added, touched = _write_places(run, replacing & set(ids), notes, found)
        db.session.execute(
            delete(ProvisionalPending).where(
                ProvisionalPending.note_id.in_(ids), ProvisionalPending.mark.in_([row.mark for row in batch])
            )
        )
    return added


def _live_notes(ids):
    return (
        select(Note.id, Note.text, Note.kind)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .where(Note.id.in_(ids), live_note(), themeable())  # without its English: not themed
        .order_by(Note.id)
    )


def _write_places(run: ThemeRun, replacing: set[int], notes, found) -> tuple[int, set[int]]:
    """Inside the caller's write(): drop re-worded notes' model-made places, add the new ones and
    move the theme counts by exactly those notes. Returns (places added, theme ids touched)."""
    in_run = select(Theme.id).where(Theme.run_id == run.id)
    touched: set[int] = set()
    if replacing:
        gone = db.session.execute(
            delete(NoteTheme)
            .where(NoteTheme.note_id.in_(replacing), NoteTheme.theme_id.in_(in_run), NoteTheme.by_person.is_(False))
            .returning(NoteTheme.theme_id)
        ).scalars().all()
        touched.update(gone)
    # Checked again inside the write: a note erased or deleted since the read is not placed.
    live = set(db.session.scalars(select(Note.id).join(ListeningSession, ListeningSession.id == Note.session_id)
                                  .where(Note.id.in_([n for n, _, _ in notes]), live_note())))
    themes = {t.key: t for t in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
    rows, size, love, change = [], Counter(), Counter(), Counter()
    for (note_id, _text, kind), places in zip(notes, found, strict=True):
        if note_id not in live:
            continue
        used: list[int] = []
        for key, score, _rank in places:
            theme = themes.get(key)
            while theme is not None and theme.merged_into:
                theme = themes.get(theme.merged_into)
            if theme is None or theme.id in used:
                continue
            used.append(theme.id)
            rows.append({"note_id": note_id, "theme_id": theme.id, "score": score, "rank": len(used) - 1,
                         "provisional": True, "by_person": False})
            size[theme.id] += 1
            love[theme.id] += kind == NoteKind.LOVE
            change[theme.id] += kind == NoteKind.CHANGE
    if rows:
        db.session.execute(insert(NoteTheme), rows)
    # A re-worded note may also have changed kind, so the themes it left are recounted (their
    # own links only); themes that only gained notes move by the notes they gained.
    if touched:
        curation.recount(run, theme_ids=touched | set(size))
    else:
        for theme_id, n in size.items():
            db.session.execute(
                update(Theme)
                .where(Theme.id == theme_id)
                .values(size=Theme.size + n, love=Theme.love + love[theme_id], change=Theme.change + change[theme_id])
            )
    db.session.expire_all()
    return len(rows), touched | set(size)


__all__ = ["BATCH", "assign_pending", "mark_pending", "pending_count"]
