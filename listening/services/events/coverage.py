"""Who has been heard where, for choosing where to hold the next session: per ward, whether any
session has been logged and how many people took part. Planners and staff of every organisation see
it, so it leaves the notes' own organisation: the whole map is protected as one table
(disclosure.protect) against every published briefing, as if it were made from the same data as
each (a live map cannot say which it matches), so the city overview's people or sessions minus the
map's wards never pins a small count (docs/disclosure.md)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import Briefing, ListeningSession, Ward
from listening.services import disclosure
from listening.services.core import live_session

ALL = disclosure.ALL

_lock = threading.Lock()
_cache: dict = {"key": None, "value": None}  # the last map: protecting it reads every published version


@dataclass(frozen=True)
class Heard:
    sessions: disclosure.PublishedCount  # 0, "at least 1", or not shown
    people: disclosure.PublishedCount  # people taking part, as it may be shown

    @property
    def gap(self) -> bool:
        """Nobody heard here yet: no session logged at all."""
        return self.sessions.shown is disclosure.Shown.ZERO

    @property
    def withheld(self) -> bool:
        return disclosure.Shown.WITHHELD in (self.sessions.shown, self.people.shown)


def _counts() -> dict[str, tuple[int, int]]:
    """Every active ward: live sessions held and people heard."""
    rows = db.session.execute(
        select(Ward.code, func.count(ListeningSession.id), func.coalesce(func.sum(ListeningSession.participants), 0))
        .outerjoin(ListeningSession, (ListeningSession.ward_id == Ward.id) & live_session())
        .where(Ward.active.is_(True))
        .group_by(Ward.code)
    )
    return {code: (int(sessions), int(people)) for code, sessions, people in rows}


def _published() -> tuple:
    """What the protection depends on besides the counts: the publications and the wards."""
    published = select(func.count(Briefing.id), func.max(Briefing.published_at)).where(Briefing.published_at.is_not(None))
    return (*db.session.execute(published).one(), db.session.scalar(select(func.count(Ward.id))))


def _protect(counts: dict[str, tuple[int, int]]) -> dict[str, Heard]:
    rule = disclosure.rule()
    raw, shown, given = {}, [], {}
    for code, (sessions, people) in counts.items():
        raw[("sessions", code, ALL)], raw[("people", code)] = sessions, people
        shown += [("sessions", code, ALL), ("people", code)]
        given[("sessions", code, ALL)] = disclosure.some(sessions, rule)  # the map says only "any" or "none"
    history = disclosure.history()
    generations = tuple(dict.fromkeys(p.generation for p in history))
    figures = disclosure.protect(raw, shown, rule, disclosure.published_layout(), history=history,
                                 generation="the events planner's map", also_as=generations,
                                 order=len(history) + 1, name="the events planner's map", given=given,
                                 context=[("people", ALL), ("sessions", ALL, ALL)]).figures
    return {code: Heard(figures[("sessions", code, ALL)], figures[("people", code)]) for code in counts}


def heard_by_ward() -> dict[str, Heard]:
    """Every active ward's protected figures, rebuilt when a session or a publication changes them."""
    counts = _counts()
    key = (tuple(sorted(counts.items())), _published(), disclosure.rule())
    with _lock:
        if _cache["key"] == key:
            return _cache["value"]
    value = _protect(counts)
    with _lock:
        _cache["key"], _cache["value"] = key, value
    return value
