from listening.auth import mfa, routes, tokens  # noqa: F401  (they attach their routes to bp)
from listening.auth.blueprint import bp

__all__ = ["bp"]
