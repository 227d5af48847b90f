"""The public "you said, we did" ward page: only what a PUBLISHED ward briefing shows (already
suppressed, consented and redacted quotes only) plus commitments that are under way or finished.

Nothing here computes a figure of its own: every count is the snapshot's published figure, written
by the one formatter (`|figure(page.published)`), and no total is made by adding counts together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from listening.domain import BriefingScope, BriefingStatus
from listening.extensions import db
from listening.models import (
    Briefing,
    Commitment,
    CommitmentUpdate,
    Organisation,
    ThemeEdit,
    ThemeRun,
    ThemeTranslation,
    Ward,
    WardBoundary,
)
from listening.services import briefings, themes
from listening.services import commitments as commitments_service


@dataclass
class PublicTheme:
    key: str
    label: str
    summary: str | None
    count: int | str | None  # the published figure, as the snapshot stores it
    quotes: list[dict]  # {"text"} in English; and {"original", "language"} when said in another language
    commitments: list = field(default_factory=list)
    label_lang: str = "en"  # "en" unless an organiser gave the name in the page's language
    summary_lang: str = "en"


@dataclass
class WardPage:
    code: str
    name: str
    published_at: datetime | None
    threshold: int
    summary: str
    notes_total: int | str | None  # the published figure
    published: dict  # the snapshot's threshold and disclosure rule, for the formatter
    love: list[PublicTheme]
    change: list[PublicTheme]
    other_commitments: list
    updates: list
    few_notes: bool


def published_wards() -> list[tuple[str, str, datetime | None]]:
    """(code, name, latest publication) of every ward with a published briefing, by name."""
    rows = db.session.execute(
        select(Ward.code, Ward.name, func.max(Briefing.published_at))
        .join(Briefing, Briefing.ward_id == Ward.id)
        .where(Briefing.scope == BriefingScope.WARD, Briefing.status == BriefingStatus.PUBLISHED,
               Briefing.snapshot.is_not(None))
        .group_by(Ward.code, Ward.name)
        .order_by(Ward.name)
    )
    return [(code, name, at) for code, name, at in rows]


def version() -> tuple:
    """Names everything a ward page is drawn from, so a page drawn once can be shown again while
    this is unchanged: the briefings (published, and scrubbed when a quoted note is erased), the
    commitments, their timeline and institutions, theme runs and curation (which theme a published
    key stands for today), theme names in other languages, the wards and their boundaries, and the
    date. Each part is a count and a latest change, in one query."""
    def both(count, latest):
        return select(func.count(count)).scalar_subquery(), select(func.max(latest)).scalar_subquery()

    row = db.session.execute(select(
        *both(Briefing.id, Briefing.updated_at),
        *both(Commitment.id, Commitment.updated_at),
        *both(CommitmentUpdate.id, CommitmentUpdate.id),
        *both(Organisation.id, Organisation.updated_at),
        *both(ThemeRun.id, ThemeRun.updated_at),
        *both(ThemeEdit.id, ThemeEdit.id),
        *both(ThemeTranslation.id, ThemeTranslation.updated_at),
        *both(Ward.id, Ward.updated_at),
        *both(WardBoundary.id, WardBoundary.updated_at),
    )).one()
    return (date.today().isoformat(), *(str(v) for v in row))


def _themes(snapshot: dict, kind: str, shown: dict, translated: dict) -> list[PublicTheme]:
    by_key = {t["key"]: t for t in snapshot.get("themes", [])}
    result = []
    for key in snapshot.get(f"top_{kind}", []):
        row = by_key.get(key)
        if row is None:
            continue
        words = themes.translations.shown(row["label"], row.get("summary"), translated.get(key))
        result.append(PublicTheme(
            key=key,
            label=words.label,
            summary=words.summary,
            label_lang=words.language,
            summary_lang=words.summary_language,
            count=row.get(kind),
            quotes=[q for q in row.get(f"{kind}_quotes", row.get("quotes", [])) if q.get("text")],
            commitments=shown.get(key, []),
        ))
    return result


def ward_page(code: str, language: str = "en") -> WardPage | None:
    ward = db.session.scalar(select(Ward).where(Ward.code == code.strip().upper(), Ward.active.is_(True)))
    if ward is None:
        return None
    briefing = briefings.latest_published(ward.code)
    if briefing is None or not briefing.snapshot:
        return None
    snapshot = briefing.snapshot
    by_theme = commitments_service.for_ward(ward.id, public_only=True)
    keys = list(dict.fromkeys(snapshot.get("top_love", []) + snapshot.get("top_change", [])))
    # A theme that merged or split since it was published keeps what is being done about it.
    shown = commitments_service.for_published(keys, by_theme)
    translated = themes.translations.for_language(keys, language)
    love = _themes(snapshot, "love", shown, translated)
    change = _themes(snapshot, "change", shown, translated)
    seen = {c.id for t in love + change for c in t.commitments}
    other = []
    for views in by_theme.values():
        for v in views:
            if v.id not in seen:
                seen.add(v.id)
                other.append(v)
    notes = snapshot.get("notes", {})
    total = notes.get("total")
    return WardPage(
        code=ward.code,
        name=ward.name,
        published_at=briefings.published_at(briefing),
        threshold=int(snapshot.get("threshold", 5)),
        summary=snapshot.get("summary") or "",
        notes_total=total,
        published={"threshold": snapshot.get("threshold", 5), "disclosure": snapshot.get("disclosure")},
        love=love,
        change=change,
        other_commitments=other,
        updates=commitments_service.recent_public_updates(ward.id),
        few_notes=any(c.get("code") in ("too_few", "few_notes") for c in snapshot.get("caveats", [])),
    )
