"""Disclosure control: the one place that turns raw counts into figures anyone outside the notes'
organisation may see, and the audit that tries to work small counts back out of them.

Pure modules (no database): figures (one count), layout (how counts add up), table (protect a
whole publication against everything already published), attack (the audit's attacker), briefing
and snapshot (which counts a briefing publishes, and reading a stored one back), vocabulary (words
that may be seen), cost (what protection costs). `published` reads what is published from the
database. The policy is docs/disclosure.md.

Other areas import this package, never its modules.
"""

from listening.services.disclosure import published
from listening.services.disclosure.attack import Leak, Publication, leaks, reveals_small
from listening.services.disclosure.briefing import FORMATS, Counts, Session, generation
from listening.services.disclosure.cost import Cost, cost
from listening.services.disclosure.figures import (
    PublishedCount,
    Rule,
    Shown,
    exact,
    from_machine,
    publish,
    share,
    some,
    withheld,
)
from listening.services.disclosure.layout import (
    ALL,
    OTHERS,
    YOURS,
    Equation,
    Key,
    Layout,
    briefing_layout,
    event_layout,
)
from listening.services.disclosure.snapshot import (
    UNTHEMED_FIELDS,
    counts_from_facts,
    display,
    figure,
    protect_briefing,
    read,
    rule_of,
)
from listening.services.disclosure.table import Protected, protect
from listening.services.disclosure.vocabulary import NoteWords, Vocabulary


def audit_published() -> list[Leak]:
    """The audit over everything currently published (reads the database)."""
    return published.audit()


def published_count() -> int:
    return len(published.publications())


def history(exclude_id: int | None = None) -> list[Publication]:
    """Every published version (but `exclude_id`), for `protect` to guard against."""
    return published.publications(exclude_id)


def published_layout() -> Layout:
    """How the published briefings' counts add up, over every ward."""
    return published.layout()


rule = published.rule  # the configured rule (SUPPRESSION_THRESHOLD, DISCLOSURE_ROUNDING_BASE)
secret = published.secret

__all__ = [
    "UNTHEMED_FIELDS", "ALL", "FORMATS", "OTHERS", "YOURS", "event_layout", "exact", "some", "published_layout", "Cost", "Counts", "Equation", "Key", "Layout", "Leak", "NoteWords", "Protected", "Publication",
    "PublishedCount", "Rule", "Session", "Shown", "Vocabulary", "audit_published", "briefing_layout", "cost",
    "counts_from_facts", "display", "figure", "from_machine", "generation", "history", "leaks", "protect", "protect_briefing", "publish",
    "published_count", "read", "reveals_small", "rule", "rule_of", "secret", "share", "withheld",
]
