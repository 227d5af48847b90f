"""The daily mail to anchor members about their own institution's commitments whose update is
due today or overdue: the titles and a link to the ledger, at most one mail a day per person
(an audit row per mail marks that the day's has gone). Log lines hold counts, never addresses."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from listening.domain import OPEN_COMMITMENT_STATUSES, OrgKind, Role
from listening.extensions import db
from listening.models import AuditEvent, Commitment, Organisation, User
from listening.models.base import utcnow
from listening.services.core import audit, mail, write

log = logging.getLogger(__name__)
ACTION = "commitment.digest"


def due_by_organisation(today: date) -> dict[int, list[Commitment]]:
    """Open commitments due on or before today, by their anchor organisation (active ones only)."""
    rows = db.session.scalars(
        select(Commitment)
        .join(Organisation, Organisation.id == Commitment.organisation_id)
        .where(Commitment.due_on <= today, Commitment.status.in_(list(OPEN_COMMITMENT_STATUSES)),
               Organisation.kind == OrgKind.ANCHOR, Organisation.active.is_(True))
        .order_by(Commitment.due_on, Commitment.title, Commitment.id)
    )
    grouped: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in rows:
        grouped[commitment.organisation_id].append(commitment)
    return grouped


def _mailed_on(day: date) -> set[int]:
    """Who has had the mail for this day already (audit rows of the last two days, by the day
    they were for)."""
    recent = db.session.execute(
        select(AuditEvent.actor_id, AuditEvent.details)
        .where(AuditEvent.action == ACTION, AuditEvent.at >= utcnow() - timedelta(days=2)))
    return {actor_id for actor_id, details in recent if (details or {}).get("day") == day.isoformat()}


def send_due_digests(today: date | None = None) -> int:
    """Mail each active anchor member whose institution has commitments due or overdue; returns
    how many mails went. A person already mailed today is skipped."""
    if not mail.configured():
        return 0
    today = today or datetime.now(UTC).date()
    due = due_by_organisation(today)
    if not due:
        return 0
    link = mail.link("commitments.index")
    done = _mailed_on(today)
    people = db.session.scalars(
        select(User).where(User.organisation_id.in_(list(due)), User.role == Role.ANCHOR, User.active.is_(True))
        .order_by(User.id))
    sent = failed = 0
    for person in people:
        if person.id in done:
            continue
        items = due[person.organisation_id]
        try:
            mail.send_to(person, "commitments_due", _l("Commitments with an update due"),
                         overdue=[c.title for c in items if c.due_on < today],
                         due_today=[c.title for c in items if c.due_on == today], link=link)
        except Exception:  # one failed mail must not stop the others
            failed += 1
            continue
        with write():
            audit.record(ACTION, person.id, None, day=today.isoformat(), commitments=len(items))
        sent += 1
    if failed:
        log.warning("Commitment digests: %s sent, %s failed", sent, failed)
    return sent
