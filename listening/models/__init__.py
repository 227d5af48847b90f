"""All models, imported so that SQLAlchemy and Alembic see every table.

Each area adds one import line here for its own module.
"""

from listening.domain import ROLE_ORG_KIND, Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.models.audit import AuditEvent
from listening.models.base import Base
from listening.models.briefings import Briefing, DraftFigures, DraftRemovals
from listening.models.capture import CaptureDraft, ListeningSession, Note
from listening.models.commitments import Commitment, CommitmentTheme, CommitmentUpdate, commitment_wards
from listening.models.events import EngagementEvent, event_anchors, event_wards
from listening.models.mfa import RecoveryCode
from listening.models.org import Organisation, Ward, WardBoundary, organisation_wards
from listening.models.redaction import RedactionKeepWord
from listening.models.themes import (
    NoteTheme,
    ProvisionalPending,
    Theme,
    ThemeEdit,
    ThemeLineage,
    ThemeRun,
    ThemeTranslation,
)
from listening.models.user import ApiToken, Invitation, User

__all__ = [
    "Commitment", "CommitmentTheme", "CommitmentUpdate", "commitment_wards",
    "EngagementEvent", "event_anchors", "event_wards",
    "CaptureDraft",
    "Briefing",
    "DraftFigures",
    "DraftRemovals",
    "NoteTheme",
    "ProvisionalPending",
    "Theme",
    "ThemeEdit",
    "ThemeLineage",
    "ThemeRun",
    "ThemeTranslation",
    "Consent",
    "ListeningSession",
    "Note",
    "NoteKind",
    "SessionFormat",
    "ROLE_ORG_KIND",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Invitation",
    "OrgKind",
    "Organisation",
    "WardBoundary",
    "RecoveryCode",
    "RedactionKeepWord",
    "Role",
    "User",
    "Ward",
    "organisation_wards",
]
