"""Words that may be seen outside the notes' organisation. Pure.

A word (or a keyword phrase) is *common* when at least k distinct notes use it and those notes come
from at least two listening sessions. Only common words may appear in a theme's label or keywords
shown to anchors, the public or other organisations: a rare word ("wombat", a street, a name the
redaction missed) can point at the one resident who wrote it, whatever that note's consent said.
Words are compared after a light normalisation (case, possessive, plural), so "Buses" supports "bus".
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
# Joining words a label may use whatever the notes say.
JOINERS = frozenset({"and", "or", "of", "the", "a", "an", "in", "on", "for", "to", "with", "&", "at", "by"})


@functools.lru_cache(maxsize=1 << 16)  # a run normalises every word of every note: few distinct
def normal(word: str) -> str:
    """A crude stem that maps singular and plural to one form: bus/buses, house/houses, city/cities."""
    w = word.lower().removesuffix("'s").removesuffix("’s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    return [normal(w) for w in _WORD.findall(text or "")]


@dataclass(frozen=True)
class NoteWords:
    note_id: int
    session_id: int
    text: str


class Vocabulary:
    """Which words and phrases are common across a set of notes."""

    def __init__(self, notes: Iterable[NoteWords], k: int):
        self.k = k
        self._notes: dict[str, set[int]] = defaultdict(set)
        self._sessions: dict[str, set[int]] = defaultdict(set)
        self._texts: list[tuple[int, int, tuple[str, ...]]] = []
        self._rows: dict[int, list[int]] = defaultdict(list)  # note id -> its entries in _texts
        for note in notes:
            tokens = tuple(words(note.text))
            self._rows[note.note_id].append(len(self._texts))
            self._texts.append((note.note_id, note.session_id, tokens))
            for token in set(tokens):
                self._notes[token].add(note.note_id)
                self._sessions[token].add(note.session_id)

    def common_word(self, word: str) -> bool:
        w = normal(word)
        return len(self._notes.get(w, ())) >= self.k and len(self._sessions.get(w, ())) >= 2

    def common(self, phrase: str) -> bool:
        """Every word common, and a phrase of several words used as a phrase by k notes from two sessions."""
        tokens = tuple(words(phrase))
        content = [t for t in tokens if t not in JOINERS]
        if not content or not all(self.common_word(t) for t in content):
            return False
        if len(tokens) == 1:
            return True
        # Only the notes holding every word of the phrase can hold the phrase: look at those alone
        # (a run asks this of each theme's keywords; scanning every note each time took seconds).
        holding = set.intersection(*(self._notes.get(t, set()) for t in set(tokens)))
        notes, sessions = set(), set()
        for note_id, session_id, text in (self._texts[row] for n in holding for row in self._rows[n]):
            if any(text[i:i + len(tokens)] == tokens for i in range(len(text) - len(tokens) + 1)):
                notes.add(note_id)
                sessions.add(session_id)
        return len(notes) >= self.k and len(sessions) >= 2

    def keywords(self, keywords: Iterable[str]) -> list[str]:
        return [kw for kw in keywords if self.common(kw)]

    def allows(self, label: str) -> bool:
        """A label may be shown when every word of it is common. The theme run asks this of each
        candidate label, so it picks the best label this allows rather than one to be replaced."""
        content = [t for t in words(label) if t not in JOINERS]
        return bool(content) and all(self.common_word(t) for t in content)

    def label(self, label: str, keywords: Iterable[str], fallback: str) -> str:
        """The label when every word of it is common; else one made of common keywords; else `fallback`."""
        if self.allows(label):
            return label
        usable = [kw for kw in self.keywords(keywords) if " " not in kw.strip()][:3]
        if usable:
            return " and ".join([", ".join(usable[:-1]), usable[-1]] if len(usable) > 1 else usable).capitalize()
        return fallback
