"""The words the whole app shares: roles and kinds of organisation.

Plain enums with no database code, so views and forms can use them without
importing models.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    STAFF = "staff"
    ANCHOR = "anchor"
    ORGANISER = "organiser"
    ADMIN = "admin"


class OrgKind(enum.StrEnum):
    COMMUNITY = "community"  # a community organisation that runs listening sessions
    ANCHOR = "anchor"  # an anchor institution: council, NHS trust, university...
    NETWORK = "network"  # the anchor network's own staff (organisers, admins)


# Which kind of organisation each role must belong to.
ROLE_ORG_KIND = {
    Role.STAFF: OrgKind.COMMUNITY,
    Role.ANCHOR: OrgKind.ANCHOR,
    Role.ORGANISER: OrgKind.NETWORK,
    Role.ADMIN: OrgKind.NETWORK,
}


class NoteKind(enum.StrEnum):
    LOVE = "love"  # what the resident loves about their area
    CHANGE = "change"  # what they would change


class Consent(enum.StrEnum):
    ANALYSIS = "analysis"  # use in analysis only, never quoted
    QUOTE = "quote"  # may be quoted anonymously (redacted)


class SessionFormat(enum.StrEnum):
    DROP_IN = "drop-in"
    GROUP = "group-conversation"
    ONE_TO_ONE = "one-to-one"
    STREET_STALL = "street-stall"
    ONLINE = "online"
    EVENT = "event"


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE_RUN_STATUSES = frozenset({RunStatus.QUEUED, RunStatus.RUNNING})


class LabelSource(enum.StrEnum):
    MODEL = "model"  # the theme's label came from the analysis
    PERSON = "person"  # an organiser named it


class EditKind(enum.StrEnum):
    """Curation edits, replayed on every new theme run by stable theme key."""

    RENAME = "rename"
    SUMMARY = "summary"
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"
    HIDE = "hide"
    LOCK = "lock"


class BriefingScope(enum.StrEnum):
    WARD = "ward"
    CITY = "city"


class BriefingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class CommitmentStatus(enum.StrEnum):
    """Where an anchor's commitment stands (issue 6)."""

    PROPOSED = "proposed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_GOING_AHEAD = "not_going_ahead"  # always with the reason


OPEN_COMMITMENT_STATUSES = frozenset({CommitmentStatus.PROPOSED, CommitmentStatus.IN_PROGRESS})


class UpdateKind(enum.StrEnum):
    CREATED = "created"
    UPDATE = "update"  # the anchor's progress note and/or status change
    NUDGE = "nudge"  # an organiser asked for news on an overdue commitment (never public)


class EventStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
