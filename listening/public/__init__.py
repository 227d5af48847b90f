"""The public "you said, we did" pages: one per ward, no sign-in, in the city's languages."""

from listening.public import routes  # noqa: F401  (they attach their routes to bp)
from listening.public.blueprint import bp

__all__ = ["bp"]
