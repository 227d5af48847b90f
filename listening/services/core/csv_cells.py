"""Exports people open in a spreadsheet. Every cell that a spreadsheet would read as
a formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe, so an
export can never run anything in the reader's spreadsheet. A spreadsheet may also split a
cell on a separator the file did not use (`;` in many European locales, tab, `|`, a line
break): every such segment that would start a formula gets its own apostrophe."""

from __future__ import annotations

import csv
import io
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# After any separator a spreadsheet might split on (and any spaces), a formula character or a
# control character (the separators themselves excepted: a blank segment runs nothing).
_SEGMENT_FORMULA = re.compile(r"([,;\t|\r\n] *)(?=[=+\-@\x00-\x08\x0b\x0c\x0e-\x1f\x7f])")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    text = _SEGMENT_FORMULA.sub(r"\1'", text)
    stripped = text.lstrip(" ")
    if stripped.startswith(FORMULA_START) or (stripped and (ord(stripped[0]) < 32 or stripped[0] == "\x7f")):
        return "'" + text
    return text


def csv_text(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + out.getvalue()  # a BOM, so Excel reads the UTF-8 correctly

