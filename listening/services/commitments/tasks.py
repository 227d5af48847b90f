"""Commitments' background task: the daily mail about updates due. The worker entry point imports this."""

from __future__ import annotations

from huey import crontab

from listening.extensions import huey
from listening.services.commitments.digest import send_due_digests
from listening.services.core import in_app_context


@huey.periodic_task(crontab(hour="7", minute="30"))
@in_app_context
def commitments_due_job() -> int:
    """Daily: each anchor member hears once about their institution's commitments due or overdue."""
    return send_due_digests()
