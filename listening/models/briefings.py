"""Ward and city briefings: drafts follow the current themes; published ones are frozen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import BriefingScope, BriefingStatus
from listening.models.base import Base, Timestamped, enum_column, utcnow
from listening.models.org import Ward


class Briefing(Timestamped, Base):
    __tablename__ = "briefings"
    # Versions count per ward (or for the city): "city" or the ward's code.
    __table_args__ = (UniqueConstraint("scope_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[BriefingScope] = mapped_column(enum_column(BriefingScope))
    scope_key: Mapped[str] = mapped_column(String(32), index=True)
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("wards.id"), index=True)
    ward: Mapped[Ward | None] = relationship(lazy="joined")
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[BriefingStatus] = mapped_column(enum_column(BriefingStatus), default=BriefingStatus.DRAFT)
    summary: Mapped[str | None] = mapped_column(Text)  # the human summary (organiser's words)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_runs.id", ondelete="SET NULL"))
    # Everything the published briefing shows, suppressed and frozen. NULL while a draft.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class DraftFigures(Base):
    """A draft briefing's figures as last built, shared by every web process (briefings.draft_cache).
    `key` names the draft and everything its figures were built from; a row whose key is no longer
    current is never read again, and is replaced by the next view. Holds residents' redacted words
    (the quotes): an erasure or retention purge deletes every row at once."""

    __tablename__ = "draft_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DraftRemovals(Base):
    """One row: how many times words have been removed from what drafts may show (an erasure, a
    consent withdrawn, a note or session deleted, a purge; briefings.draft_cache). A build reads it
    before it reads anything else and is kept only if it has not moved: no clock is trusted."""

    __tablename__ = "draft_removals"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
