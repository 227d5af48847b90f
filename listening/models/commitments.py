"""Anchors' commitments against themes (by stable theme key) and wards, with a dated timeline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import CommitmentStatus, UpdateKind
from listening.models.base import Base, Timestamped, enum_column, utcnow
from listening.models.org import Organisation, Ward

commitment_wards = Table(
    "commitment_wards",
    Base.metadata,
    Column("commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CommitmentTheme(Base):
    """A commitment answers a theme, named by its stable key (theme rows change every run)."""

    __tablename__ = "commitment_themes"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True)
    theme_key: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Commitment(Timestamped, Base):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the anchor
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[CommitmentStatus] = mapped_column(enum_column(CommitmentStatus), default=CommitmentStatus.PROPOSED, index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why it is not going ahead
    last_nudged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    theme_links: Mapped[list[CommitmentTheme]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    wards: Mapped[list[Ward]] = relationship(secondary=commitment_wards, order_by=Ward.name, lazy="selectin")
    updates: Mapped[list[CommitmentUpdate]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan",
        order_by="(CommitmentUpdate.at.desc(), CommitmentUpdate.id.desc())",
    )

    @property
    def theme_keys(self) -> list[str]:
        return sorted(link.theme_key for link in self.theme_links)


class CommitmentUpdate(Base):
    """One dated entry in a commitment's timeline."""

    __tablename__ = "commitment_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    commitment: Mapped[Commitment] = relationship(back_populates="updates")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    kind: Mapped[UpdateKind] = mapped_column(enum_column(UpdateKind), default=UpdateKind.UPDATE)
    status: Mapped[CommitmentStatus | None] = mapped_column(enum_column(CommitmentStatus))  # the status after this entry
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
