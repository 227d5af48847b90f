"""Ward and city briefings: drafts follow the current themes; published ones are frozen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import BriefingScope, BriefingStatus
from listening.models.base import Base, Timestamped, enum_column
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
