"""Curation: an organiser's edits to the current run's themes, kept as a log by stable
theme key and replayed on every new run, so decisions survive re-analysis."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import case, delete, func, select, update

from listening.domain import EditKind, LabelSource, NoteKind
from listening.extensions import db
from listening.i18n import number as format_number
from listening.models import ListeningSession, Note, NoteTheme, Theme, ThemeEdit, ThemeRun
from listening.services.core import audit, live_note, write
from listening.services.themes import analysis, lineage

LABEL_MAX = 80
SUMMARY_MAX = 2000


class CurationError(ValueError):
    """An edit that cannot be made; the message is safe to show."""


def edits(theme_key: str | None = None) -> list[ThemeEdit]:
    query = select(ThemeEdit).order_by(ThemeEdit.id)
    if theme_key:
        query = query.where((ThemeEdit.theme_key == theme_key) | (ThemeEdit.target_key == theme_key))
    return list(db.session.scalars(query))


def _theme(run: ThemeRun, key: str | None) -> Theme | None:
    if not key:
        return None
    return db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.key == key))


def _live(run: ThemeRun, key: str | None) -> Theme | None:
    theme = _theme(run, key)
    return theme if theme is not None and theme.merged_into is None else None


def live_theme(run: ThemeRun, key: str | None) -> Theme | None:
    """A theme of the run that has not been merged away."""
    return _live(run, key)


def _move(run: ThemeRun, source: Theme, target: Theme, note_ids: list[int] | None) -> int:
    """Move notes (all when note_ids is None) from source to target; returns how many moved."""
    query = select(NoteTheme).where(NoteTheme.theme_id == source.id)
    if note_ids is not None:
        query = query.where(NoteTheme.note_id.in_(note_ids))
    moving = list(db.session.scalars(query))
    already = set(
        db.session.scalars(
            select(NoteTheme.note_id).where(
                NoteTheme.theme_id == target.id, NoteTheme.note_id.in_([m.note_id for m in moving])
            )
        )
    )
    for row in moving:
        if row.note_id in already:
            db.session.delete(row)
        else:
            row.theme_id = target.id
            row.by_person = True
    db.session.flush()
    return len(moving)


def _followed(run: ThemeRun, key: str | None, alive: dict | None) -> list[Theme]:
    """The run's live themes a key stands for: itself, or (gone) where its lineage led."""
    theme = _live(run, key)
    if theme is not None or alive is None or not key:
        return [theme] if theme is not None else []
    return [t for t in (_live(run, k) for k in lineage.resolve(key, alive)) if t is not None]


def apply(run: ThemeRun, edit: ThemeEdit, alive: dict | None = None) -> bool:
    """Apply one edit to a run's rows. Returns False when its themes are not in this run.

    `alive` (the run's keys, when replaying): a split or a move whose theme is gone follows it
    through its lineage, so the notes a person chose still go where they said."""
    theme = _live(run, edit.theme_key)
    if theme is None and edit.kind in (EditKind.SPLIT, EditKind.MOVE):
        return _apply_followed(run, edit, alive)
    if theme is None:
        return False
    if edit.kind == EditKind.RENAME:
        theme.label = edit.value
        theme.label_source = LabelSource.PERSON
    elif edit.kind == EditKind.SUMMARY:
        theme.summary = edit.value or None
    elif edit.kind == EditKind.HIDE:
        theme.hidden = bool(edit.flag)
    elif edit.kind == EditKind.LOCK:
        theme.locked = bool(edit.flag)
    elif edit.kind == EditKind.MERGE:
        targets = _followed(run, edit.target_key, alive)
        target = targets[0] if len(targets) == 1 else None
        if target is None or target.id == theme.id:
            return False
        _move(run, theme, target, None)
        theme.merged_into = target.key
    elif edit.kind == EditKind.SPLIT:
        ids = [int(i) for i in edit.note_ids]
        on_theme = set(
            db.session.scalars(
                select(NoteTheme.note_id).where(NoteTheme.theme_id == theme.id, NoteTheme.note_id.in_(ids))
            )
        )
        if not on_theme:
            return False
        new = _theme(run, edit.target_key)
        if new is None:
            new = Theme(
                run_id=run.id,
                key=edit.target_key,
                label=edit.value,
                model_label=edit.value,
                label_source=LabelSource.MODEL if edit.flag else LabelSource.PERSON,
                split_from=theme.key,
                keywords=[],
            )
            db.session.add(new)
            db.session.flush()
        _move(run, theme, new, sorted(on_theme))
    elif edit.kind == EditKind.MOVE:
        targets = _followed(run, edit.target_key, alive)
        target = targets[0] if len(targets) == 1 else None
        if target is None or target.id == theme.id:
            return False
        _move(run, theme, target, [int(i) for i in edit.note_ids])
    return True


