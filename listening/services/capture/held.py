"""A checked spreadsheet waiting for the person's confirmation.

It is kept as the rows already read and the preview already worked out, so showing the preview
again (a reload, the back button) never parses the file again; confirming checks the stored rows
once more (wards may have changed) and saves them. It holds unredacted words, so it lives where
capture drafts live: the person's own, purged by the retention job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from listening.domain import SessionFormat
from listening.services.capture import drafts as capture_drafts
from listening.services.capture.imports import Outcome, PreviewSession, Problem, already_imported
from listening.services.capture.spreadsheets import Table


@dataclass(frozen=True)
class HeldImport:
    filename: str
    digest: str
    table: Table
    preview: list[PreviewSession]
    notes: int
    notices: list[str]


def stash(user, key: str, filename: str, outcome: Outcome) -> None:
    """Keep a checked file's rows and preview (from check_file) until it is confirmed or discarded."""
    table = outcome.table
    capture_drafts.save_draft(user, key, {"import": {
        "filename": filename, "digest": outcome.digest, "notes": outcome.notes,
        "notices": [str(n) for n in outcome.notices],
        "table": {"header": table.header, "rows": table.rows, "notices": [str(n) for n in table.notices],
                  "encoding": table.encoding},
        "preview": [[p.ward, p.held_on.isoformat(), p.venue, p.format.value, p.love, p.change]
                    for p in outcome.preview],
    }})


def _held(draft: dict | None) -> HeldImport | None:
    held = (draft or {}).get("import")
    if not held or "table" not in held:
        return None  # nothing waiting (or one stashed by an older version: upload again)
    t = held["table"]
    table = Table(t["header"], [(n, cells) for n, cells in t["rows"]], notices=t["notices"], encoding=t["encoding"])
    preview = [PreviewSession(ward, date.fromisoformat(day), venue, SessionFormat(fmt), love, change)
               for ward, day, venue, fmt, love, change in held["preview"]]
    return HeldImport(held["filename"], held["digest"], table, preview, held["notes"], held["notices"])


def waiting_import(user, key: str) -> tuple[HeldImport, Outcome] | None:
    """The waiting file and its stored preview, left waiting. Only one question is asked
    again on every view: was it imported meanwhile (from another tab)?"""
    held = _held(capture_drafts.get_draft(user, key))
    if held is None:
        return None
    outcome = Outcome(preview=held.preview, notes=held.notes, rows=len(held.table.rows),
                      encoding=held.table.encoding, notices=list(held.notices))
    if already_imported(user, held.digest):
        outcome.problems.append(Problem(None, None, _("This file has already been imported")))
    return held, outcome


def claim(user, key: str) -> HeldImport | None:
    """The waiting file, taken: a second confirmation of the same preview gets None."""
    return _held(capture_drafts.claim_draft(user, key))


def discard(user, key: str) -> None:
    capture_drafts.delete_draft(user, key)
