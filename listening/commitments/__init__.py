"""Commitments: anchors' ledger of what their institution will do about what people said."""

from listening.commitments import routes  # noqa: F401  (they attach their routes to bp)
from listening.commitments.blueprint import bp

__all__ = ["bp"]