def _apply_followed(run: ThemeRun, edit: ThemeEdit, alive: dict | None) -> bool:
    """A split or move whose source theme is gone: the chosen notes are taken from the themes it
    went into (each is a plain edit on that theme)."""
    applied = False
    for source in _followed(run, edit.theme_key, alive):
        step = ThemeEdit(kind=edit.kind, theme_key=source.key, target_key=edit.target_key, value=edit.value,
                         flag=edit.flag, note_ids=edit.note_ids)
        applied = apply(run, step, alive) or applied  # `step` is never added to the session
    return applied


def replay(run: ThemeRun) -> int:
    """Apply the whole curation log, in order, to a new run (but decisions carried from a gone
    theme that the organiser has not taken up: carry.py). Returns how many edits applied."""
    applied = 0
    alive = dict(db.session.execute(select(Theme.key, Theme.merged_into).where(Theme.run_id == run.id)).all())
    for edit in edits():
        if edit.review is None and apply(run, edit, alive):
            applied += 1
    db.session.flush()
    return applied


def recount(run: ThemeRun, theme_ids: set[int] | None = None) -> None:
    """Size, love and change per theme: distinct notes carrying it (any rank), not erased and not
    from a deleted session. `theme_ids`: only these themes (their own links), not the whole run."""
    only = (Theme.id.in_(theme_ids),) if theme_ids is not None else ()
    counts = db.session.execute(
        select(
            NoteTheme.theme_id,
            func.count(func.distinct(NoteTheme.note_id)),
            func.count(func.distinct(case((Note.kind == NoteKind.LOVE, Note.id)))),
            func.count(func.distinct(case((Note.kind == NoteKind.CHANGE, Note.id)))),
        )
        .join(Note, Note.id == NoteTheme.note_id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .join(Theme, Theme.id == NoteTheme.theme_id)
        .where(Theme.run_id == run.id, live_note(), *only)
        .group_by(NoteTheme.theme_id)
    ).all()
    db.session.execute(update(Theme).where(Theme.run_id == run.id, *only).values(size=0, love=0, change=0))
    for theme_id, size, love, change in counts:
        db.session.execute(update(Theme).where(Theme.id == theme_id).values(size=size, love=love, change=change))
    # A person-made theme that lost all its notes goes; model themes stay (the next run may refill them).
    db.session.execute(
        delete(Theme).where(Theme.run_id == run.id, Theme.split_from.is_not(None), Theme.size == 0, *only)
    )
    db.session.expire_all()


def edit(run: ThemeRun, kind: EditKind, theme_key: str, actor_id: int | None, **fields) -> ThemeEdit:
    """Record and apply an organiser's edit to the current run, with an audit row."""
    if not run.is_current or run.scope != "all":
        raise CurationError(_(
            "Only the current themes of all notes can be changed. Open the latest all-notes run; "
            "your changes are applied to date-range runs too."
        ))
    with write():
        db.session.refresh(run)
        theme = _live(run, theme_key)
        if theme is None:
            raise CurationError(_("That theme is not in the current run."))
        entry = ThemeEdit(kind=kind, theme_key=theme_key, run_id=run.id, actor_id=actor_id, note_ids=[])
        if kind in (EditKind.RENAME, EditKind.SPLIT):
            label = (fields.get("value") or "").strip()
            if not label:
                raise CurationError(_("Enter a name for the theme."))
            if len(label) > LABEL_MAX:
                raise CurationError(_("The name must be %(most)s characters or fewer.", most=LABEL_MAX))
            entry.value = label
        elif kind == EditKind.SUMMARY:
            summary = (fields.get("value") or "").strip()
            if len(summary) > SUMMARY_MAX:
                raise CurationError(_("The summary must be %(most)s characters or fewer.", most=format_number(SUMMARY_MAX)))
            entry.value = summary
        elif kind in (EditKind.HIDE, EditKind.LOCK):
            entry.flag = bool(fields.get("flag"))
        if kind in (EditKind.MERGE, EditKind.MOVE):
            target = _live(run, fields.get("target_key"))
            if target is None:
                raise CurationError(_("Choose a theme that is in the current run."))
            if target.id == theme.id:
                raise CurationError(_("Choose a different theme."))
            entry.target_key = target.key
        if kind in (EditKind.SPLIT, EditKind.MOVE):
            ids = sorted({int(i) for i in fields.get("note_ids") or []})
            on_theme = set(
                db.session.scalars(
                    select(NoteTheme.note_id).where(NoteTheme.theme_id == theme.id, NoteTheme.note_id.in_(ids))
                )
            )
            if not on_theme:
                raise CurationError(_("Select at least one note from this theme."))
            entry.note_ids = sorted(on_theme)
        if kind == EditKind.SPLIT:
            entry.target_key = f"{theme_key[:40]}-split-{secrets.token_hex(3)}"
        db.session.add(entry)
        db.session.flush()
        apply(run, entry)
        recount(run)
        audit.record(
            "theme.edit",
            actor_id,
            entry,
            kind=kind.value,
            theme_key=theme_key,
            target_key=entry.target_key,
            notes=len(entry.note_ids) or None,
        )
    return entry


RECLUSTER_CHOICES = (2, 3, 4)


def _recluster_notes(theme: Theme) -> list[tuple[int, str]]:
    """The theme's notes the model can read: (id, text), not erased, not from a deleted session."""
    rows = db.session.execute(
        select(Note.id, Note.text)
        .join(NoteTheme, NoteTheme.note_id == Note.id)
        .join(ListeningSession, ListeningSession.id == Note.session_id)
        .where(NoteTheme.theme_id == theme.id, live_note())
        .distinct()
        .order_by(Note.id)
    ).all()
    return [(note_id, text) for note_id, text in rows if text and text.strip()]


def split_recluster(run: ThemeRun, key: str, k: int, actor_id: int | None, *, cache_dir: str | None = None
                    ) -> list[ThemeEdit]:
    """Let the model split a theme into `k` new themes: its notes are clustered again (nlp, via
    analysis) and the result is kept as ordinary SPLIT edits, one per new theme, so later runs
    replay it like a person's split. The new themes are named "<label> (part N)", marked as
    named by the model, for the organiser to rename. Deterministic for the same notes."""
    if k not in RECLUSTER_CHOICES:
        raise CurationError(_("Choose 2, 3 or 4 themes."))
    if not run.is_current or run.scope != "all":
        raise CurationError(_(
            "Only the current themes of all notes can be changed. Open the latest all-notes run; "
            "your changes are applied to date-range runs too."
        ))
    theme = _live(run, key)
    if theme is None:
        raise CurationError(_("That theme is not in the current run."))
    notes = _recluster_notes(theme)
    if len(notes) < 2 * k:
        raise CurationError(_(
            "This theme has %(notes)s notes. To split it into %(parts)s, it needs at least %(least)s.",
            notes=format_number(len(notes)), parts=k, least=2 * k,
        ))
    groups = analysis.subclusters([text for _id, text in notes], k, cache_dir=cache_dir, seed=run.seed or 42)
    if len(set(groups)) < 2:
        raise CurationError(_("The model could not find separate groups in this theme. Split it by choosing notes instead."))
    by_group: dict[int, list[int]] = {}
    for (note_id, _text), group in zip(notes, groups, strict=True):
        by_group.setdefault(group, []).append(note_id)
    entries = []
    with write():
        db.session.refresh(run)
        theme = _live(run, key)
        if theme is None:
            raise CurationError(_("That theme is not in the current run."))
        for part, group in enumerate(sorted(by_group), start=1):
            label = _("%(label)s (part %(part)s)", label=theme.label[:LABEL_MAX - 12], part=part)
            entry = ThemeEdit(
                kind=EditKind.SPLIT, theme_key=key, run_id=run.id, actor_id=actor_id, value=label, flag=True,
                note_ids=sorted(by_group[group]), target_key=f"{key[:40]}-split-{secrets.token_hex(3)}",
            )
            db.session.add(entry)
            db.session.flush()
            apply(run, entry)
            entries.append(entry)
        recount(run)
        audit.record(
            "theme.recluster", actor_id, theme, theme_key=key, parts=len(entries),
            target_keys=[e.target_key for e in entries], notes=len(notes),
        )
    return entries


def decided_by_person(theme: Theme) -> list[str]:
    """Which parts of a theme a person decided (for the page's 'decided by' note)."""
    parts = []
    if theme.label_source == LabelSource.PERSON:
        parts.append("name")
    if theme.summary:
        parts.append("summary")
    if theme.hidden:
        parts.append("hidden")
    if theme.locked:
        parts.append("locked")
    if theme.split_from:
        parts.append("split")
    return parts
