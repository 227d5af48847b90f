"""Privacy: retention of raw text (a daily task), subject access and erasure.

Other areas import this package, never its modules."""

from listening.services.privacy.rights import (
    EXPORT_COLUMNS,
    MAX_RESULTS,
    PHONE_REGION,
    Criteria,
    EraseResult,
    PrivacyError,
    PurgeResult,
    erase,
    export,
    find_notes,
    normalise_phone,
    purge_abandoned_drafts,
    purge_raw_text,
)
from listening.services.privacy.tasks import (
    purge_raw_text_job,
)

__all__ = [
    "Criteria",
    "EXPORT_COLUMNS",
    "EraseResult",
    "MAX_RESULTS",
    "PHONE_REGION",
    "PrivacyError",
    "PurgeResult",
    "erase",
    "export",
    "find_notes",
    "normalise_phone",
    "purge_abandoned_drafts",
    "purge_raw_text",
    "purge_raw_text_job",
]
