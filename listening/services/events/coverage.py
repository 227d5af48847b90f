"""Who has been heard where, for choosing where to hold the next session: per ward, whether any
session has been logged and how many people took part, the number through disclosure control
(planners and staff of every organisation see it, so it leaves the notes' own organisation)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import ListeningSession, Ward
from listening.services import disclosure
from listening.services.core import live_session


@dataclass(frozen=True)
class Heard:
    sessions: bool  # any session logged here at all (a gap when False)
    people: disclosure.PublishedCount  # people taking part, as it may be shown


def heard_by_ward() -> dict[str, Heard]:
    """Every active ward: sessions held and people heard (live sessions only)."""
    rows = db.session.execute(
        select(Ward.code, func.count(ListeningSession.id), func.coalesce(func.sum(ListeningSession.participants), 0))
        .outerjoin(ListeningSession, (ListeningSession.ward_id == Ward.id) & live_session())
        .where(Ward.active.is_(True))
        .group_by(Ward.code)
    )
    rule = disclosure.rule()
    return {code: Heard(bool(sessions), disclosure.publish(int(people), rule)) for code, sessions, people in rows}
