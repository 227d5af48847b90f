"""Reading an uploaded CSV or XLSX into rows of text cells, safely.

Every way a file can be wrong is a FileProblem with a message a person can act on:
too big, too many rows or columns, not readable as text, NUL bytes, a damaged or
oversized XLSX (a zip bomb is refused before openpyxl unpacks anything).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import ngettext

from listening.i18n import number as format_number


class FileProblem(ValueError):
    """The whole file cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            config["IMPORT_MAX_BYTES"],
            config["IMPORT_MAX_UNCOMPRESSED_BYTES"],
            config["IMPORT_MAX_ROWS"],
            config["IMPORT_MAX_COLUMNS"],
            config["IMPORT_MAX_CELL_CHARS"],
        )


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells), blank rows left out
    notices: list[str] = field(default_factory=list)
    encoding: str = ""


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def read_table(filename: str, data: bytes, limits: Limits) -> Table:
    if not data:
        raise FileProblem(_("The selected file is empty"))
    if len(data) > limits.max_bytes:
        raise FileProblem(_("The selected file must be smaller than %(size)s", size=megabytes(limits.max_bytes)))
    name = (filename or "").lower()
    if name.endswith((".xls", ".ods", ".numbers")):
        raise FileProblem(_("Save the spreadsheet as \u2018CSV UTF-8\u2019 or \u2018Excel Workbook (.xlsx)\u2019, then upload it again"))
    if name.endswith(".xlsx"):
        return _read_xlsx(data, limits)
    if data[:4] == b"PK\x03\x04":
        if name.endswith((".csv", ".txt")):
            raise FileProblem(_("The selected file is not a CSV file. If it is an Excel file, its name should end in .xlsx"))
        return _read_xlsx(data, limits)
    if name and not name.endswith((".csv", ".txt")):
        raise FileProblem(_("The selected file must be a CSV or an Excel (.xlsx) file"))
    return _read_csv(data, limits)


# ------------------------------------------------------------------ CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(_("The file is saved as UTF-16 (\u2018Unicode text\u2019). Save it as \u2018CSV UTF-8\u2019 and upload it again"))
    if b"\x00" in data:
        raise FileProblem(_("The file contains NUL bytes, so it is not a plain CSV file. Save it as \u2018CSV UTF-8\u2019 and upload it again"))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (with BOM)"
        except UnicodeDecodeError:
            raise FileProblem(_("The file says it is UTF-8 but some characters are not. Save it as \u2018CSV UTF-8\u2019 and upload it again")) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise FileProblem(_("Some characters in the file cannot be read. Save it as \u2018CSV UTF-8\u2019 and upload it again")) from None


def _read_csv(data: bytes, limits: Limits) -> Table:
    text, encoding = _decode(data)
    # The delimiter is whichever of , ; tab the header line uses most (Excel in some locales uses ;).
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(reader, limits, encoding)
    except csv.Error:
        raise FileProblem(_("The file could not be read as CSV: check it was saved as \u2018CSV UTF-8\u2019 and that every quote is closed")) from None


# ------------------------------------------------------------------ XLSX


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise FileProblem(_("The file is not a valid Excel (.xlsx) file. Open it in a spreadsheet and save it again")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > 2000:
            raise FileProblem(_("The Excel file has too many parts to be a sheet of notes. Save the notes as CSV UTF-8 instead"))
        unpacked = sum(info.file_size for info in infos)
        # zipfile stops reading any member at its declared size, so the declared total is a real bound.
        if unpacked > limits.max_uncompressed_bytes:
            raise FileProblem(
                _("The Excel file unpacks to more than %(size)s, which is far more than a sheet of notes needs. "
                  "Copy the notes into a new file, or save them as CSV UTF-8", size=megabytes(limits.max_uncompressed_bytes))
            )
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise FileProblem(_("The file is not a valid Excel (.xlsx) file. Open it in a spreadsheet and save it again"))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    _check_zip(data, limits)
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell arrives as its text ("=SUM(A1)") and is kept as text.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(_("The Excel file could not be read. Open it in a spreadsheet and save it again")) from None
    try:
        sheet = workbook["Notes"] if "Notes" in workbook.sheetnames else workbook.worksheets[0]
        rows = ([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        table = _collect(rows, limits, "Excel")
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_("The Excel file could not be read. Open it in a spreadsheet and save it again")) from None
    finally:
        workbook.close()
    if len(workbook.sheetnames) > 1:
        used = "Notes" if "Notes" in workbook.sheetnames else workbook.sheetnames[0]
        table.notices.append(_("Only the sheet \u2018%(sheet)s\u2019 was read; other sheets were ignored", sheet=used))
    return table


# ------------------------------------------------------------------ both


def _trimmed_length(cells) -> int:
    """How many cells remain once trailing empty ones are dropped: one backward scan, no copies
    (copying the row once per trailing cell made one row of 160,000 commas take 33 s)."""
    end = len(cells)
    while end and not str(cells[end - 1]).strip():
        end -= 1
    return end


def _collect(rows, limits: Limits, encoding: str) -> Table:
    header: list[str] | None = None
    out: list[tuple[int, list[str]]] = []
    extra_cells = 0
    # Blank lines are skipped, but not without end: an XLSX with one cell in row 1,048,576 yields
    # a million empty rows first. Past this many lines the file cannot be a sheet of notes.
    most_lines = 2 * limits.max_rows + 1000
    for number, cells in enumerate(rows, start=1):
        if number > most_lines:
            raise FileProblem(
                _("The file goes on past row %(most)s; a sheet of notes has at most %(rows)s rows. "
                  "Delete the empty rows below your notes, or split the file",
                  most=format_number(most_lines), rows=format_number(limits.max_rows))
            )
        length = _trimmed_length(cells)
        if not length:
            continue  # blank lines are skipped
        if header is None:
            if length > limits.max_columns:
                raise FileProblem(
                    ngettext("The file has %(num)s column; the most Hark reads is %(most)s. "
                             "Remove the columns you do not need, or start from the template",
                             "The file has %(num)s columns; the most Hark reads is %(most)s. "
                             "Remove the columns you do not need, or start from the template",
                             length, most=limits.max_columns)
                )
            header = [str(c).strip() for c in cells[:length]]
            continue
        if len(out) >= limits.max_rows:
            raise FileProblem(
                _("The file has more than %(most)s rows of notes; the most Hark can import at once is %(most)s. "
                  "Split it into smaller files", most=format_number(limits.max_rows))
            )
        width = len(header)
        if length > width:
            extra_cells += any(str(c).strip() for c in cells[width:length])
        kept = [str(c) for c in cells[: min(length, width)]]
        out.append((number, kept + [""] * (width - len(kept))))
    if header is None:
        raise FileProblem(_("The selected file is empty"))
    table = Table(header, out, encoding=encoding)
    if extra_cells:
        table.notices.append(ngettext("%(num)s row had values beyond the last named column; those values were ignored",
                                        "%(num)s rows had values beyond the last named column; those values were ignored",
                                        extra_cells))
    return table
