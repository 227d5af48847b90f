"""Audit rows. Callers pass ids and enumerated facts, never residents' words."""

from __future__ import annotations

from sqlalchemy import select

from listening.extensions import db
from listening.models import AuditEvent


def record(action: str, actor_id: int | None = None, obj=None, **details) -> AuditEvent:
    """Add an audit row to the current transaction (the caller commits)."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=str(obj.id) if obj is not None and getattr(obj, "id", None) is not None else None,
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(event)
    return event


def recent(limit: int = 100, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def for_object(obj, limit: int = 50) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == type(obj).__name__, AuditEvent.object_id == str(obj.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
