"""Build a briefing's snapshot from plain facts: pure functions, no database.

Suppression happens here, once: every count below the threshold becomes None (shown as
"fewer than 5", or "<5" in the API), a share is only given beside a shown count, and a
quote only comes from a note whose resident consented to quoting, of the kind (love or
change) of the list it sits in, where that kind's count is big enough to show. The snapshot is exactly what a briefing shows, so a published one never changes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = ("love", "change")
TOP = 5  # themes in each of the love and change lists
QUOTES_PER_KIND = 2  # quotes beside a theme in the love list, and again in the change list
MATRIX_THEMES = 12
FEW_NOTES = 30  # below this a ward's briefing carries a caveat


@dataclass(frozen=True)
class ThemeFact:
    key: str
    label: str
    summary: str | None
    quote_ids: tuple[int, ...] = ()  # the model's suggestions, preferred when consented


@dataclass(frozen=True)
class QuoteFact:
    theme_key: str
    ward: str
    note_id: int
    text: str
    consent: str
    kind: str  # love or change: a quote only appears in its own list
    score: float
    session_id: int
    provisional: bool = False  # placed by the saved model since the last run


@dataclass(frozen=True)
class SessionFact:
    ward: str
    organisation: str
    format: str
    participants: int
    languages: tuple[str, ...]


@dataclass
class Facts:
    run_id: int | None
    wards: dict[str, str]  # code -> name
    themes: list[ThemeFact]
    counts: dict[tuple[str, str, str], int]  # (theme key, ward code, kind) -> distinct notes
    totals: dict[tuple[str, str], int]  # (ward code, kind) -> notes
    quotes: list[QuoteFact] = field(default_factory=list)
    sessions: list[SessionFact] = field(default_factory=list)
    provisional: dict[str, int] = field(default_factory=dict)  # ward code -> notes with provisional themes


def shown(n: int | None, threshold: int) -> int | None:
    """A count as it may be shown: itself when at least the threshold, else None."""
    if n is None or n < threshold:
        return None
    return int(n)


def safe_total(parts: tuple[int, ...], threshold: int) -> int | None:
    """A total shown only when no part of it is a small number, so it cannot be differenced."""
    if any(0 < n < threshold for n in parts):
        return None
    return shown(sum(parts), threshold)


def _share(n: int | None, total: int | None) -> float | None:
    if n is None or not total:
        return None
    return round(100.0 * n / total, 1)


def _sum(facts: Facts, key: str, kind: str, wards: list[str] | None) -> int:
    if wards is None:
        return sum(n for (k, _w, kd), n in facts.counts.items() if k == key and kd == kind)
    return sum(facts.counts.get((key, w, kind), 0) for w in wards)


def _total(facts: Facts, kind: str, wards: list[str] | None) -> int:
    return sum(n for (w, kd), n in facts.totals.items() if kd == kind and (wards is None or w in wards))


_FILLER = frozenset(["honestly", "really", "just", "i", "think", "for", "me", "to", "be", "honest", "well", "so", "the", "a", "an", "and", "of"])


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _FILLER)


def _too_similar(text: str, chosen: list) -> bool:
    """Two notes saying the same words (a retyped note, "Honestly, ..." before the same
    sentence) are one voice: a briefing never shows both."""
    words = _words(text)
    for other in chosen:
        theirs = _words(other.text)
        if words and theirs and len(words & theirs) / len(words | theirs) >= 0.6:
            return True
    return False


def _quotes(facts: Facts, theme: ThemeFact, kind: str, wards: list[str] | None) -> list[dict]:
    """Up to QUOTES_PER_KIND consented quotes of one kind (love or change) for a theme in a place."""
    preferred = {note_id: i for i, note_id in enumerate(theme.quote_ids)}
    pool = [
        q
        for q in facts.quotes
        if q.theme_key == theme.key and q.kind == kind and q.consent == "quote"
        and (wards is None or q.ward in wards) and q.text.strip()
    ]
    # Settled placements first, then the model's suggestions, then the best fit.
    pool.sort(key=lambda q: (q.provisional, preferred.get(q.note_id, len(preferred)), -q.score, q.note_id))
    chosen, sessions = [], set()
    for q in pool:  # one quote per session first, so the voices differ
        if len(chosen) == QUOTES_PER_KIND:
            break
        if q.session_id not in sessions and not _too_similar(q.text, chosen):
            chosen.append(q)
            sessions.add(q.session_id)
    for q in pool:
        if len(chosen) == QUOTES_PER_KIND:
            break
        if q not in chosen and not _too_similar(q.text, chosen):
            chosen.append(q)
    return [{"text": q.text, "note_id": q.note_id, "kind": kind} for q in chosen]


def _previous_shares(previous: dict | None) -> dict[str, dict]:
    if not previous:
        return {}
    return {t["key"]: t for t in previous.get("themes", [])}


def _theme_rows(facts: Facts, wards: list[str] | None, threshold: int, previous: dict | None) -> list[dict]:
    totals = {kind: _total(facts, kind, wards) for kind in KINDS}
    city_totals = {kind: _total(facts, kind, None) for kind in KINDS}
    before = _previous_shares(previous)
    rows = []
    for theme in facts.themes:
        row = {"key": theme.key, "label": theme.label, "summary": theme.summary}
        raw = {}
        for kind in KINDS:
            raw[kind] = _sum(facts, theme.key, kind, wards)
            count = shown(raw[kind], threshold)
            row[kind] = count
            row[f"{kind}_share"] = _share(count, totals[kind])
            city = shown(_sum(facts, theme.key, kind, None), threshold)
            row[f"city_{kind}"] = city
            row[f"city_{kind}_share"] = _share(city, city_totals[kind])
            earlier = before.get(theme.key, {}).get(f"{kind}_share")
            now = row[f"{kind}_share"]
            row[f"{kind}_delta"] = round(now - earlier, 1) if now is not None and earlier is not None else None
        row["_rank"] = raw  # removed before storing; only orders the lists
        for kind in KINDS:  # quotes of a kind only where that kind's count here is shown
            row[f"{kind}_quotes"] = _quotes(facts, theme, kind, wards) if row[kind] is not None else []
        row["quotes"] = row["love_quotes"] + row["change_quotes"]  # both kinds, for readers of either
        rows.append(row)
    return rows


def _top(rows: list[dict], kind: str) -> list[str]:
    # Order by shown counts only, so the order never reveals anything about a suppressed count.
    ranked = [r for r in rows if r["_rank"][kind] > 0]
    ranked.sort(key=lambda r: (-(r[kind] or 0), r["label"].lower()))
    return [r["key"] for r in ranked[:TOP]]


def _heard(facts: Facts, wards: list[str] | None, threshold: int) -> dict:
    sessions = [s for s in facts.sessions if wards is None or s.ward in wards]
    formats = Counter(s.format for s in sessions)
    languages = Counter(lang for s in sessions for lang in s.languages)
    return {
        "sessions": len(sessions),
        "people": shown(sum(s.participants for s in sessions), threshold),
        "organisations": sorted({s.organisation for s in sessions}),
        "formats": [{"name": k, "sessions": n} for k, n in sorted(formats.items())],
        "languages": [{"code": k, "sessions": n} for k, n in sorted(languages.items())],
    }


def _caveats(notes_total: int, heard: dict, threshold: int, provisional: int = 0) -> list[dict]:
    caveats = []
    if notes_total < threshold:
        caveats.append({"code": "too_few"})
    elif notes_total < FEW_NOTES:
        caveats.append({"code": "few_notes", "n": notes_total})
    if heard["sessions"] == 1:
        caveats.append({"code": "one_session"})
    if len(heard["organisations"]) == 1:
        caveats.append({"code": "one_organisation"})
    if provisional:  # no number: it could be a small one
        caveats.append({"code": "provisional"})
    return caveats


def _finish(rows: list[dict]) -> list[dict]:
    for row in rows:
        row.pop("_rank", None)
    return rows


def build(facts: Facts, *, ward: str | None, threshold: int, summary: str | None, previous: dict | None) -> dict:
    """The snapshot of a ward briefing (ward=code) or the city overview (ward=None)."""
    wards = [ward] if ward else None
    rows = _theme_rows(facts, wards, threshold, previous)
    totals = {kind: _total(facts, kind, wards) for kind in KINDS}
    heard = _heard(facts, wards, threshold)
    notes_total = totals["love"] + totals["change"]
    snapshot = {
        "scope": "ward" if ward else "city",
        "ward": {"code": ward, "name": facts.wards.get(ward, ward)} if ward else None,
        "run_id": facts.run_id,
        "threshold": threshold,
        "summary": summary or "",
        "notes": {
            "total": safe_total((totals["love"], totals["change"]), threshold),
            "love": shown(totals["love"], threshold),
            "change": shown(totals["change"], threshold),
        },
        "top_love": _top(rows, "love"),
        "top_change": _top(rows, "change"),
        "heard": heard,
        "caveats": _caveats(
            notes_total, heard, threshold, sum(n for w, n in facts.provisional.items() if wards is None or w in wards)
        ),
        "previous_version": previous.get("version") if previous else None,
    }
    if ward is None:
        snapshot["matrix"] = _matrix(facts, rows, threshold)
    snapshot["themes"] = _finish(rows)
    return snapshot


def _matrix(facts: Facts, rows: list[dict], threshold: int) -> dict:
    """Ward × theme: notes carrying each theme in each ward (love and change together)."""
    size = defaultdict(int)
    for (key, _ward, _kind), n in facts.counts.items():
        size[key] += n
    keys = [r["key"] for r in sorted(rows, key=lambda r: (-size[r["key"]], r["label"].lower()))][:MATRIX_THEMES]
    table = []
    for code, name in sorted(facts.wards.items(), key=lambda item: item[1]):
        cells = {}
        for key in keys:
            love, change = (facts.counts.get((key, code, kind), 0) for kind in KINDS)
            cells[key] = safe_total((love, change), threshold)
        parts = tuple(facts.totals.get((code, kind), 0) for kind in KINDS)
        if sum(parts):
            table.append({"code": code, "name": name, "notes": safe_total(parts, threshold), "cells": cells})
    return {"themes": keys, "wards": table}
