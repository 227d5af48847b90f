"""Capture: listening sessions and notes, from the form journey and spreadsheets."""

from listening.capture import browse, helpers, imports, journey  # noqa: F401  (they attach their routes to bp)
from listening.capture.blueprint import bp

__all__ = ["bp"]
