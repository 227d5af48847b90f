"""The journey-key check the capture pages share (the journey and the import preview)."""

from __future__ import annotations

import re

from flask import abort

# A journey's (or waiting import's) key: secrets.token_urlsafe(18) makes 24 of these characters.
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def check_key(key: str) -> None:
    if not _KEY.match(key):
        abort(404)
