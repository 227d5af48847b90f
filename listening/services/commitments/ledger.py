"""Anchors' commitments: the ledger (who may change what, reading, validating, writing), its
timeline and nudges. What briefings and the public page read: summaries.py.

A commitment belongs to one anchor institution; only that institution's anchor members may
change it (anyone else asking to change it gets None, and the caller answers 404). Themes
are named by their stable key, so a commitment survives every new theme run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from listening.domain import OPEN_COMMITMENT_STATUSES, CommitmentStatus, OrgKind, Role, UpdateKind
from listening.extensions import db
from listening.i18n import number as format_number
from listening.models import Commitment, CommitmentTheme, CommitmentUpdate, Organisation, Theme, User, Ward
from listening.models.base import utcnow
from listening.services import themes
from listening.services.core import audit, write

TITLE_MAX = 200
DESCRIPTION_MAX = 4000
OWNER_MAX = 200
NOTE_MAX = 4000
REASON_MAX = 2000
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE = date(2100, 12, 31)


class CommitmentError(ValueError):
    """Bad input for a commitment; `field` names the form or JSON field, the message is safe to show."""
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class CommitmentInput:
    title: str
    description: str = ""
    owner_name: str = ""
    due_on: date | None = None
    status: CommitmentStatus = CommitmentStatus.PROPOSED
    reason: str | None = None
    theme_keys: list[str] = field(default_factory=list)
    ward_ids: list[int] = field(default_factory=list)


@dataclass
class Filters:
    ward_id: int | None = None
    theme_key: str | None = None
    organisation_id: int | None = None
    status: CommitmentStatus | None = None
    overdue: bool = False


# ---- who may do what ------------------------------------------------------------------------


def can_edit(user: User, commitment: Commitment) -> bool:
    """Only the institution's own anchor members change a commitment."""
    return user.role == Role.ANCHOR and commitment.organisation_id == user.organisation_id


def can_create(user: User) -> bool:
    return user.role == Role.ANCHOR


def can_nudge(user: User) -> bool:
    return user.role in (Role.ORGANISER, Role.ADMIN)


def is_overdue(commitment: Commitment, today: date | None = None) -> bool:
    today = today or date.today()
    return (
        commitment.due_on is not None
        and commitment.due_on < today
        and commitment.status in OPEN_COMMITMENT_STATUSES
    )


# ---- reading --------------------------------------------------------------------------------


def get(commitment_id: int) -> Commitment | None:
    return db.session.get(Commitment, commitment_id)


def get_for_edit(user: User, commitment_id: int) -> Commitment | None:
    """The commitment if `user` may change it; None otherwise (answer 404)."""
    commitment = get(commitment_id)
    if commitment is None or not can_edit(user, commitment):
        return None
    return commitment


def search(filters: Filters, today: date | None = None) -> list[Commitment]:
    query = select(Commitment).order_by(Commitment.due_on.is_(None), Commitment.due_on, Commitment.id)
    if filters.ward_id:
        query = query.where(Commitment.wards.any(Ward.id == filters.ward_id))
    if filters.theme_key:
        # A theme that merged or split since the link was made: its commitments moved with it.
        keys = {filters.theme_key, *themes.resolve(filters.theme_key)}
        query = query.where(Commitment.theme_links.any(CommitmentTheme.theme_key.in_(keys)))
    if filters.organisation_id:
        query = query.where(Commitment.organisation_id == filters.organisation_id)
    if filters.status:
        query = query.where(Commitment.status == filters.status)
    if filters.overdue:
        query = query.where(
            Commitment.due_on < (today or date.today()), Commitment.status.in_(list(OPEN_COMMITMENT_STATUSES))
        )
    return list(db.session.scalars(query).unique())


def anchors() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.ANCHOR).order_by(Organisation.name)
    ))


def known_theme_keys(include_hidden: bool = True) -> dict[str, str]:
    """Every theme key any run has found -> its latest label (commitments may outlive a run);
    without the themes hidden in the current run unless `include_hidden`."""
    rows = db.session.execute(
        select(Theme.key, Theme.label).where(Theme.merged_into.is_(None)).order_by(Theme.run_id)
    )
    known = {key: label for key, label in rows}
    if not include_hidden:
        for key in hidden_theme_keys():
            known.pop(key, None)
    return known


