"""Wards and the organisations that serve them."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from listening.domain import OrgKind
from listening.models.base import Base, Timestamped, enum_column

organisation_wards = Table(
    "organisation_wards",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True),
)


class Ward(Timestamped, Base):
    __tablename__ = "wards"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # ONS code, e.g. E05011402
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Ward {self.code} {self.name}>"


class Organisation(Timestamped, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrgKind] = mapped_column(
        enum_column(OrgKind, length=20)
    )
    active: Mapped[bool] = mapped_column(default=True)
    wards: Mapped[list[Ward]] = relationship(secondary=organisation_wards, order_by=Ward.name)

    def __repr__(self) -> str:
        return f"<Organisation {self.name} ({self.kind})>"
