"""Provisional themes for notes saved after a run, from the run's saved model.

Saving notes only marks them (a `provisional_pending` row each); one queued job (tasks.py) places
every waiting note in batches, reusing the model the worker keeps loaded. So a bulk ingest costs
one job and one model call per batch, not one job per session, and theme sizes move by the notes
placed, never by recounting every link of the run inside the write lock.

While a city-wide theme run is under way (it read every note when it started), the job does not
place the notes that run already read: the run themes them itself, and on two cores placing them on
the old themes would only slow the run. They are *handed over* to it (their mark becomes the run's
id, negated) and the staff page says they are being themed in the run under way. Notes saved after
the run started are placed on the old themes at once, and *parked* (mark -(run id + PARKED)) so
that, when the run's themes replace the old ones, they are placed again on the new themes (the run
never saw them). If the run fails or is cancelled, the marks name a run that is no longer under way,
so the job simply places those notes on the themes that are still current.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select, true, update

from listening.domain import NoteKind, RunStatus
from listening.extensions import db, huey
from listening.models import ListeningSession, Note, NoteTheme, ProvisionalPending, Theme, ThemeRun
from listening.models.base import utcnow
from listening.services.core import live_note, runners, themeable, write
from listening.services.themes import analysis, curation
from listening.services.themes.queries import ALL_SCOPE, current_run

BATCH = 256  # notes per model call and per write
PARKED = 2**40  # added to the run id in a parked note's (negated) mark; run ids stay far below it


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
    """Every note with a waiting mark (including those handed to or parked for the run under way)."""
    return db.session.query(ProvisionalPending).count()


def run_under_way() -> ThemeRun | None:
    """The city-wide run that is running now (runs go one at a time: tasks.py), if any."""
    return db.session.scalar(
        select(ThemeRun).where(ThemeRun.status == RunStatus.RUNNING, ThemeRun.scope == ALL_SCOPE,
                               ThemeRun.started_at.is_not(None)).order_by(ThemeRun.id.desc()).limit(1)
    )


def _not_for(run: ThemeRun | None):
    """Rows the job may work on: all of them, or not those handed to or parked for `run`."""
    if run is None:
        return true()
    return ProvisionalPending.mark.not_in([-run.id, -(run.id + PARKED)])


def waiting_count() -> int:
    """Notes waiting for the provisional job (not those the run under way takes care of)."""
    return db.session.query(ProvisionalPending).filter(_not_for(run_under_way())).count()


def hand_over(run: ThemeRun) -> int:
    """Hand the notes the run under way has read (marked before it started) to it. Returns how many."""
    with write():
        started = db.session.scalar(select(ThemeRun.started_at).where(ThemeRun.id == run.id))  # as claimed
        if started is None:
            return 0
        return db.session.execute(
            update(ProvisionalPending)
            .where(ProvisionalPending.marked_at < started, _not_for(run))
            .values(mark=-run.id)
        ).rowcount


def state_of(note_ids: list[int]) -> dict[int, str]:
    """What each waiting note waits for: "run" (handed to the run under way, which themes it),
    "parked" (placed on the old themes; placed again when the run under way finishes) or "waiting"
    (for the provisional job). Notes waiting for nothing are left out."""
    if not note_ids:
        return {}
    run = run_under_way()
    out = {}
    for note_id, mark in db.session.execute(
        select(ProvisionalPending.note_id, ProvisionalPending.mark).where(ProvisionalPending.note_id.in_(note_ids))
    ):
        if run is not None and mark == -run.id:
            out[note_id] = "run"
        elif run is not None and mark == -(run.id + PARKED):
            out[note_id] = "parked"
        else:
            out[note_id] = "waiting"
    return out


def run_landed(run: ThemeRun) -> None:
    """Inside store_results' write(), as a city-wide run becomes current: the notes handed to it are
    themed; the notes parked while it worked wait again, to be placed on its themes."""
    db.session.execute(delete(ProvisionalPending).where(ProvisionalPending.mark == -run.id))
    db.session.execute(
        update(ProvisionalPending).where(ProvisionalPending.mark == -(run.id + PARKED)).values(mark=_mark())
    )


def assign_pending(give_way: Callable[[], bool] | None = None) -> int:
    """Place every waiting note on the current run's themes, BATCH at a time, until none wait or
    `give_way()` says to stop between batches (a theme run is queued: it must not wait behind a long
    backlog; the caller queues this again). Without a current run (or its saved model) the marks are
    dropped: the next run takes the notes in. Returns how many places were added."""
    added = batches = 0
    while not (batches and give_way and give_way()):
        batches += 1
        under_way = run_under_way()
        if under_way is not None:
            hand_over(under_way)
        run = current_run()
        if run is None or not run.model_path or not Path(run.model_path).exists():
            with write():  # the run under way (if any) themes the notes it read; the rest wait for the next
                db.session.execute(delete(ProvisionalPending).where(_not_for(under_way)))
            return added
        batch = db.session.execute(
            select(ProvisionalPending.note_id, ProvisionalPending.replace, ProvisionalPending.mark)
            .where(_not_for(under_way))
            .order_by(ProvisionalPending.note_id)
            .limit(BATCH)
        ).all()
        db.session.rollback()  # end the read: the model call below must not hold a snapshot open
        if not batch:
            return added
        added += _assign_batch(run, batch, under_way)
    return added


def _assign_batch(run: ThemeRun, batch, under_way: ThemeRun | None = None) -> int:
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
        done = (ProvisionalPending.note_id.in_(ids), ProvisionalPending.mark.in_([row.mark for row in batch]))
        if under_way is None:
            db.session.execute(delete(ProvisionalPending).where(*done))
        else:  # placed on the old themes for now; placed again on the run's when it lands
            db.session.execute(update(ProvisionalPending).where(*done).values(mark=-(under_way.id + PARKED)))
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


@dataclass(frozen=True)
class NotesWaiting:
    """What a session's saved notes wait for, for its page: `states` maps a waiting note to "run"
    (the city-wide run under way read it and is theming it), "waiting" (for its provisional themes)
    or "parked" (placed on the current themes; placed again when the run under way finishes)."""

    states: dict[int, str]
    run: ThemeRun | None  # the city-wide run under way, when any note waits
    runner_running: bool


def notes_waiting(note_ids: list[int]) -> NotesWaiting:
    states = state_of(note_ids)
    under_way = run_under_way() if states else None
    return NotesWaiting(states, under_way, huey.immediate or bool(runners()))


__all__ = [
    "BATCH", "PARKED", "NotesWaiting", "notes_waiting", "assign_pending", "hand_over", "mark_pending", "pending_count", "run_landed", "run_under_way",
    "state_of", "waiting_count",
]