def hidden_theme_keys() -> set[str]:
    """Themes the organisers hid in the current run: hidden everywhere but curation, and in the
    commitments that named them before, to those commitments' own anchor (with a note)."""
    run = themes.current_run()
    if run is None:
        return set()
    return set(db.session.scalars(select(Theme.key).where(Theme.run_id == run.id, Theme.hidden.is_(True))))


def current_theme_choices() -> list[tuple[str, str]]:
    """Themes an anchor can choose: the current run's visible themes, by label."""
    run = themes.current_run()
    if run is None:
        return []
    return sorted(((t.key, t.label) for t in themes.themes_of(run, include_hidden=False)), key=lambda kv: kv[1].lower())


def timeline(commitment: Commitment, public_only: bool = False) -> list[CommitmentUpdate]:
    rows = list(commitment.updates)
    if public_only:
        rows = [u for u in rows if u.kind != UpdateKind.NUDGE]
    return rows


# ---- validating -----------------------------------------------------------------------------


def _clean(text: str | None, field_name: str, max_chars: int, too_long: str, enter: str | None = None) -> str:
    """The tidied text; `enter` (the message when it is empty) makes it required."""
    text = (text or "").strip()
    if enter and not text:
        raise CommitmentError(field_name, enter)
    if len(text) > max_chars:
        raise CommitmentError(field_name, too_long)
    return text


def validate(data: CommitmentInput, keep=()) -> CommitmentInput:
    """Check and tidy a commitment; raises CommitmentError naming the first bad field. A hidden
    theme can be kept (`keep`: the themes it already names) but never newly chosen."""
    data.title = _clean(data.title, "title", TITLE_MAX, _("A title must be %(most)s characters or fewer", most=format_number(TITLE_MAX)),
                        enter=_("Enter a title"))
    data.description = _clean(data.description, "description", DESCRIPTION_MAX,
                              _("A description must be %(most)s characters or fewer", most=format_number(DESCRIPTION_MAX)))
    data.owner_name = _clean(data.owner_name, "owner", OWNER_MAX, _("Who owns it must be %(most)s characters or fewer", most=format_number(OWNER_MAX)))
    if data.due_on is not None and not EARLIEST_DUE <= data.due_on <= LATEST_DUE:
        raise CommitmentError("due", _("The due date must be a real date between 2000 and 2100"))
    if data.status == CommitmentStatus.NOT_GOING_AHEAD:
        data.reason = _clean(data.reason, "reason", REASON_MAX,
                             _("The reason it is not going ahead must be %(most)s characters or fewer", most=format_number(REASON_MAX)),
                             enter=_("Enter the reason it is not going ahead"))
    else:
        data.reason = None
    keys = list(dict.fromkeys(k.strip() for k in data.theme_keys if k and k.strip()))
    if not keys:
        raise CommitmentError("themes", _("Choose at least one theme this commitment answers"))
    known = known_theme_keys()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise CommitmentError("themes", _("Unknown theme key: %(key)s", key=unknown[0][:64]))
    # A theme a later run no longer has, that merged or split (lineage): the commitment answers
    # the themes it went into, so it never names a theme that is gone.
    alive = themes.current_keys()
    keys = list(dict.fromkeys(went for k in keys for went in (
        [k] if k in alive else themes.resolve(k, alive) or [k])))
    hidden = [k for k in keys if k in hidden_theme_keys() and k not in keep]
    if hidden:
        raise CommitmentError("themes", _("The theme %(key)s is no longer shown; choose one of the current themes",
                                          key=hidden[0][:64]))
    data.theme_keys = keys
    ward_ids = list(dict.fromkeys(data.ward_ids))
    if not ward_ids:
        raise CommitmentError("wards", _("Choose at least one ward"))
    found = set(db.session.scalars(select(Ward.id).where(Ward.id.in_(ward_ids), Ward.active.is_(True))))
    if set(ward_ids) - found:
        raise CommitmentError("wards", _("One of the wards is not a ward Hark knows"))
    data.ward_ids = ward_ids
    return data


