"""Words an admin has said redaction must never take for a name (issue 14).

Redaction ships a keep-list of Leeds places, organisations, faiths and festivals; a local name it
lacks ("the Fearnvale") would be replaced by [NAME] in every note. Admins add such words here and
every note saved afterwards (form, import, API, edits) keeps them. Notes already stored are not
redacted again.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from listening.extensions import db
from listening.models import RedactionKeepWord
from listening.models.redaction import KEEP_WORD_MAX
from listening.services.capture.note_text import clean
from listening.services.core import audit, write

# Letters (any script), spaces, hyphens, apostrophes and "&": a place or organisation's name.
_ALLOWED = re.compile(r"^[^\W\d_]+(?:[ '’&.-]+[^\W\d_]+)*\.?$")


class KeepWordProblem(ValueError):
    """The word cannot be added; str(problem) is the message to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def normalised_word(text: str | None) -> str:
    """The stored form: cleaned like a note, lower case, single spaces."""
    return " ".join(clean(text).lower().split())


def list_keep_words() -> list[RedactionKeepWord]:
    return list(db.session.scalars(select(RedactionKeepWord).order_by(RedactionKeepWord.word)))


def keep_words() -> frozenset[str]:
    """What redaction on save is given (read before the write transaction opens)."""
    return frozenset(db.session.scalars(select(RedactionKeepWord.word)))


def add_keep_word(text: str | None, *, actor_id: int) -> RedactionKeepWord:
    word = normalised_word(text)
    if not word:
        raise KeepWordProblem(_l("Enter a place or organisation"))
    if len(word) > KEEP_WORD_MAX:
        raise KeepWordProblem(_l("A word or phrase must be %(most)s characters or fewer", most=KEEP_WORD_MAX))
    if not _ALLOWED.match(word):
        raise KeepWordProblem(_l("Use only letters, spaces, hyphens, apostrophes and &, like St Aidan's or Fearnvale"))
    with write():
        if db.session.scalar(select(RedactionKeepWord).where(RedactionKeepWord.word == word)) is not None:
            raise KeepWordProblem(_l("%(word)s is already on the list", word=word))
        row = RedactionKeepWord(word=word, added_by_id=actor_id)
        db.session.add(row)
        db.session.flush()
        # The word itself stays out of the audit row: audit rows hold ids and facts only.
        audit.record("redaction_keep_word.added", actor_id, row)
    return row


def get_keep_word(word_id: int) -> RedactionKeepWord | None:
    return db.session.get(RedactionKeepWord, word_id)


def remove_keep_word(row: RedactionKeepWord, *, actor_id: int) -> None:
    with write():
        audit.record("redaction_keep_word.removed", actor_id, row)
        db.session.delete(row)
