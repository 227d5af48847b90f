"""Unicode clean-up applied before any personal detail is looked for.

People paste text from phones, PDFs and messaging apps: a non-breaking space inside a
postcode, zero-width spaces between phone digits, full-width or Urdu digits, a name whose
accent is a separate combining character. Each of those defeats a regex written for plain
text, so the finders run on a normalised copy:

- NFKC, applied per base character and its combining marks (composes accents, folds
  full-width forms and ligatures);
- every Unicode space separator (NBSP, thin, narrow, ideographic...) becomes " ";
- zero-width and bidi-control characters are removed, except ZWNJ and ZWJ, which Urdu and
  other Arabic-script text needs to join or break letters correctly;
- a decimal digit of any script (Arabic-Indic, Extended Arabic-Indic, Devanagari...) becomes
  its ASCII digit.

`normalise_with_map` also returns, for each character of the normalised text, the span of
the original it came from, so spans found on the copy can be mapped back and `redact()`
replaces exactly the original characters (it never rewrites the rest of the note).
`normalise` is what the app applies once when it cleans a note before storing it.
"""

from __future__ import annotations

import unicodedata

# Removed: zero-width space, word joiner, BOM/ZWNBSP, soft hyphen, Mongolian vowel separator,
# LRM/RLM/ALM and the bidi embeddings, overrides and isolates. Kept: ZWNJ U+200C, ZWJ U+200D.
_DROP = frozenset(
    "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _fold(chunk: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKC", chunk):
        if ch in _DROP:
            continue
        cat = unicodedata.category(ch)
        if cat == "Zs":
            out.append(" ")
        elif cat == "Nd" and not ("0" <= ch <= "9"):
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def normalise_with_map(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """(normalised, starts, ends): normalised[i] came from text[starts[i]:ends[i]].

    Plain ASCII text is returned as is with no maps (the common case, kept fast)."""
    if text.isascii():
        return text, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        # A base character and the combining marks after it normalise together.
        while j < n and unicodedata.combining(text[j]):
            j += 1
        folded = _fold(text[i:j]) if not text[i:j].isascii() else text[i:j]
        for ch in folded:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def normalise(text: str) -> str:
    """The normalised text alone (see the module docstring for what changes)."""
    return normalise_with_map(text)[0]


def to_original(start: int, end: int, starts: list[int] | None, ends: list[int] | None) -> tuple[int, int]:
    """Map a span of the normalised text back to the original text."""
    if starts is None or ends is None:
        return start, end
    return starts[start], ends[end - 1]