def ward_ids_for_codes(codes: list[str]) -> list[int]:
    """Ward ids for codes; raises CommitmentError('wards') for any code Hark does not know."""
    ids = []
    for code in codes:
        ward = db.session.scalar(select(Ward).where(Ward.code == code.strip().upper(), Ward.active.is_(True)))
        if ward is None:
            raise CommitmentError("wards", _("%(code)s is not a ward code Hark knows; see GET /api/v1/wards", code=repr(code[:20])))
        ids.append(ward.id)
    return ids


# ---- writing --------------------------------------------------------------------------------


def _apply(commitment: Commitment, data: CommitmentInput) -> None:
    commitment.title = data.title
    commitment.description = data.description
    commitment.owner_name = data.owner_name
    commitment.due_on = data.due_on
    commitment.status = data.status
    commitment.reason = data.reason
    commitment.theme_links = [CommitmentTheme(theme_key=k) for k in data.theme_keys]
    commitment.wards = list(db.session.scalars(select(Ward).where(Ward.id.in_(data.ward_ids))))


def create(user: User, data: CommitmentInput) -> Commitment:
    if not can_create(user):
        raise CommitmentError("organisation", _("Only an anchor institution's members record its commitments"))
    data = validate(data)
    with write():
        commitment = Commitment(organisation_id=user.organisation_id, created_by_id=user.id)
        _apply(commitment, data)
        db.session.add(commitment)
        db.session.flush()
        commitment.updates.append(CommitmentUpdate(kind=UpdateKind.CREATED, status=data.status, author_id=user.id))
        audit.record("commitment.created", user.id, commitment, status=data.status.value, wards=len(data.ward_ids),
                     themes=len(data.theme_keys))
    return commitment


def update(user: User, commitment: Commitment, data: CommitmentInput) -> Commitment:
    if not can_edit(user, commitment):
        raise CommitmentError("organisation", _("Only the institution's own members change its commitments"))
    data = validate(data, keep=set(commitment.theme_keys))
    with write():
        db.session.refresh(commitment)
        before = commitment.status
        _apply(commitment, data)
        commitment.updated_at = utcnow()  # its wards or themes alone may change: public pages look here
        if before != data.status:
            commitment.updates.append(CommitmentUpdate(
                kind=UpdateKind.UPDATE, status=data.status, note=data.reason or "", author_id=user.id))
        audit.record("commitment.updated", user.id, commitment, status=data.status.value)
    return commitment


def add_update(user: User, commitment: Commitment, status: CommitmentStatus | None, note: str) -> CommitmentUpdate:
    """A dated timeline entry: a progress note and/or a new status."""
    if not can_edit(user, commitment):
        raise CommitmentError("organisation", _("Only the institution's own members update its commitments"))
    note = _clean(note, "note", NOTE_MAX,
                  _("What has happened must be %(most)s characters or fewer", most=format_number(NOTE_MAX)))
    if not note and (status is None or status == commitment.status):
        raise CommitmentError("note", _("Enter what has happened, or choose a new status"))
    if status == CommitmentStatus.NOT_GOING_AHEAD and not note:
        raise CommitmentError("note", _("Say why it is not going ahead"))
    with write():
        db.session.refresh(commitment)
        entry = CommitmentUpdate(kind=UpdateKind.UPDATE, status=status or commitment.status, note=note, author_id=user.id)
        if status is not None and status != commitment.status:
            commitment.status = status
            commitment.reason = note if status == CommitmentStatus.NOT_GOING_AHEAD else None
        commitment.updated_at = utcnow()
        commitment.updates.append(entry)
        db.session.flush()
        audit.record("commitment.update", user.id, commitment, status=commitment.status.value, entry=entry.id)
    return entry


def nudge(user: User, commitment: Commitment, today: date | None = None) -> CommitmentUpdate:
    """An organiser asks for news on an overdue commitment (a timeline entry and an audit row)."""
    if not can_nudge(user):
        raise CommitmentError("organisation", _("Only organisers nudge commitments"))
    if not is_overdue(commitment, today):
        raise CommitmentError("commitment", _("Only overdue commitments can be nudged"))
    with write():
        db.session.refresh(commitment)
        entry = CommitmentUpdate(kind=UpdateKind.NUDGE, status=commitment.status, author_id=user.id)
        commitment.updates.append(entry)
        commitment.last_nudged_at = utcnow()
        db.session.flush()
        audit.record("commitment.nudge", user.id, commitment, organisation=commitment.organisation_id)
    return entry
