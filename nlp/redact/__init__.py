"""Find and redact personal details in free-text notes.

    find_pii(text) -> list[Span]   # non-overlapping, sorted by start
    redact(text) -> str            # each span replaced by "[KIND]"

Rules first (regexes, phonenumbers, context words, name lists, the English lookup
tables from spacy-lookups-data). If SPACY_MODEL names an installed trained pipeline,
its PERSON entities are added to the rule-based names. Everything heavy is loaded
lazily and once; importing this package is cheap. See docs/redaction.md for figures
and known gaps.

Modules: spans (Span, KINDS), patterns (structured details), names, lexicon (word lists).
"""

from __future__ import annotations

import re

from nlp.redact.names import find_names
from nlp.redact.patterns import (
    ADDRESS_CUE,
    find_addresses,
    find_dobs,
    find_emails,
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

_HAS_DIGIT_RUN = re.compile(r"\d(?:[\s\-().]*\d){6}")


def find_pii(text: str) -> list[Span]:
    """Personal details in `text`, as non-overlapping spans sorted by start."""
    if not text or not text.strip():
        return []
    cands: list[tuple[int, int, str]] = []
    if "@" in text:
        find_emails(text, cands)
    has_digits = any(c.isdigit() for c in text)
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
    find_names(text, cands)

    blocked = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    cands.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = list(blocked)
    chosen: list[Span] = []
    for s, e, kind in cands:
        # Trim stray spaces and punctuation the regexes may have swallowed at the edges.
        while s < e and text[s] in " \t,.;:":
            s += 1
        while e > s and text[e - 1] in " \t,;:":
            e -= 1
        if e <= s or any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(Span(s, e, kind, text[s:e]))
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def _redact_once(text: str) -> str:
    parts, pos = [], 0
    for sp in find_pii(text):
        parts.append(text[pos : sp.start])
        parts.append(f"[{sp.kind}]")
        pos = sp.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str) -> str:
    """`text` with every personal detail replaced by "[KIND]"."""
    if not text:
        return text
    # Replacing a span can change its neighbours' context; repeat until nothing changes so
    # redact(redact(x)) == redact(x) holds. Almost every note settles after one pass.
    out = _redact_once(text)
    for _ in range(3):
        again = _redact_once(out)
        if again == out:
            break
        out = again
    return out


__all__ = ["KINDS", "Span", "find_pii", "redact"]
