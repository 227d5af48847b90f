"""A mail to the anchor members who serve a ward when its briefing is published: only that a new
briefing exists and the link to it, never a figure or a resident's words (the briefing page
applies the disclosure rules; a mail would escape them).

Sent after the publication has committed: a mail that cannot go never undoes it. Log lines
say how many mails went or failed, never to whom."""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.models import Briefing, Organisation, User, organisation_wards
from listening.services.core import mail

log = logging.getLogger(__name__)


def ward_anchors(ward_id: int) -> list[User]:
    """Active anchor members whose active anchor organisation serves the ward."""
    return list(db.session.scalars(
        select(User)
        .join(Organisation, Organisation.id == User.organisation_id)
        .join(organisation_wards, organisation_wards.c.organisation_id == Organisation.id)
        .where(organisation_wards.c.ward_id == ward_id, User.role == Role.ANCHOR, User.active.is_(True),
               Organisation.kind == OrgKind.ANCHOR, Organisation.active.is_(True))
        .order_by(User.id)
    ))


def briefing_published(briefing: Briefing) -> int:
    """Mail each anchor member serving the briefing's ward; returns how many mails went.
    Never raises: the briefing is already published whatever happens here."""
    if briefing.ward_id is None or not mail.configured():
        return 0
    try:
        link = mail.link("briefings.show", briefing_id=briefing.id)
        ward = briefing.ward.name
        people = ward_anchors(briefing.ward_id)
    except Exception as error:  # the publication stands; say that the notices did not go (the type only)
        log.warning("Briefing %s published; its notices were not sent: %s", briefing.id, type(error).__name__)
        return 0
    sent = failed = 0
    for person in people:
        try:
            mail.send_to(person, "briefing_published", _l("A new briefing for %(ward)s ward", ward=ward),
                         ward=ward, link=link)
            sent += 1
        except Exception:  # one failed mail must not stop the others
            failed += 1
    if failed:
        log.warning("Briefing %s published: %s notice mails sent, %s failed", briefing.id, sent, failed)
    return sent
