"""The public "you said, we did" ward page: only what a published ward briefing shows.

Other areas import this package, never its modules."""

from listening.services.public.ward_page import (
    PublicTheme,
    WardPage,
    published_wards,
    version,
    ward_page,
)

__all__ = [
    "PublicTheme",
    "WardPage",
    "published_wards",
    "version",
    "ward_page",
]
