"""iCalendar (RFC 5545) export of engagement events, written by hand: CRLF line endings,
lines folded at 75 octets (never inside a UTF-8 character), TEXT values escaped, a stable
UID per event, DTSTAMP and times in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_LENGTH = timedelta(hours=2)


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma escaped; newlines as \\n."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines starting with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # do not split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines carry a leading space
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("TIMEZONE", DEFAULT_TIMEZONE))


def event_times(event) -> tuple[datetime, datetime]:
    zone = timezone()
    start = datetime.combine(event.held_on, event.starts_at, tzinfo=zone)
    end = datetime.combine(event.held_on, event.ends_at, tzinfo=zone) if event.ends_at else start + DEFAULT_LENGTH
    return start, end


def ics(events: Iterable, *, calendar_name: str, url_for_event, now: datetime | None = None) -> str:
    """A VCALENDAR of the events; `url_for_event(event)` gives each event's page address."""
    stamp = _utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hark//Engagement events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for event in events:
        start, end = event_times(event)
        wards = ", ".join(w.name for w in event.wards)
        description = "\n".join(
            part for part in (
                _("Wards: %(wards)s", wards=wards) if wards else "",
                _("Host: %(host)s", host=event.host.name) if event.host else "",
                url_for_event(event),
            ) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SEQUENCE:{event.sequence or 0}",
            f"SUMMARY:{escape_text(event.title)}",
            f"LOCATION:{escape_text(event.venue)}",
            f"DESCRIPTION:{escape_text(description)}",
            f"URL:{url_for_event(event)}",
            "STATUS:" + ("CANCELLED" if event.status.value == "cancelled" else "CONFIRMED"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
