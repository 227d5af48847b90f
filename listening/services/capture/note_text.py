"""Turning what a resident said into what Hark stores: redaction on save.

Pure functions with no database: the caller redacts before opening a write
transaction, so a slow redaction never holds the database lock.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from nlp.redact import KINDS, normalise, redact

_PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")\]")


@dataclass(frozen=True)
class RedactedNote:
    text: str  # redacted English: what analysis reads and others see
    raw_text: str  # the English words as written (restricted)
    raw_original: str | None  # the words in the language they were said in (restricted)
    original_redacted: str | None
    redactions: dict = field(default_factory=dict)  # {"PHONE": 1, ...}


def _counts(text: str, counter: Counter, language: str, keep_words: frozenset[str]) -> str:
    """Redact `text`, adding the placeholders it gained to `counter`."""
    redacted = redact(text, language=language, keep_words=keep_words)
    gained = Counter(_PLACEHOLDER.findall(redacted))
    gained.subtract(_PLACEHOLDER.findall(text))
    counter.update({kind: n for kind, n in gained.items() if n > 0})
    return redacted


def clean(text: str | None) -> str:
    """Trim, drop NULs and control characters, normalise line ends and Unicode.

    The one place text typed, imported or posted is cleaned before it is stored. The Unicode
    clean-up is redaction's own (nlp.redact.normalise): NFKC, every Unicode space to a space,
    zero-width and bidi controls removed (Urdu's joiners kept), digits of any script to ASCII,
    accents composed, so what is stored is what redaction read."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = normalise(text)
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ch >= " ")
    return text.strip()


def redact_note(
    text: str, language: str = "en", english: str | None = None, keep_words: frozenset[str] = frozenset()
) -> RedactedNote:
    """`text` is what was said, in `language`; `english` an optional English rendering.
    `keep_words` are the places and organisations an admin has said are never names.

    The English (the rendering if given, else the words themselves) is what analysis reads.
    """
    text, english = clean(text), clean(english)
    counter: Counter = Counter()
    if language != "en" and english:
        original_redacted = _counts(text, counter, language, keep_words)
        redacted = _counts(english, counter, "en", keep_words)
        return RedactedNote(redacted, english, text, original_redacted, dict(counter))
    redacted = _counts(text, counter, language, keep_words)
    return RedactedNote(redacted, text, None, None, dict(counter))
