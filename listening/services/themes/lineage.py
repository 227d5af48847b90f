"""Where a theme went: the lineage a run of all notes records for themes it no longer finds
(merged into one theme, or split into several), kept so that everything that names a theme by
its key — commitments, events, curation edits, published ward pages, links — can follow it.

A date-range run looks at part of the notes only: a city theme it does not find is not gone, so
only runs of all notes record lineage or move anything along it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from listening.extensions import db
from listening.models import Theme, ThemeLineage, ThemeRun
from listening.services.themes.queries import ALL_SCOPE, current_run

MAX_STEPS = 20  # a chain longer than this is cut (runs cannot make a cycle, but never loop)


def record(run: ThemeRun, lineage: dict[str, dict], alive: set[str]) -> list[ThemeLineage]:
    """Store the run's lineage for keys that are gone and went somewhere that exists. Inside the
    caller's write(), before the run becomes current (the old names are read from the run it
    replaces)."""
    if run.scope != ALL_SCOPE:
        return []
    before = current_run()
    labels = {}
    if before is not None:
        labels = dict(db.session.execute(select(Theme.key, Theme.label).where(Theme.run_id == before.id)).all())
    rows = []
    for old_key, entry in lineage.items():
        into = [key for key in entry["into"] if key in alive]
        if not into or old_key in alive:
            continue
        row = ThemeLineage(run_id=run.id, old_key=old_key, old_label=labels.get(old_key, old_key)[:200],
                           how="merged" if len(into) == 1 else "split", into=into)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def _latest(key: str) -> ThemeLineage | None:
    return db.session.scalar(
        select(ThemeLineage).where(ThemeLineage.old_key == key).order_by(ThemeLineage.run_id.desc(), ThemeLineage.id)
    )


def current_keys() -> dict[str, str | None]:
    """The current run's theme keys -> the key a person merged it into (None: it stands alone)."""
    run = current_run()
    if run is None:
        return {}
    return dict(db.session.execute(select(Theme.key, Theme.merged_into).where(Theme.run_id == run.id)).all())


def resolve(key: str, alive: dict[str, str | None] | None = None) -> list[str]:
    """The keys of the current themes a key stands for today: itself while it is alive, the
    theme a person merged it into, else where its lineage leads (several when it split). []
    when it went nowhere known. `alive`: current_keys(), when the caller resolves many keys."""
    alive = current_keys() if alive is None else alive
    found: list[str] = []
    todo, seen = [key], set()
    while todo and len(seen) < MAX_STEPS:
        step = todo.pop(0)
        if step in seen:
            continue
        seen.add(step)
        if step in alive:
            if alive[step]:
                todo.append(alive[step])
            else:
                found.append(step)
            continue
        row = _latest(step)
        if row is not None:
            todo.extend(row.into)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class WentTo:
    key: str  # the key asked about
    label: str  # its name when it was last seen
    how: str  # "merged" or "split"
    into: list[Theme]  # the current themes it went into


def where_it_went(key: str) -> WentTo | None:
    """For a key the current run does not have: what it was called and the themes it went into."""
    run = current_run()
    row = _latest(key)
    if run is None or row is None:
        return None
    keys = resolve(key)
    if not keys:
        return None
    by_key = {t.key: t for t in db.session.scalars(select(Theme).where(Theme.run_id == run.id, Theme.key.in_(keys)))}
    into = [by_key[k] for k in keys if k in by_key]
    return WentTo(key, row.old_label or key, "merged" if len(into) == 1 else "split", into)


def records_of(run: ThemeRun) -> list[ThemeLineage]:
    return list(db.session.scalars(select(ThemeLineage).where(ThemeLineage.run_id == run.id).order_by(ThemeLineage.id)))
