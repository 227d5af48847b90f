"""Which counts a ward briefing and the city overview publish, and their true values. Pure.

Keys follow `layout`: ("notes", ward, kind), ("theme", key, ward, kind), ("sessions", ward, format),
("language", ward, code), ("people", ward), ("unthemed", ward, reason); "*" is every ward or both kinds. A publication lists
zeros too (a format nobody used, a ward with no notes): a reader infers them from what is missing,
so the audit must know them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from listening.domain import SessionFormat
from listening.services.disclosure.layout import ALL, Key

KINDS = ("love", "change")
REASONS = ("ungrouped", "untranslated")  # why a note is in no theme: not yet grouped, needs a translation
FORMATS = tuple(f.value for f in SessionFormat)  # every format: a format not listed had no session
_ARITY = {"notes": 3, "theme": 4, "sessions": 3, "language": 3, "unthemed": 3, "people": 2}


@dataclass(frozen=True)
class Session:
    ward: str
    format: str
    participants: int
    languages: tuple[str, ...]


@dataclass
class Counts:
    """Raw counts: notes per (theme, ward, kind) and per (ward, kind), and the sessions heard."""

    wards: tuple[str, ...]
    themes: tuple[str, ...]
    formats: tuple[str, ...]
    theme_notes: dict[tuple[str, str, str], int]
    notes: dict[tuple[str, str], int]
    sessions: tuple[Session, ...] = ()
    unthemed: dict[tuple[str, str], int] = field(default_factory=dict)  # (reason, ward) -> notes in no theme

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({lang for s in self.sessions for lang in s.languages}))

    def value(self, key: Key) -> int:
        """The true count for any key, margins included."""
        measure, *coords = key
        if measure == "notes":
            ward, kind = coords
            return sum(n for (w, kd), n in self.notes.items() if ward in (ALL, w) and kind in (ALL, kd))
        if measure == "theme":
            theme, ward, kind = coords
            return sum(n for (t, w, kd), n in self.theme_notes.items()
                       if t == theme and ward in (ALL, w) and kind in (ALL, kd))
        if measure == "sessions":
            ward, fmt = coords
            return sum(1 for s in self.sessions if ward in (ALL, s.ward) and fmt in (ALL, s.format))
        if measure == "language":
            ward, code = coords
            return sum(1 for s in self.sessions if ward in (ALL, s.ward) and code in s.languages)
        if measure == "unthemed":
            ward, reason = coords
            return sum(n for (r, w), n in self.unthemed.items() if ward in (ALL, w) and reason in (ALL, r))
        if measure == "people":
            (ward,) = coords
            return sum(s.participants for s in self.sessions if ward in (ALL, s.ward))
        raise ValueError(f"Unknown count {key!r}")

    def values(self, keys: Iterable[Key]) -> dict[Key, int]:
        """`value` of each key, from every margin added up in one pass (a briefing asks for
        thousands of keys; summing the counts again for each was most of a draft's build)."""
        margins = self._margins()
        out = {}
        for key in keys:
            if key[0] not in _ARITY or len(key) != _ARITY[key[0]]:
                self.value(key)  # raises for a key it does not know, as value does
            out[key] = margins.get(key, 0)
        return out

    def _margins(self) -> dict[Key, int]:
        table: dict[Key, int] = defaultdict(int)
        for (ward, kind), n in self.notes.items():
            for w in (ward, ALL):
                for kd in (kind, ALL):
                    table[("notes", w, kd)] += n
        for (theme, ward, kind), n in self.theme_notes.items():
            for w in (ward, ALL):
                for kd in (kind, ALL):
                    table[("theme", theme, w, kd)] += n
        for (reason, ward), n in self.unthemed.items():
            for w in (ward, ALL):
                for r in (reason, ALL):
                    table[("unthemed", w, r)] += n
        for s in self.sessions:
            for w in (s.ward, ALL):
                table[("people", w)] += s.participants
                for fmt in (s.format, ALL):
                    table[("sessions", w, fmt)] += 1
                for code in set(s.languages):
                    table[("language", w, code)] += 1
        return table


def _heard(place: str, counts: Counts) -> list[Key]:
    return [("sessions", place, ALL), *(("sessions", place, f) for f in counts.formats),
            *(("language", place, code) for code in counts.languages), ("people", place)]


def ward_keys(ward: str, counts: Counts) -> list[Key]:
    """A ward briefing: its notes, each theme's love and change there and in the city (for the
    city share, with the theme's city size for the API), the city's love and change notes, and
    who was heard."""
    keys: list[Key] = [("notes", ward, ALL), *(("notes", ward, kd) for kd in KINDS), *(("notes", ALL, kd) for kd in KINDS)]
    for theme in counts.themes:
        keys += [("theme", theme, ward, kd) for kd in KINDS]
        keys += [("theme", theme, ALL, kd) for kd in (*KINDS, ALL)]
    keys += [("unthemed", ward, reason) for reason in REASONS]
    return keys + _heard(ward, counts)


def city_keys(counts: Counts, matrix_themes: Iterable[str]) -> list[Key]:
    """The city overview: its notes, each theme's love and change, the ward × theme table (every
    ward's notes, and notes of each table theme in each ward) and who was heard."""
    keys: list[Key] = [("notes", ALL, ALL), *(("notes", ALL, kd) for kd in KINDS)]
    for theme in counts.themes:
        keys += [("theme", theme, ALL, kd) for kd in (*KINDS, ALL)]
    for ward in counts.wards:
        keys.append(("notes", ward, ALL))
        keys += [("theme", theme, ward, ALL) for theme in matrix_themes]
    keys += [("unthemed", ALL, reason) for reason in REASONS]
    return keys + _heard(ALL, counts)


def generation(counts: Counts, secret: bytes = b"") -> str:
    """Equal for equal counts: publications made from the same data are attacked together.
    Keyed (HMAC) so that the value, if it were ever seen, cannot be used to test guesses."""
    import hashlib
    import hmac

    canonical = repr((sorted(i for i in counts.theme_notes.items() if i[1]), sorted(i for i in counts.notes.items() if i[1]),
                      sorted((s.ward, s.format, s.participants, s.languages) for s in counts.sessions)))
    if any(counts.unthemed.values()):  # only then: data without such notes keeps its generation
        canonical += repr(sorted(i for i in counts.unthemed.items() if i[1]))
    return hmac.new(secret or b"hark", canonical.encode(), hashlib.sha256).hexdigest()[:20]
