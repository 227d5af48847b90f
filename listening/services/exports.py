"""Exports people open in a spreadsheet. Every cell that a spreadsheet would read as
a formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe, so an
export can never run anything in the reader's spreadsheet."""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

NOTE_COLUMNS = ["session_id", "note_id", "ward_code", "ward", "date", "venue", "format", "kind", "consent", "language", "text"]


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # a BOM, so Excel reads the UTF-8 correctly


def notes_csv(notes) -> str:
    """Redacted words only: raw text never leaves Hark in an export."""
    return csv_text(
        NOTE_COLUMNS,
        (
            [n.session_id, n.id, n.session.ward.code, n.session.ward.name, n.held_on.isoformat(), n.session.venue,
             n.session.format.value, n.kind.value, n.consent.value, n.language, n.text]
            for n in notes
        ),
    )
