"""JSON API under /api/v1, authenticated by bearer tokens, described by OpenAPI 3.1."""

from listening.api import briefings, commitments, openapi, sessions, themes, wards  # noqa: F401  (they attach their routes to bp)
from listening.api.blueprint import bp

__all__ = ["bp"]
