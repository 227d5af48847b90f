from listening.themes import commands, curate, routes, translate  # noqa: F401  (they attach their routes to bp)
from listening.themes.blueprint import bp

__all__ = ["bp"]
