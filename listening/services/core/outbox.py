"""Development only: the mail the local catcher (listening/mail_catcher.py) received, read
from its folder so a newcomer can follow an invitation end to end without reading a log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

_NAME = re.compile(r"^[0-9]{20}-[0-9a-f]{8}\.eml$")


@dataclass(frozen=True)
class Sent:
    name: str
    to: str
    subject: str
    at: datetime | None
    body: str


def _read(path: Path) -> Sent:
    message = BytesParser(policy=policy.default).parse(path.open("rb"))
    part = message.get_body(preferencelist=("plain",))
    try:
        at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        at = None
    return Sent(path.name, str(message["To"] or ""), str(message["Subject"] or ""), at,
                part.get_content() if part is not None else "")


def list_sent(folder: str, limit: int = 100) -> list[Sent]:
    """The latest messages first."""
    root = Path(folder)
    if not root.is_dir():
        return []
    names = sorted((p for p in root.iterdir() if _NAME.match(p.name)), reverse=True)[:limit]
    return [_read(p) for p in names]


def get_sent(folder: str, name: str) -> Sent | None:
    path = Path(folder) / name
    if not _NAME.match(name) or not path.is_file():
        return None
    return _read(path)
