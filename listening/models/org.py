"""Wards and the organisations that serve them."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table
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


class WardBoundary(Timestamped, Base):
    """A ward's shape on the map: boundaries are data a network loads (`flask wards boundaries`),
    and a ward without one still works everywhere (the maps leave it out and say so)."""

    __tablename__ = "ward_boundaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), unique=True)
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84 longitude/latitude), as validated on load.
    geometry: Mapped[dict | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200), default="")
    # Position in an equal-area hexagon layout (HexJSON q, r), when one has been loaded.
    hex_q: Mapped[int | None] = mapped_column(Integer)
    hex_r: Mapped[int | None] = mapped_column(Integer)
    hex_layout: Mapped[str | None] = mapped_column(String(8))  # odd-r, even-r
    ward: Mapped[Ward] = relationship()
