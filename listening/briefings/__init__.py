from listening.briefings import exports, routes  # noqa: F401  (they attach their routes to bp)
from listening.briefings.blueprint import bp

__all__ = ["bp"]
