"""Unfinished capture journeys (and spreadsheets waiting for confirmation), one row per journey
key and person. They hold unredacted words, so the retention job drops old ones."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from listening.extensions import db
from listening.models import CaptureDraft, User
from listening.models.base import utcnow
from listening.services.capture.sessions import CaptureError
from listening.services.core import write


def get_draft(user: User, key: str) -> dict | None:
    draft = db.session.scalar(select(CaptureDraft).where(CaptureDraft.key == key, CaptureDraft.user_id == user.id))
    return dict(draft.data) if draft else None


def save_draft(user: User, key: str, data: dict) -> None:
    """Create or replace the user's draft for this journey. Someone else's key: CaptureError."""
    with write():
        draft = db.session.scalar(select(CaptureDraft).where(CaptureDraft.key == key))
        if draft is not None and draft.user_id != user.id:
            raise CaptureError(_("This form belongs to someone else"))
        if draft is None:
            draft = CaptureDraft(key=key, user_id=user.id, data={})
            db.session.add(draft)
        draft.data = dict(data)  # a new object, so the JSON change is seen


def claim_draft(user: User, key: str) -> dict | None:
    """Take the person's draft and delete it, atomically: of two requests racing for one draft
    (a double click), exactly one gets it; the other gets None."""
    with write():
        draft = db.session.scalar(select(CaptureDraft).where(CaptureDraft.key == key, CaptureDraft.user_id == user.id))
        if draft is None:
            return None
        data = dict(draft.data)
        taken = db.session.execute(CaptureDraft.__table__.delete().where(CaptureDraft.id == draft.id)).rowcount
    return data if taken == 1 else None


def delete_draft(user: User, key: str) -> None:
    with write():
        db.session.execute(CaptureDraft.__table__.delete().where(
            CaptureDraft.key == key, CaptureDraft.user_id == user.id))



def discard_drafts_older_than(days: int, now=None) -> int:
    """Drafts hold unredacted words: remove abandoned ones (the daily retention job calls this)."""

    cutoff = (now or utcnow()) - timedelta(days=days)
    with write():
        result = db.session.execute(CaptureDraft.__table__.delete().where(CaptureDraft.updated_at < cutoff))
    return result.rowcount or 0
