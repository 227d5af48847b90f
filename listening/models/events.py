"""Engagement events: planned from the themes, held in wards, feeding new sessions back in."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import EventStatus
from listening.models.base import Base, Timestamped, enum_column
from listening.models.org import Organisation, Ward

event_wards = Table(
    "event_wards",
    Base.metadata,
    Column("event_id", ForeignKey("engagement_events.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True, index=True),
)

event_anchors = Table(
    "event_anchors",
    Base.metadata,
    Column("event_id", ForeignKey("engagement_events.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class EngagementEvent(Timestamped, Base):
    __tablename__ = "engagement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)  # the calendar UID, stable across edits
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time] = mapped_column(Time)  # local wall-clock time (config HARK_TIMEZONE)
    ends_at: Mapped[time | None] = mapped_column(Time)
    venue: Mapped[str] = mapped_column(String(200))
    host_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    host: Mapped[Organisation | None] = relationship(lazy="joined", foreign_keys=[host_organisation_id])
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus),
        default=EventStatus.PLANNED, index=True,
    )
    theme_keys: Mapped[list] = mapped_column(JSON, default=list)  # themes to explore, by stable key
    gaps: Mapped[list] = mapped_column(JSON, default=list)  # groups or places under-heard (plain text)
    # The pack's questions, editable: {theme key: [question, ...]}; missing keys use the template.
    questions: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)  # the organiser's own notes for the pack
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE: bumped on each change

    wards: Mapped[list[Ward]] = relationship(secondary=event_wards, order_by=Ward.name, lazy="selectin")
    anchors: Mapped[list[Organisation]] = relationship(
        secondary=event_anchors, order_by=Organisation.name, lazy="selectin"
    )
