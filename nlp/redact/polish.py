"""Polish names: titles and context words, and inflected forms of known names.

Polish declines names: "z panią Kowalską", "z Kasią", "u Bartka", "z panem Kowalczykiem". A
token counts as a known name when it, or a nominative form recovered by stripping a case
ending, is in the name lists. Capitalised ordinary Polish words (Mieszkam, Dzieci, Proszę)
are told apart by wordfreq: they are common Polish words and not names."""

from __future__ import annotations

import re

from nlp.redact.spans import words

# Pan/pani in any case: the next capitalised word is a name.
TITLES = words("pan pani panią panem pana panu panie państwo państwa")
# Relationship and naming words: the next capitalised word is a name unless it is a common word.
CUES = words(
    """sąsiad sąsiada sąsiadem sąsiadka sąsiadki sąsiadką sąsiadów syn syna synem córka córki
    córką mąż męża mężem żona żony żoną brat brata bratem siostra siostry siostrą mama mamy tata
    taty babcia babci dziadek dziadka wnuk wnuczka kolega koleżanka przyjaciel przyjaciółka
    właściciel właścicielka imię nazywa nazywam kontakt"""
)
# Case endings, longest first, and nominative endings to put back.
_SUFFIXES = (
    "iego",
    "ego",
    "emu",
    "iem",
    "owi",
    "ową",
    "owej",
    "owa",
    "ej",
    "im",
    "em",
    "ą",
    "ę",
    "y",
    "i",
    "u",
    "a",
    "o",
    "ie",
)
_NOMINATIVE = ("", "a", "ia", "i", "o")
_VOWELS = frozenset("aeiouyąęó")
# Family-name shapes: -ski/-cki/-dzki in any case and gender, -wicz, -czyk.
SURNAME_SHAPE = re.compile(
    r"(?:s|c|dz)k(?:i|a|iego|iej|im|ą|iemu)$|wicz(?:a|em|owi|u|owa|ówna)?$|czyk(?:a|iem|owi|u)?$"
)


def lemmas(low: str) -> set[str]:
    """Possible nominative forms of a (lower-case) Polish word, the word itself included."""
    out = {low}
    for suffix in _SUFFIXES:
        if not low.endswith(suffix) or len(low) - len(suffix) < 2:
            continue
        stem = low[: -len(suffix)]
        out.update(stem + end for end in _NOMINATIVE)
        # Mobile e: Bartka -> Bartek, Marka -> Marek.
        if len(stem) >= 3 and stem[-1] in "kc" and stem[-2] not in _VOWELS:
            out.add(stem[:-1] + "e" + stem[-1])
    return out


def known_name(low: str, names: frozenset[str] | set[str]) -> tuple[bool, bool]:
    """(the word itself is a known name, an inflected form of one is)."""
    if low in names:
        return True, False
    return False, any(form in names for form in lemmas(low))
