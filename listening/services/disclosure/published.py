"""Everything currently published, read back as figures: the history `protect` guards against and
what the audit attacks. The only module of this package that reads the database."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from listening.domain import BriefingStatus
from listening.extensions import db
from listening.models import Briefing, Ward
from listening.services.disclosure import attack
from listening.services.disclosure.briefing import FORMATS
from listening.services.disclosure.figures import Rule
from listening.services.disclosure.layout import briefing_layout
from listening.services.disclosure.snapshot import read


def rule() -> Rule:
    return Rule(k=int(current_app.config["SUPPRESSION_THRESHOLD"]),
                base=int(current_app.config.get("DISCLOSURE_ROUNDING_BASE", 5)))


def secret() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode()


def ward_codes() -> tuple[str, ...]:
    return tuple(sorted(db.session.scalars(select(Ward.code))))


def layout():
    return briefing_layout(ward_codes(), FORMATS)


def title(briefing: Briefing) -> str:
    place = f"{briefing.ward.name} ward briefing" if briefing.ward else "City overview"
    return f"{place}, version {briefing.version}"


def _languages(snapshots) -> set[str]:
    return {entry["code"] for s in snapshots for entry in (s.get("heard") or {}).get("languages", [])}


_read: dict = {}  # the latest history read, by which versions it holds: figures only, no words


def publications(exclude_id: int | None = None) -> list[attack.Publication]:
    """Every published briefing version, in the order it was published.

    Read back once per change of what is published (a publication, an erasure scrubbing a
    snapshot), not on every draft built: the versions are listed first, and their snapshots read
    only when the list differs from the last one read."""
    published = (Briefing.status == BriefingStatus.PUBLISHED, Briefing.snapshot.is_not(None))
    listed = [tuple(row) for row in db.session.execute(
        select(Briefing.id, Briefing.updated_at).where(*published).order_by(Briefing.published_at, Briefing.id))
        if row.id != exclude_id]
    wards = ward_codes()
    key = (str(db.engine.url), tuple(listed), wards)
    if _read.get("key") == key:
        return list(_read["publications"])
    ids = [briefing_id for briefing_id, _at in listed]
    by_id = {b.id: b for b in db.session.scalars(select(Briefing).where(Briefing.id.in_(ids)))} if ids else {}
    rows = [by_id[i] for i in ids if i in by_id]
    languages = _languages(b.snapshot for b in rows)
    found = [read(b.snapshot, wards=wards, formats=FORMATS, languages=languages, name=title(b), order=i + 1)
             for i, b in enumerate(rows)]
    if len(rows) == len(ids):
        _read.update(key=key, publications=tuple(found))
    return found


def audit() -> list[attack.Leak]:
    """Every small count the published figures let a reader work out."""
    return attack.leaks(publications(), layout(), rule().k)
