"""Build a briefing's snapshot from plain facts: pure functions, no database.

Every count becomes a published figure here, once, through the disclosure area (rounded to 5,
"fewer than 5", or "not shown" to protect another figure, checked against everything already
published; docs/disclosure.md). Shares, orders and caveats are made from those figures only, and a
quote only comes from a note whose resident consented to quoting, of the kind (love or change) of
the list it sits in, beside a shown number of that kind. The snapshot is exactly what a briefing
shows, so a published one never changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from listening.services import disclosure
from listening.services.disclosure import ALL, FORMATS, Shown

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
    original: str | None = None  # said in another language: its words, redacted (text is the English)
    language: str = "en"


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
    # (reason, ward code) -> notes in no theme: "ungrouped" (not yet grouped), "untranslated" (needs a
    # translation). They are in the totals too: a briefing says how many, never drops them.
    unthemed: dict[tuple[str, str], int] = field(default_factory=dict)


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


def _candidates(facts: Facts) -> dict[tuple[str, str], list[QuoteFact]]:
    """Consented quote candidates by (theme, kind), in the order gathered: read once per build, not
    once per theme and kind (a city holds tens of thousands)."""
    found: dict[tuple[str, str], list[QuoteFact]] = defaultdict(list)
    for q in facts.quotes:
        if q.consent == "quote" and q.text.strip():
            found[(q.theme_key, q.kind)].append(q)
    return found


def _quotes(candidates: dict, theme: ThemeFact, kind: str, wards: list[str] | None) -> list[dict]:
    """Up to QUOTES_PER_KIND consented quotes of one kind (love or change) for a theme in a place."""
    preferred = {note_id: i for i, note_id in enumerate(theme.quote_ids)}
    pool = [q for q in candidates.get((theme.key, kind), ()) if wards is None or q.ward in wards]
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
    # A note said in another language is quoted in its own words too, with the English beside them.
    return [{"text": q.text, "note_id": q.note_id, "kind": kind,
             **({"original": q.original, "language": q.language} if q.original else {})} for q in chosen]


def _previous_shares(previous: dict | None) -> dict[str, dict]:
    if not previous:
        return {}
    return {t["key"]: t for t in previous.get("themes", [])}


def _delta(now, earlier):
    return round(now - earlier, 1) if now is not None and earlier is not None else None


def _theme_rows(facts: Facts, figures: dict, place: str, previous: dict | None) -> list[dict]:
    """Each theme's figures here (and in the city, for a ward), shares from published figures only."""
    before = _previous_shares(previous)
    candidates = _candidates(facts)
    notes = {kind: figures[("notes", place, kind)] for kind in KINDS}
    city_notes = {kind: figures.get(("notes", ALL, kind), notes[kind]) for kind in KINDS}
    rows = []
    for theme in facts.themes:
        row = {"key": theme.key, "label": theme.label, "summary": theme.summary}
        shown = {}
        for kind in KINDS:
            here = shown[kind] = figures[("theme", theme.key, place, kind)]
            city = figures.get(("theme", theme.key, ALL, kind), here)
            row[kind] = here.machine
            row[f"{kind}_share"] = disclosure.share(here, notes[kind])
            row[f"city_{kind}"] = city.machine
            row[f"city_{kind}_share"] = disclosure.share(city, city_notes[kind])
            row[f"{kind}_delta"] = _delta(row[f"{kind}_share"], before.get(theme.key, {}).get(f"{kind}_share"))
        row["city_size"] = figures[("theme", theme.key, ALL, ALL)].machine  # for the API's theme list
        row["_figures"] = shown  # removed before storing; only orders the lists
        # Quotes of a kind only beside a shown number of that kind here: a quote says "k or more".
        wards = None if place == ALL else [place]
        for kind in KINDS:
            row[f"{kind}_quotes"] = _quotes(candidates, theme, kind, wards) if shown[kind].shown is Shown.ROUNDED else []
        row["quotes"] = row["love_quotes"] + row["change_quotes"]  # both kinds, for readers of either
        rows.append(row)
    return rows


def _top(rows: list[dict], kind: str) -> list[str]:
    # Only themes whose count here is published as a number (it reaches the threshold): a top list
    # of 1-4 notes means nothing and could point at someone. Ordered by published figures only,
    # so the order never reveals more than the figures do.
    ranked = [r for r in rows if r["_figures"][kind].shown is Shown.ROUNDED]
    ranked.sort(key=lambda r: (r["_figures"][kind].sort_key(), r["label"].lower()))
    return [r["key"] for r in ranked[:TOP]]


