"""The event pack: the questions to ask per theme, drafted from the wards' latest briefings."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from listening.models import (
    EngagementEvent,
    Ward,
)
from listening.services import briefings
from listening.services import commitments as commitments_service
from listening.services.events.planning import SIGN_UP_ROWS

# ---- the pack -------------------------------------------------------------------------------


def default_questions(label: str) -> list[str]:
    """The template of plain questions for a theme; organisers edit them per event."""
    return [
        _("When you think about %(theme)s around here, what comes to mind?", theme=label.lower()),
        _("What works well, and what would you keep?"),
        _("If you could change one thing about %(theme)s, what would it be?", theme=label.lower()),
        _("Who else should we talk to about this?"),
    ]


@dataclass
class PackTheme:
    key: str
    label: str
    summary: str | None
    love: int | None
    change: int | None
    questions: list[str]
    quotes: list[dict]  # {"text"} in English, with {"original", "language"} when said in another language
    commitments: list
    threshold: int


@dataclass
class Pack:
    event: EngagementEvent
    wards: list[str]
    themes: list[PackTheme]
    published: list[str]  # ward names with a published briefing
    missing: list[str]  # ward names without one
    sign_up_rows: int = SIGN_UP_ROWS


def _ward_snapshots(event: EngagementEvent) -> list[tuple[Ward, dict | None]]:
    result = []
    for ward in event.wards:
        briefing = briefings.latest_published(ward.code)
        result.append((ward, briefing.snapshot if briefing is not None else None))
    return result


def theme_choices_for(ward_ids: list[int] | None = None) -> list[tuple[str, str]]:
    return commitments_service.current_theme_choices()


def draft_pack(event: EngagementEvent) -> Pack:
    """The pack from the wards' PUBLISHED themes only (suppressed, consented quotes)."""
    snapshots = _ward_snapshots(event)
    rows: dict[str, PackTheme] = {}
    order: list[str] = []
    labels = commitments_service.known_theme_keys()
    hidden = commitments_service.hidden_theme_keys()  # hidden since publication: hidden in the pack too
    for _ward, snap in snapshots:
        if not snap:
            continue
        by_key = {t["key"]: t for t in snap["themes"]}
        keys = event.theme_keys or list(dict.fromkeys(snap.get("top_change", []) + snap.get("top_love", [])))
        for key in keys:
            if key in hidden:
                continue
            t = by_key.get(key)
            if key not in rows:
                label = t["label"] if t else labels.get(key, key)
                rows[key] = PackTheme(key, label, t.get("summary") if t else None, None, None,
                                      list(event.questions.get(key) or default_questions(label)), [], [],
                                      snap.get("threshold", 5))
                order.append(key)
            if t:
                row = rows[key]
                if len(snapshots) == 1:
                    row.love, row.change = t.get("love"), t.get("change")
                for q in t.get("quotes", []):
                    if q["text"] not in [have["text"] for have in row.quotes]:
                        row.quotes.append({k: q[k] for k in ("text", "original", "language") if q.get(k)})
    for key in event.theme_keys:  # chosen themes with no published figures still get questions
        if key not in rows and key not in hidden:
            label = labels.get(key, key)
            rows[key] = PackTheme(key, label, None, None, None,
                                  list(event.questions.get(key) or default_questions(label)), [], [], 5)
            order.append(key)
    seen: dict[str, set] = {}
    for ward in event.wards:
        for key, views in commitments_service.for_ward(ward.id, public_only=True).items():
            if key in rows:
                for v in views:
                    if v.id not in seen.setdefault(key, set()):
                        seen[key].add(v.id)
                        rows[key].commitments.append(v)
    return Pack(
        event=event,
        wards=[w.name for w in event.wards],
        themes=[rows[k] for k in order],
        published=[w.name for w, s in snapshots if s],
        missing=[w.name for w, s in snapshots if not s],
    )
