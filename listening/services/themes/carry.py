"""An organiser's decisions about a theme that a new run no longer finds, carried along its lineage.

The curation log is kept by theme key, so a decision on a key that survives simply applies again.
When the key is gone, what is honest depends on where its notes went (docs/nlp.md, "Curation
follows a theme"):

* **Merged into one theme** that has no name (or summary) of an organiser's own: the name or
  summary goes with it, marked "from the theme X that merged into this one", and so do the name's
  Polish and Urdu words. When that theme has its own, or several gone themes merged into it, the
  decision is offered to the organiser on the theme's page instead, to use or leave.
* **Split into several**: every decision is offered on each part, never copied: one name on two
  themes would say they are the same thing.
* **Hidden or locked**: always offered, never carried: hiding a bigger theme would hide notes
  nobody chose to hide, and showing them silently would undo a decision.

Carried decisions are ordinary rows of the curation log (with `carried` saying where from and
`review` "pending" until the organiser decides), so later runs replay them like any other.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from listening.domain import EditKind
from listening.extensions import db
from listening.models import ThemeEdit, ThemeLineage, ThemeRun, ThemeTranslation
from listening.services.core import audit, write
from listening.services.themes import curation
from listening.services.themes.queries import ALL_SCOPE

WORDS = (EditKind.RENAME, EditKind.SUMMARY)  # may carry to a sole merge target
FLAGS = (EditKind.HIDE, EditKind.LOCK)  # only ever offered
PENDING, DISMISSED = "pending", "dismissed"


def _standing(key: str) -> dict[EditKind, ThemeEdit]:
    """The decisions standing on a key: the last name, summary, hide and lock (not dismissed,
    not turned off), or nothing when a person merged the theme away."""
    rows = list(db.session.scalars(select(ThemeEdit).where(ThemeEdit.theme_key == key).order_by(ThemeEdit.id)))
    if any(r.kind == EditKind.MERGE and r.review is None for r in rows):
        return {}
    last: dict[EditKind, ThemeEdit] = {}
    for row in rows:
        if row.kind in (*WORDS, *FLAGS) and row.review != DISMISSED:
            last[row.kind] = row
    # A cleared summary or a theme shown again leaves nothing to carry.
    return {kind: row for kind, row in last.items()
            if (kind in WORDS and (row.value or "").strip()) or (kind in FLAGS and row.flag)}


def _has_own(key: str, kind: EditKind) -> bool:
    return db.session.scalar(select(ThemeEdit.id).where(
        ThemeEdit.theme_key == key, ThemeEdit.kind == kind, ThemeEdit.review.is_(None)).limit(1)) is not None


def along(records: list[ThemeLineage]) -> dict[str, int]:
    """Inside the caller's write(), before the curation log is replayed on the new run: append the
    gone themes' standing decisions to the log on the themes they went into."""
    offers: dict[tuple[str, EditKind], list[tuple[ThemeLineage, ThemeEdit]]] = defaultdict(list)
    for record in records:
        for kind, edit in _standing(record.old_key).items():
            for key in record.into:
                offers[(key, kind)].append((record, edit))
    counts = {"edits_carried": 0, "edits_offered": 0}
    for (key, kind), found in offers.items():
        sole = len(found) == 1 and found[0][0].how == "merged"
        for record, edit in found:
            carry = sole and kind in WORDS and edit.review is None and not _has_own(key, kind)
            db.session.add(ThemeEdit(
                kind=kind, theme_key=key, value=edit.value, flag=edit.flag, note_ids=[], run_id=record.run_id,
                actor_id=edit.actor_id, review=None if carry else PENDING,
                carried={"from": record.old_key, "label": record.old_label, "how": record.how,
                         "run_id": record.run_id, "parts": len(record.into)},
            ))
            if carry and kind == EditKind.RENAME:
                _copy_translations(record.old_key, key)
            counts["edits_carried" if carry else "edits_offered"] += 1
    db.session.flush()
    return counts


def _copy_translations(source: str, target: str) -> None:
    """A carried name takes its Polish and Urdu words along, where the target has none."""
    have = set(db.session.scalars(select(ThemeTranslation.language).where(ThemeTranslation.theme_key == target)))
    for row in db.session.scalars(select(ThemeTranslation).where(ThemeTranslation.theme_key == source)).all():
        if row.language not in have:
            db.session.add(ThemeTranslation(theme_key=target, language=row.language, label=row.label,
                                            summary=row.summary, updated_by_id=row.updated_by_id))


def offers(key: str) -> list[ThemeEdit]:
    """Decisions from gone themes waiting for the organiser on this theme."""
    return list(db.session.scalars(select(ThemeEdit).where(
        ThemeEdit.theme_key == key, ThemeEdit.review == PENDING).order_by(ThemeEdit.id)))


def waiting(run: ThemeRun) -> dict[str, int]:
    """theme key -> decisions waiting for review on it, for the run page (current run only)."""
    if not (run.is_current and run.scope == ALL_SCOPE):
        return {}
    out: dict[str, int] = defaultdict(int)
    for key in db.session.scalars(select(ThemeEdit.theme_key).where(ThemeEdit.review == PENDING)):
        out[key] += 1
    return dict(out)


def decide(run: ThemeRun, edit_id: int, use: bool, actor_id: int | None) -> ThemeEdit:
    """The organiser uses an offered decision (it applies now and on every run) or leaves it."""
    if not run.is_current or run.scope != ALL_SCOPE:
        raise curation.CurationError(_(
            "Only the current themes of all notes can be changed. Open the latest all-notes run; "
            "your changes are applied to date-range runs too."
        ))
    with write():
        db.session.refresh(run)
        edit = db.session.get(ThemeEdit, edit_id)
        if edit is None or edit.review != PENDING:
            raise curation.CurationError(_("That suggestion has already been dealt with."))
        if curation.live_theme(run, edit.theme_key) is None:
            raise curation.CurationError(_("That theme is not in the current run."))
        if use:
            edit.review = None
            curation.apply(run, edit)
            if edit.kind == EditKind.RENAME and edit.carried:
                _copy_translations(edit.carried.get("from", ""), edit.theme_key)
            curation.recount(run)
        else:
            edit.review = DISMISSED
        audit.record("theme.carried", actor_id, edit, kind=edit.kind.value, theme_key=edit.theme_key,
                     used=use, carried_from=(edit.carried or {}).get("from"))
    return edit