def _heard(facts: Facts, counts, figures: dict, place: str) -> dict:
    wards = None if place == ALL else [place]
    sessions = [s for s in facts.sessions if wards is None or s.ward in wards]
    return {
        "sessions": figures[("sessions", place, ALL)].machine,
        "people": figures[("people", place)].machine,
        "organisations": sorted({s.organisation for s in sessions}),
        "formats": [{"name": f, "sessions": figures[("sessions", place, f)].machine} for f in counts.formats
                    if figures[("sessions", place, f)].shown is not Shown.ZERO],
        "languages": [{"code": c, "sessions": figures[("language", place, c)].machine} for c in counts.languages
                      if figures[("language", place, c)].shown is not Shown.ZERO],
    }


def _caveats(figures: dict, place: str, heard: dict, provisional: int = 0) -> list[dict]:
    """Caveats read the published figures, never the raw counts ("fewer than 5 sessions", not "one")."""
    caveats = []
    total = figures[("notes", place, ALL)]
    if total.shown in (Shown.ZERO, Shown.SMALL):
        caveats.append({"code": "too_few"})
    elif total.value is not None and total.value < FEW_NOTES:
        caveats.append({"code": "few_notes"})
    if figures[("sessions", place, ALL)].shown is Shown.SMALL:
        caveats.append({"code": "few_sessions"})
    if len(heard["organisations"]) == 1:
        caveats.append({"code": "one_organisation"})
    if provisional:  # no number: it could be a small one
        caveats.append({"code": "provisional"})
    return caveats


def _finish(rows: list[dict]) -> list[dict]:
    for row in rows:
        row.pop("_figures", None)
    return rows


def _matrix_themes(facts: Facts, rule) -> list[str]:
    """The table's themes: the largest by their rounded city size, then by label."""
    size = defaultdict(int)
    for (key, _ward, _kind), n in facts.counts.items():
        size[key] += n
    ranked = sorted(facts.themes, key=lambda t: (disclosure.publish(size[t.key], rule).sort_key(), t.label.lower()))
    return [t.key for t in ranked[:MATRIX_THEMES]]


def build(facts: Facts, *, ward: str | None, summary: str | None, previous: dict | None, threshold: int | None = None,
          rule=None, history=(), secret: bytes = b"", name: str | None = None) -> dict:
    """The snapshot of a ward briefing (ward=code) or the city overview (ward=None), its figures
    protected against everything in `history` (the publications already made)."""
    rule = rule or disclosure.Rule(k=threshold or 5)
    place = ward or ALL
    counts = disclosure.counts_from_facts(facts, FORMATS)
    matrix_themes = _matrix_themes(facts, rule) if ward is None else []
    generation = disclosure.generation(counts, secret)
    protected = disclosure.protect_briefing(
        counts, ward, matrix_themes, rule, history=list(history), generation=generation, order=len(history) + 1,
        name=name or (f"{ward} briefing" if ward else "City overview"))
    figures = protected.figures
    rows = _theme_rows(facts, figures, place, previous)
    heard = _heard(facts, counts, figures, place)
    snapshot = {
        "scope": "ward" if ward else "city",
        "ward": {"code": ward, "name": facts.wards.get(ward, ward)} if ward else None,
        "run_id": facts.run_id,
        "threshold": rule.k,
        "disclosure": {"k": rule.k, "base": rule.base, "generation": generation, "withheld": len(protected.withheld)},
        "summary": summary or "",
        "notes": {"total": figures[("notes", place, ALL)].machine,
                  **{kind: figures[("notes", place, kind)].machine for kind in KINDS},
                  **{name: figures[("unthemed", place, reason)].machine
                     for reason, name in disclosure.UNTHEMED_FIELDS.items()}},
        # Whether the briefing says how many notes are in no theme: when either published figure is not 0.
        "left_out": any(figures[("unthemed", place, reason)].shown is not Shown.ZERO
                        for reason in disclosure.UNTHEMED_FIELDS),
        "top_love": _top(rows, "love"),
        "top_change": _top(rows, "change"),
        "heard": heard,
        "caveats": _caveats(figures, place, heard,
                            sum(n for w, n in facts.provisional.items() if ward is None or w == ward)),
        "previous_version": previous.get("version") if previous else None,
    }
    if ward:
        snapshot["city_notes"] = {kind: figures[("notes", ALL, kind)].machine for kind in KINDS}
    else:
        snapshot["matrix"] = _matrix(facts, figures, matrix_themes)
    snapshot["themes"] = _finish(rows)
    return snapshot


def _matrix(facts: Facts, figures: dict, keys: list[str]) -> dict:
    """Ward × theme: notes carrying each theme in each ward (love and change together)."""
    table = []
    for code, name in sorted(facts.wards.items(), key=lambda item: item[1]):
        notes = figures[("notes", code, ALL)]
        if notes.shown is not Shown.ZERO:
            table.append({"code": code, "name": name, "notes": notes.machine,
                          "cells": {key: figures[("theme", key, code, ALL)].machine for key in keys}})
    return {"themes": keys, "wards": table}
