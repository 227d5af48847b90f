"""Admin pages for subject access and erasure requests."""

from listening.privacy import routes  # noqa: F401  (they attach their routes to bp)
from listening.privacy.blueprint import bp

__all__ = ["bp"]
