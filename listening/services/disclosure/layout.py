"""How published counts add up. Pure.

A count is named by a key: the measure, then one coordinate per dimension, "*" for "all of them"
(a margin). ("theme", "bus", "E05011402", "love") is the love notes carrying the theme "bus" in one
ward; ("theme", "bus", "*", "love") the same across the city; ("notes", "*", "*") every note.

A dimension whose members are listed adds up: the margin equals the sum over its members (every
ward adds up to the city, love and change add up to all notes, formats add up to all sessions).
A dimension without members (themes, languages) does not: one note can carry several themes and a
session can be held in several languages, so those margins are not sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALL = "*"
Key = tuple[str, ...]

# What an equation's margin runs over, in the words the audit prints.
ATTACKS = {
    "ward": "city minus wards",
    "kind": "love and change against their total",
    "format": "total minus parts",
}


@dataclass(frozen=True)
class Equation:
    total: Key
    parts: tuple[Key, ...]
    dimension: str

    @property
    def keys(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)

    @property
    def attack(self) -> str:
        return ATTACKS.get(self.dimension, "total minus parts")


@dataclass(frozen=True)
class Layout:
    dims: dict[str, tuple[str, ...]]  # measure -> its dimensions, in key order
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dimension -> members that add up

    def equations_for(self, key: Key) -> list[Equation]:
        """The equations in which `key` is the total."""
        names = self.dims.get(key[0])
        if names is None or len(names) != len(key) - 1:
            raise ValueError(f"Unknown count {key!r}")
        found = []
        for i, (name, coord) in enumerate(zip(names, key[1:], strict=True), start=1):
            members = self.members.get(name)
            if coord == ALL and members:
                parts = tuple(key[:i] + (m,) + key[i + 1:] for m in members)
                found.append(Equation(key, parts, name))
        return found

    def closure(self, keys) -> tuple[set[Key], list[Equation]]:
        """Every count the given ones add up from, and every equation between them."""
        seen: set[Key] = set()
        equations: list[Equation] = []
        todo = list(keys)
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            for equation in self.equations_for(key):
                equations.append(equation)
                todo.extend(p for p in equation.parts if p not in seen)
        return seen, equations


def briefing_layout(wards, formats=()) -> Layout:
    """The layout of ward briefings and the city overview (see docs/disclosure.md)."""
    return Layout(
        dims={
            "notes": ("ward", "kind"),
            "theme": ("theme", "ward", "kind"),
            "sessions": ("ward", "format"),
            "language": ("ward", "language"),
            "people": ("ward",),
            # Notes in no theme: "ungrouped" (not yet grouped) or "untranslated" (needs a translation).
            "unthemed": ("ward", "reason"),
        },
        members={"ward": tuple(wards), "kind": ("love", "change"), "format": tuple(formats)},
    )


YOURS, OTHERS = "yours", "others"  # whose sessions, as one reader of the events page sees them


def event_layout() -> Layout:
    """The sessions linked to one event, split by whose they are: the reader's own organisation's
    and every other organisation's add up to the event's (notes, sessions, each theme's notes)."""
    return Layout(dims={"sessions": ("org",), "notes": ("org",), "theme": ("theme", "org")},
                  members={"org": (YOURS, OTHERS)})
