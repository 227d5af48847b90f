"""What a personal detail found in a note looks like, shared by every detector."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("NAME", "PHONE", "EMAIL", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "ADDRESS", "DOB")

# Placeholders left by an earlier redaction ("[NAME]") are never matched again.
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    text: str


def words(s: str) -> frozenset[str]:
    return frozenset(s.split())
