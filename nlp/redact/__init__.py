"""Find and redact personal details in free-text notes.

    find_pii(text) -> list[Span]   # non-overlapping, sorted by start
    redact(text) -> str            # each span replaced by "[KIND]"

Rules first (regexes, phonenumbers, context words, name lists, the English lookup
tables from spacy-lookups-data). If SPACY_MODEL names an installed trained pipeline,
its PERSON entities are added to the rule-based names. Everything heavy is loaded
lazily and once; importing this package is cheap. See docs/redaction.md for figures
and known gaps.

Modules: normalise (Unicode clean-up, applied first), language (en/pl/ur guess), spans (Span,
KINDS), patterns (structured details), names (Latin script), polish, urdu, name_cues and
lexicon (word and name lists).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.redact.language import LANGUAGES, detect_language
from nlp.redact.names import find_names
from nlp.redact.normalise import normalise, normalise_with_map, to_original
from nlp.redact.patterns import (
    ADDRESS_CUE,
    find_addresses,
    find_dates_beside_names,
    find_dobs,
    find_emails,
    find_house_numbers_beside_names,
    find_nhs,
    find_ni,
    find_phones,
    find_postcodes,
)
from nlp.redact.spans import KINDS, PLACEHOLDER, Span

# Lower wins when two candidates overlap: structured identifiers are more certain than names.
_PRIORITY = {
    "EMAIL": 0,
    "NHS_NUMBER": 1,
    "NI_NUMBER": 1,
    "POSTCODE": 2,
    "PHONE": 3,
    "DOB": 4,
    "ADDRESS": 5,
    "NAME": 6,
}

_DIGIT = re.compile(r"\d")
_HAS_DIGIT_RUN = re.compile(r"\d(?:[\s\-().]*\d){6}")


def _find(text: str, language: str, keep_words: frozenset[str]) -> list[tuple[int, int, str]]:
    cands: list[tuple[int, int, str]] = []
    if "@" in text:
        find_emails(text, cands)
    has_digits = bool(_DIGIT.search(text))
    if has_digits:
        find_postcodes(text, cands)
        find_ni(text, cands)
        find_dobs(text, cands)
        find_addresses(text, cands)
        if _HAS_DIGIT_RUN.search(text):
            find_nhs(text, cands)
            find_phones(text, cands)
    else:
        for m in ADDRESS_CUE.finditer(text):
            cands.append((m.start(1), m.end(1), "ADDRESS"))
    find_names(text, cands, language, keep_words)
    if has_digits:
        find_dates_beside_names(text, cands)
        find_house_numbers_beside_names(text, cands)
    return cands


def find_pii(text: str, language: str | None = None, keep_words: Iterable[str] = ()) -> list[Span]:
    """Personal details in `text`, as non-overlapping spans sorted by start.

    `language` (an ISO 639-1 code: "en", "pl", "ur", "ro"...) is guessed when not given; `keep_words` are
    extra places or organisations (lower case) that are never names, e.g. an admin's additions.
    Finding runs on the normalised text (see nlp.redact.normalise); spans index `text` itself.
    """
    if not text or not text.strip():
        return []
    norm, starts, ends = normalise_with_map(text)
    # The app knows the language a note was logged in ("pl", "ro", "so"...); otherwise guess.
    lang = language.split("-")[0].lower() if language else detect_language(norm)
    cands = _find(norm, lang, frozenset(w.lower() for w in keep_words))

    blocked = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(norm)]
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = list(blocked)
    chosen: list[Span] = []
    for s, e, kind in cands:
        # Trim stray spaces and punctuation the regexes may have swallowed at the edges.
        while s < e and norm[s] in " \t,.;:":
            s += 1
        while e > s and norm[e - 1] in " \t,;:":
            e -= 1
        if e <= s or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        os_, oe = to_original(s, e, starts, ends)
        chosen.append(Span(os_, oe, kind, text[os_:oe]))
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def _redact_once(text: str, language: str | None, keep_words: Iterable[str]) -> str:
    parts, pos = [], 0
    for sp in find_pii(text, language, keep_words):
        parts.append(text[pos : sp.start])
        parts.append(f"[{sp.kind}]")
        pos = sp.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str, language: str | None = None, keep_words: Iterable[str] = ()) -> str:
    """`text` with every personal detail replaced by "[KIND]" (arguments as for find_pii).

    Only the characters of each detail are replaced; the rest of the note is returned exactly
    as given (apply `normalise` first, as the app does when it cleans a note, to store it
    normalised)."""
    if not text:
        return text
    # Replacing a span can change its neighbours' context; repeat until nothing changes so
    # redact(redact(x)) == redact(x) holds. Almost every note settles after one pass.
    out = _redact_once(text, language, keep_words)
    if out == text:  # nothing found: a second pass would read the same text
        return out
    for _ in range(3):
        again = _redact_once(out, language, keep_words)
        if again == out:
            break
        out = again
    return out


__all__ = ["KINDS", "LANGUAGES", "Span", "detect_language", "find_pii", "normalise", "redact"]
