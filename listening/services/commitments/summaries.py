"""Commitments as readers see them: one commitment's view, per ward and theme (for briefings and the
public page), and the overview's summaries by anchor and by theme."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from listening.domain import CommitmentStatus, UpdateKind
from listening.extensions import db
from listening.models import Commitment, CommitmentUpdate, Ward
from listening.services import themes
from listening.services.commitments.ledger import LATEST_DUE, Filters, anchors, is_overdue, search, timeline

# ---- views for briefings, the overview and the public page ---------------------------------


@dataclass(frozen=True)
class CommitmentView:
    """What a briefing or the public page shows of a commitment: plain values, no rows."""
    id: int
    anchor: str
    title: str
    description: str
    owner: str
    status: str
    due_on: date | None
    overdue: bool
    reason: str | None
    theme_keys: tuple[str, ...]
    ward_codes: tuple[str, ...]
    latest_at: object  # datetime of the latest public timeline entry
    latest_note: str


def view(commitment: Commitment, today: date | None = None) -> CommitmentView:
    public = timeline(commitment, public_only=True)
    latest = next((u for u in public if u.note), public[0] if public else None)
    return CommitmentView(
        id=commitment.id,
        anchor=commitment.organisation.name,
        title=commitment.title,
        description=commitment.description or "",
        owner=commitment.owner_name or "",
        status=commitment.status.value,
        due_on=commitment.due_on,
        overdue=is_overdue(commitment, today),
        reason=commitment.reason,
        theme_keys=tuple(commitment.theme_keys),
        ward_codes=tuple(w.code for w in commitment.wards),
        latest_at=latest.at if latest else commitment.created_at,
        latest_note=latest.note if latest else "",
    )


def for_ward(ward_id: int, public_only: bool = False) -> dict[str, list[CommitmentView]]:
    """theme key -> what each anchor has committed in this ward (by anchor, then due date).

    public_only leaves out proposals, which are not yet commitments a resident can hold anyone to.
    """
    result: dict[str, list[CommitmentView]] = defaultdict(list)
    for commitment in search(Filters(ward_id=ward_id)):
        if public_only and commitment.status == CommitmentStatus.PROPOSED:
            continue
        v = view(commitment)
        for key in v.theme_keys:
            result[key].append(v)
    for views in result.values():
        views.sort(key=lambda v: (v.anchor.lower(), v.due_on or LATEST_DUE, v.id))
    return dict(result)


def for_ward_code(code: str | None, public_only: bool = False) -> dict[str, list[CommitmentView]]:
    """As for_ward, by ward code; code None (the city) gives every commitment by theme."""
    if code is None:
        result: dict[str, list[CommitmentView]] = defaultdict(list)
        for commitment in search(Filters()):
            if public_only and commitment.status == CommitmentStatus.PROPOSED:
                continue
            v = view(commitment)
            for key in v.theme_keys:
                result[key].append(v)
        return dict(result)
    ward = db.session.scalar(select(Ward).where(Ward.code == code))
    return for_ward(ward.id, public_only) if ward else {}


def for_published(keys: list[str], by_theme: dict[str, list[CommitmentView]]) -> dict[str, list[CommitmentView]]:
    """What is being done about each theme a published page names (`keys`), from `by_theme`
    (for_ward / for_ward_code). A theme that has merged or split since handed its commitments to
    the themes it went into (lineage): the page still shows them under the theme it published."""
    alive = themes.current_keys()
    out: dict[str, list[CommitmentView]] = {}
    for key in keys:
        views, seen = [], set()
        for k in (key, *themes.resolve(key, alive)):
            for v in by_theme.get(k, []):
                if v.id not in seen:
                    seen.add(v.id)
                    views.append(v)
        out[key] = views
    return out


@dataclass
class AnchorSummary:
    anchor: str
    organisation_id: int
    counts: dict[str, int]  # status -> commitments
    overdue: int
    total: int


def summary_by_anchor(today: date | None = None) -> list[AnchorSummary]:
    """Commitments per anchor institution, by status, with how many are overdue."""
    rows = {o.id: AnchorSummary(o.name, o.id, {s.value: 0 for s in CommitmentStatus}, 0, 0) for o in anchors()}
    for commitment in search(Filters()):
        row = rows.setdefault(
            commitment.organisation_id,
            AnchorSummary(commitment.organisation.name, commitment.organisation_id,
                          {s.value: 0 for s in CommitmentStatus}, 0, 0),
        )
        row.counts[commitment.status.value] += 1
        row.total += 1
        row.overdue += is_overdue(commitment, today)
    return sorted(rows.values(), key=lambda r: (-r.total, r.anchor.lower()))


def summary_by_theme() -> dict[str, dict[str, int]]:
    """theme key -> status -> commitments."""
    result: dict[str, dict[str, int]] = defaultdict(lambda: {s.value: 0 for s in CommitmentStatus})
    for commitment in search(Filters()):
        for key in commitment.theme_keys:
            result[key][commitment.status.value] += 1
    return dict(result)


def themes_without_commitment(snapshot_themes: list[dict], min_voices: int = 10) -> list[dict]:
    """Themes from a (suppressed) briefing snapshot with many voices and no live commitment.

    "Many voices" counts only figures the snapshot shows, so nothing suppressed is used.
    """
    committed = {
        key
        for key, views in for_ward_code(None).items()
        if any(v.status != CommitmentStatus.NOT_GOING_AHEAD.value for v in views)
    }
    result = []
    alive = themes.current_keys()
    for row in snapshot_themes:
        voices = _shown_number(row.get("love")) + _shown_number(row.get("change"))
        # A published theme that merged or split since answers to where it went (lineage).
        keys = {row["key"], *themes.resolve(row["key"], alive)}
        if not keys & committed and voices >= min_voices:
            result.append({"key": row["key"], "label": row["label"], "love": row.get("love"),
                           "change": row.get("change"), "voices": voices})
    return sorted(result, key=lambda r: -r["voices"])


def _shown_number(value) -> int:
    """A snapshot figure as a number: "<5" (fewer than k) and null (not shown) count as nothing."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def recent_public_updates(ward_id: int, limit: int = 10) -> list[tuple[CommitmentView, CommitmentUpdate]]:
    """What has changed lately in a ward: public timeline entries, newest first."""
    pairs = []
    for commitment in search(Filters(ward_id=ward_id)):
        if commitment.status == CommitmentStatus.PROPOSED:
            continue
        v = view(commitment)
        for entry in timeline(commitment, public_only=True):
            if entry.kind == UpdateKind.UPDATE:
                pairs.append((v, entry))
    pairs.sort(key=lambda p: (p[1].at, p[1].id), reverse=True)
    return pairs[:limit]
