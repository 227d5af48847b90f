"""Exports people open in a spreadsheet. Every cell that a spreadsheet would read as
a formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe, so an
export can never run anything in the reader's spreadsheet."""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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

