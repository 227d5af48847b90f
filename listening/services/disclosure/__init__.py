"""Disclosure control: the one place that turns raw counts into figures anyone outside the notes'
organisation may see, and the audit that tries to work small counts back out of them.

Pure modules (no database): figures (one count), layout (how counts add up), table (protect a
whole publication against everything already published), attack (the audit's attacker), cost
(what protection costs in information). The policy is docs/disclosure.md.
"""

from listening.services.disclosure.attack import Leak, Publication, leaks, reveals_small
from listening.services.disclosure.figures import PublishedCount, Rule, Shown, from_machine, publish, share, withheld
from listening.services.disclosure.layout import ALL, Equation, Key, Layout, briefing_layout
from listening.services.disclosure.table import Protected, protect


def audit_published():
    """The audit over everything currently published (reads the database)."""
    from listening.services.disclosure import published

    return published.audit()


def published_count() -> int:
    from listening.services.disclosure import published

    return len(published.publications())

__all__ = [
    "ALL", "Equation", "Key", "Layout", "Leak", "Protected", "Publication", "PublishedCount", "Rule", "Shown",
    "audit_published", "briefing_layout", "from_machine", "leaks", "protect", "publish", "published_count", "reveals_small", "share", "withheld",
]
