"""Privacy's background task: the daily retention purge. The worker entry point imports this."""

from __future__ import annotations

from huey import crontab

from listening.extensions import huey
from listening.services.core import in_app_context
from listening.services.privacy.rights import purge_abandoned_drafts, purge_raw_text


@huey.periodic_task(crontab(hour="3", minute="17"))
@in_app_context
def purge_raw_text_job() -> int:
    """Daily: blank raw note text older than RAW_RETENTION_DAYS (the redacted text stays) and
    drop unfinished session drafts older than DRAFT_RETENTION_DAYS (they hold unredacted words)."""
    purge_abandoned_drafts()
    return purge_raw_text().purged
