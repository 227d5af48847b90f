"""Wards and organisations."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import Organisation, OrgKind, Ward
from listening.services.core import audit, write


class DuplicateName(ValueError):
    """Another organisation already has this name."""


LEEDS_WARDS = Path(__file__).resolve().parents[2] / "data" / "leeds_wards_2018.csv"


def list_wards(active_only: bool = True) -> list[Ward]:
    query = select(Ward).order_by(Ward.name)
    if active_only:
        query = query.where(Ward.active.is_(True))
    return list(db.session.scalars(query))


def get_ward(ward_id: int) -> Ward | None:
    return db.session.get(Ward, ward_id)


def get_ward_by_code(code: str) -> Ward | None:
    return db.session.scalar(select(Ward).where(Ward.code == code.strip().upper()))


def seed_wards(path: Path = LEEDS_WARDS) -> tuple[int, int]:
    """Insert or rename wards from a CSV of code,name. Safe to run again."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(r["code"].strip(), r["name"].strip()) for r in csv.DictReader(handle)]
    return seed_wards_rows(rows)


def seed_wards_rows(rows: list[tuple[str, str]]) -> tuple[int, int]:
    created = updated = 0
    with write():
        existing = {w.code: w for w in db.session.scalars(select(Ward))}
        for code, name in rows:
            ward = existing.get(code)
            if ward is None:
                db.session.add(Ward(code=code, name=name))
                created += 1
            elif ward.name != name:
                ward.name = name
                updated += 1
    return created, updated


def update_ward(ward: Ward, *, name: str, active: bool, actor_id: int) -> Ward:
    with write():
        ward.name = name
        ward.active = active
        audit.record("ward.updated", actor_id, ward, active=active)
    return ward


def list_organisations(kind: OrgKind | None = None) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    return list(db.session.scalars(query))


def get_organisation(org_id: int) -> Organisation | None:
    return db.session.get(Organisation, org_id)


def get_organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def save_organisation(
    org: Organisation | None,
    *,
    name: str,
    kind: OrgKind,
    ward_ids: list[int],
    active: bool = True,
    actor_id: int | None = None,
) -> Organisation:
    with write():
        same_name = get_organisation_by_name(name)
        if same_name is not None and same_name is not org:
            raise DuplicateName(name)
        created = org is None
        if org is None:
            org = Organisation(name=name.strip(), kind=kind)
            db.session.add(org)
        org.name = name.strip()
        org.kind = kind
        org.active = active
        org.wards = list(db.session.scalars(select(Ward).where(Ward.id.in_(ward_ids))))
        db.session.flush()
        audit.record(
            "organisation.created" if created else "organisation.updated",
            actor_id,
            org,
            kind=kind.value,
            wards=len(org.wards),
        )
    return org
