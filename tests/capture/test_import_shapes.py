"""Spreadsheet shapes from issue 15: long runs of trailing empty cells, a far-away XLSX cell, the
checked preview kept parsed, and the formula guard on every separator a spreadsheet splits on."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook

from listening.extensions import db
from listening.models import CaptureDraft
from tests.capture.test_import import HEADER, ROWS, _counts, _csv, _upload, staff  # noqa: F401 - fixture


def test_a_row_followed_by_160k_commas_is_read_as_one_note(client, app, staff):  # noqa: F811
    """Finding 6: one row followed by N commas (160k took 32.7 s of CPU: trailing empty cells were
    trimmed by copying the row once per cell). The row is read as the note it is; the figures are
    in bench/csv_parse.py."""
    response = _upload(client, _csv(ROWS[0] + "," * 160_000))
    assert response.status_code == 200 and "Notes imported" in response.get_data(as_text=True)
    assert _counts(app) == (1, 1)


def test_a_header_of_a_million_commas_counts_only_named_columns(client, app, staff):  # noqa: F811
    response = _upload(client, _csv(ROWS[0], header=HEADER + "," * 1_000_000))
    assert response.status_code == 200 and _counts(app) == (1, 1)


def test_an_xlsx_cell_in_the_last_row_is_refused_plainly(client, app, staff):  # noqa: F811
    """Finding 6: an XLSX with one cell in row 1,048,576 took 3.3 s: the blank rows before it are
    now counted, and past twice the row limit the file is refused with what to do."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(ROWS[0].split(","))
    sheet.cell(row=1_048_576, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    response = _upload(client, out.getvalue(), name="notes.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Delete the empty rows below your notes" in html
    assert _counts(app) == (0, 0)


def test_the_checked_preview_is_stored_parsed(client, app, staff):  # noqa: F811
    """Finding 6: the preview page parsed the stored file again on every view. The waiting file is
    kept as the rows already read and the preview already worked out, never as the file."""
    data = _csv(*ROWS)
    response = _upload(client, data, confirm=False)
    assert response.status_code == 302
    preview_url = response.location
    with app.app_context():
        held = db.session.scalar(db.select(CaptureDraft)).data["import"]
    assert "data" not in held  # the uploaded bytes are gone
    assert [cells[7] for _n, cells in held["table"]["rows"]] == [r.split(",")[7] for r in ROWS]
    assert len(held["preview"]) == 2 and held["notes"] == 3
    first = client.page(preview_url).get_text(" ", strip=True)
    again = client.page(preview_url).get_text(" ", strip=True)
    assert "3 notes in 2 listening sessions" in first and first == again
    done = client.submit(preview_url, {}, form_url=preview_url)
    assert "Notes imported" in done.get_data(as_text=True) and _counts(app) == (2, 3)


def test_formula_guard_covers_every_separator(client, app, staff):  # noqa: F811
    """Finding 7: the CSV formula guard checked only a cell's first character, so `=1+1; x;=2+2`
    survived for spreadsheets that split on semicolons (and the same for tab, `|`, a line break)."""
    hostile = ["=1+1; x;=2+2", "calm words|@SUM(1)", "one, -2+3", "a\tb\t+cmd", "start; \x01hidden"]
    rows = [f'Kirkstall,2026-03-14,Hub,drop-in,4,,love,"{t}",quote,,' for t in hostile]
    assert _upload(client, _csv(*rows)).status_code == 200
    exported = client.raw.get("/sessions/export.csv").get_data(as_text=True).lstrip("\ufeff")
    texts = [row["text"] for row in csv.DictReader(io.StringIO(exported))]
    assert len(texts) == len(hostile)
    for text in texts:
        for segment in re.split(r"[,;\t|\r\n]", text):
            first = segment.lstrip(" ")[:1]
            assert not first or (first not in "=+-@" and ord(first) >= 32), (text, segment)
    # The words themselves are all still there, only guarded.
    assert any(t.replace("'", "") == "=1+1; x;=2+2" for t in texts)
