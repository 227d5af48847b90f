"""Engagement events: planned from the themes, with a printable pack and a calendar feed."""

from listening.events import routes  # noqa: F401  (they attach their routes to bp)
from listening.events.blueprint import bp

__all__ = ["bp"]
