from listening.main import routes  # noqa: F401  (they attach their routes to bp)
from listening.main.blueprint import bp

__all__ = ["bp"]
