"""Words an admin has said are never names: local places and organisations redaction should keep."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from listening.models.base import Base, Timestamped

KEEP_WORD_MAX = 80


class RedactionKeepWord(Timestamped, Base):
    __tablename__ = "redaction_keep_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower case, single spaces: compared with a note's words the same way (nlp.redact keep_words).
    word: Mapped[str] = mapped_column(String(KEEP_WORD_MAX), unique=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
