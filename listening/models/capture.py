"""Listening sessions and the notes residents' words are written into."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import Consent, NoteKind, SessionFormat
from listening.models.base import Base, Timestamped, enum_column
from listening.models.org import Organisation, Ward


class ListeningSession(Timestamped, Base):
    __tablename__ = "listening_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    ward: Mapped[Ward] = relationship(lazy="joined")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str] = mapped_column(String(200))
    format: Mapped[SessionFormat] = mapped_column(enum_column(SessionFormat))
    facilitator: Mapped[str | None] = mapped_column(String(200))
    participants: Mapped[int] = mapped_column(default=0)
    languages: Mapped[list] = mapped_column(JSON, default=list)  # e.g. ["en", "ur"]
    summary: Mapped[str | None] = mapped_column(Text)  # the facilitator's own summary
    # Aggregate demographics for the whole session, never per note: {"18-24": 3, ...}.
    demographics: Mapped[dict] = mapped_column(JSON, default=dict)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("engagement_events.id", ondelete="SET NULL"), index=True)  # an engagement event, when linked
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Makes a double-submitted form or a retried API call land once.
    submission_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    # SHA-256 of the request that carried the key, so a reused key with other content is refused.
    submission_fingerprint: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    notes: Mapped[list[Note]] = relationship(
        back_populates="session", order_by="Note.position", cascade="all, delete-orphan"
    )


class Note(Timestamped, Base):
    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_ward_kind", "ward_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("listening_sessions.id", ondelete="CASCADE"), index=True)
    session: Mapped[ListeningSession] = relationship(back_populates="notes")
    # Copied from the session so theme runs and briefings slice notes without a join.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind))
    consent: Mapped[Consent] = mapped_column(enum_column(Consent))
    language: Mapped[str] = mapped_column(String(16), default="en")
    # What analysis reads and others see: the English text with personal details redacted.
    text: Mapped[str] = mapped_column(Text)
    # Restricted: the words as written (and the original language), only for the note's
    # organisation and admins; purged after the retention period (raw_purged_at set).
    raw_text: Mapped[str | None] = mapped_column(Text)
    raw_original: Mapped[str | None] = mapped_column(Text)
    original_redacted: Mapped[str | None] = mapped_column(Text)  # the non-English words, redacted
    redactions: Mapped[dict] = mapped_column(JSON, default=dict)  # counts per kind, e.g. {"PHONE": 1}
    raw_purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaptureDraft(Timestamped, Base):
    """A session being entered through the form journey, before check-your-answers.

    Keyed to its user and to the journey's submission key; deleted in the same
    transaction that creates the session. Holds residents' words as typed (not
    redacted yet), so it is never shown to anyone but its user.
    """

    __tablename__ = "capture_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
