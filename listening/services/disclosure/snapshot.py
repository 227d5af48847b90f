"""Briefing snapshots and figures: from raw facts to protected figures, and from a stored snapshot
back to the figures it published (what the audit reads). Pure.

A snapshot written under this policy carries `"disclosure": {"k", "base", "generation"}` and every
count as its machine form (int, "<k" or null). Snapshots published before it (no "disclosure" key)
are read as what they showed: exact integers, and None meaning "below the threshold" (0..k-1) for
single counts, or anything at all for the totals the old rule hid to protect a part.
"""

from __future__ import annotations

from listening.services.disclosure import attack
from listening.services.disclosure.briefing import Counts, Session, city_keys, ward_keys
from listening.services.disclosure.figures import UNBOUNDED, PublishedCount, Rule, Shown, from_machine
from listening.services.disclosure.layout import ALL, Key, briefing_layout
from listening.services.disclosure.table import Protected, protect

KINDS = ("love", "change")
# How a snapshot names the counts of notes in no theme ("notes" -> field), by reason.
UNTHEMED_FIELDS = {"ungrouped": "not_yet_grouped", "untranslated": "needs_translation"}


def counts_from_facts(facts, formats) -> Counts:
    """Counts from a briefing's Facts (wards, themes, counts, totals, sessions)."""
    return Counts(
        wards=tuple(sorted(facts.wards)),
        themes=tuple(t.key for t in facts.themes),
        formats=tuple(formats),
        theme_notes=dict(facts.counts),
        notes=dict(facts.totals),
        sessions=tuple(Session(s.ward, s.format, int(s.participants or 0), tuple(s.languages)) for s in facts.sessions),
        unthemed=dict(getattr(facts, "unthemed", None) or {}),
    )


def shown_keys(counts: Counts, ward: str | None, matrix_themes) -> list[Key]:
    return ward_keys(ward, counts) if ward else city_keys(counts, matrix_themes)


def protect_briefing(counts: Counts, ward: str | None, matrix_themes, rule: Rule, *, history, generation: str,
                     order: int, name: str) -> Protected:
    keys = shown_keys(counts, ward, matrix_themes)
    layout = briefing_layout(counts.wards, counts.formats)
    closure, _equations = layout.closure(keys)
    return protect(counts.values(closure), keys, rule, layout, history=history, generation=generation, order=order,
                   name=name)


def _legacy(value, k: int, *, hides_parts: bool = False) -> PublishedCount:
    if isinstance(value, int) and not isinstance(value, bool):
        return PublishedCount(Shown.ROUNDED if value else Shown.ZERO, value, value, value, k)
    if hides_parts:
        return PublishedCount(Shown.WITHHELD, None, 0, UNBOUNDED, k)
    return PublishedCount(Shown.SMALL, None, 0, k - 1, k)


def read(snapshot: dict, *, wards, formats, name: str, order: int, languages=(), generation: str | None = None
         ) -> attack.Publication:
    """The figures a stored snapshot published, keyed as `layout` names them."""
    info = snapshot.get("disclosure")
    k = int(snapshot.get("threshold", 5))
    if info:
        rule = Rule(k=int(info["k"]), base=int(info["base"]))

        def fig(value, hides_parts=False):
            return from_machine(value, rule)
        generation = generation or info.get("generation") or name
    else:
        def fig(value, hides_parts=False):
            return _legacy(value, k, hides_parts=hides_parts)
        generation = generation or name  # nothing says which data it came from: on its own
    place = snapshot["ward"]["code"] if snapshot.get("ward") else ALL
    figures: dict[Key, PublishedCount] = {}
    notes = snapshot.get("notes", {})
    figures[("notes", place, ALL)] = fig(notes.get("total"), hides_parts=True)
    for kind in KINDS:
        figures[("notes", place, kind)] = fig(notes.get(kind))
    for reason, field in UNTHEMED_FIELDS.items():  # published since issue 12; absent before
        if field in notes:
            figures[("unthemed", place, reason)] = fig(notes[field])
    for kind, value in (snapshot.get("city_notes") or {}).items():
        figures[("notes", ALL, kind)] = fig(value)
    for row in snapshot.get("themes", []):
        for kind in KINDS:
            figures[("theme", row["key"], place, kind)] = fig(row.get(kind))
            if place != ALL and f"city_{kind}" in row:
                figures[("theme", row["key"], ALL, kind)] = fig(row.get(f"city_{kind}"))
        if "city_size" in row:
            figures[("theme", row["key"], ALL, ALL)] = fig(row["city_size"])
    heard = snapshot.get("heard") or {}
    if "sessions" in heard:
        figures[("sessions", place, ALL)] = fig(heard["sessions"])
        listed = {f["name"]: f["sessions"] for f in heard.get("formats", [])}
        for fmt in formats:
            figures[("sessions", place, fmt)] = fig(listed.get(fmt, 0))
        listed = {entry["code"]: entry["sessions"] for entry in heard.get("languages", [])}
        for code in sorted(set(languages) | set(listed)):  # a language not listed: no session held in it
            figures[("language", place, code)] = fig(listed.get(code, 0))
        figures[("people", place)] = fig(heard.get("people"))
    matrix = snapshot.get("matrix")
    if matrix:
        rows = {row["code"]: row for row in matrix.get("wards", [])}
        for code in wards:  # a ward missing from the table has no notes
            row = rows.get(code)
            figures[("notes", code, ALL)] = fig(row["notes"], hides_parts=True) if row else fig(0)
            for key in matrix.get("themes", []):
                value = row["cells"].get(key) if row else 0
                figures[("theme", key, code, ALL)] = fig(value, hides_parts=True)
    return attack.Publication(name, generation, order, figures)


def rule_of(snapshot: dict | None) -> Rule | None:
    """The rule a snapshot was published under; None for one published before this policy."""
    info = (snapshot or {}).get("disclosure")
    return Rule(k=int(info["k"]), base=int(info["base"])) if info else None


def figure(value, snapshot: dict | None = None) -> PublishedCount:
    """A stored figure as a PublishedCount (a pre-policy snapshot's None said "fewer than k")."""
    if isinstance(value, PublishedCount):
        return value
    rule = rule_of(snapshot)
    if rule is not None:
        return from_machine(value, rule)
    k = int((snapshot or {}).get("threshold", 5))
    if value is None or (isinstance(value, str) and value.startswith("<")):
        return PublishedCount(Shown.SMALL, None, 1, k - 1, k)
    return _legacy(int(value), k)


def display(value, snapshot: dict | None = None) -> str:
    """The one way a template writes a count: "85", "fewer than 5" or "not shown"."""
    return figure(value, snapshot).display()
