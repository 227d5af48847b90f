"""Spreadsheet import: valid CSV and XLSX, each kind of invalid with its message,
limits, encodings, formula cells, and nothing saved on any error."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from listening.extensions import db
from listening.models import ListeningSession, Note

HEADER = "ward,date,venue,format,participants,facilitator,kind,text,consent,language,english"
ROWS = [
    "Kirkstall,2026-03-14,Kirkstall Community Centre,drop-in,12,,love,The library is warm and the staff are kind,quote,,",
    "E05011402,14/03/2026,Kirkstall Community Centre,drop-in,12,,change,Ring Sam on 07700 900123 about the bins,analysis,en,",
    "Gipton & Harehills,2026-03-10,Harehills Library,group-conversation,8,,change,Gali mein kooda,quote,Urdu,Rubbish is left in the street",
]


def _csv(*rows, header=HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def _upload(client, data: bytes, name="notes.csv", confirm=True):
    """Upload a file; a file that passes the checks goes to the preview, confirmed unless asked not to."""
    response = client.submit("/sessions/import", {"file": (io.BytesIO(data), name)}, form_url="/sessions/import",
                             content_type="multipart/form-data")
    if response.status_code == 302 and confirm:
        assert "/sessions/import/" in response.location
        return client.submit(response.location, {}, form_url=response.location)
    return response


def _counts(app):
    with app.app_context():
        return (db.session.scalar(db.select(db.func.count()).select_from(ListeningSession)),
                db.session.scalar(db.select(db.func.count()).select_from(Note)))


@pytest.fixture
def staff(as_user, staff_a, ward, other_ward):
    return as_user(staff_a)


def test_valid_csv_is_imported_in_sessions(client, app, staff):
    response = _upload(client, _csv(*ROWS))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "Notes imported" in response.get_data(as_text=True)
    assert _counts(app) == (2, 3)
    with app.app_context():
        notes = {n.raw_text: n for n in db.session.scalars(db.select(Note))}
        assert notes["Ring Sam on 07700 900123 about the bins"].text == "Ring [NAME] on [PHONE] about the bins"
        urdu = notes["Rubbish is left in the street"]
        assert urdu.language == "ur" and urdu.raw_original == "Gali mein kooda"
        session = db.session.scalars(db.select(ListeningSession).where(ListeningSession.participants == 12)).one()
        assert len(session.notes) == 2
    # The same file again is refused: it would double the notes.
    again = _upload(client, _csv(*ROWS))
    assert again.status_code == 422 and "already been imported" in again.get_data(as_text=True)
    assert _counts(app) == (2, 3)


def test_valid_xlsx_with_dates_numbers_and_formula_text(client, app, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    from datetime import datetime
    sheet.append(["Kirkstall", datetime(2026, 3, 14), "Centre", "drop-in", 12, None, "love", "=SUM(A1:A3) is what they said", "quote", None, None])
    sheet.append([None] * 11)  # a blank row is skipped
    sheet.append(["Kirkstall", "2026-03-14", "Centre", "Drop-in", 12.0, None, "change", "More buses please", "analysis", "en", None])
    out = io.BytesIO()
    book.save(out)
    response = _upload(client, out.getvalue(), "notes.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    assert _counts(app) == (1, 2)
    with app.app_context():
        assert db.session.scalars(db.select(Note).where(Note.kind == "love")).one().text.startswith("=SUM(A1:A3)")
    # ...and escaped on export, so a spreadsheet never runs it.
    export = client.raw.get("/sessions/export.csv").get_data(as_text=True)
    assert "'=SUM(A1:A3) is what they said" in export
    assert ",=SUM" not in export


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Atlantis,2026-03-14,Centre,drop-in,1,,love,x,quote,,", "ward", "is not a ward Hark knows"),
        (",2026-03-14,Centre,drop-in,1,,love,x,quote,,", "ward", "Enter the ward"),
        ("Kirkstall,14th March,Centre,drop-in,1,,love,x,quote,,", "date", "is not a date"),
        ("Kirkstall,,Centre,drop-in,1,,love,x,quote,,", "date", "Enter the date"),
        ("Kirkstall,2999-01-01,Centre,drop-in,1,,love,x,quote,,", "date", "today or in the past"),
        ("Kirkstall,2026-03-14,,drop-in,1,,love,x,quote,,", "venue", "Enter where the session was held"),
        ("Kirkstall,2026-03-14,Centre,picnic,1,,love,x,quote,,", "format", "is not a format"),
        ("Kirkstall,2026-03-14,Centre,drop-in,lots,,love,x,quote,,", "participants", "whole number"),
        ("Kirkstall,2026-03-14,Centre,drop-in,1,,hate,x,quote,,", "kind", "is not love or change"),
        ("Kirkstall,2026-03-14,Centre,drop-in,1,,love,,quote,,", "text", "Enter what they said"),
        ("Kirkstall,2026-03-14,Centre,drop-in,1,,love," + "x" * 2001 + ",quote,,", "text", "2,000 characters or fewer"),
        ("Kirkstall,2026-03-14,Centre,drop-in,1,,love,x,perhaps,,", "consent", "is not quote or analysis"),
        ("Kirkstall,2026-03-14,Centre,drop-in,1,,love,x,quote,Klingon!,", "language", "is not a language"),
    ],
)
def test_each_invalid_cell_is_reported_and_nothing_is_saved(client, app, staff, row, column, message):
    response = _upload(client, _csv(ROWS[0], row))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in html and message in html
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">3</td><td class="govuk-table__cell">{column}</td>' in html
    assert _counts(app) == (0, 0)


def test_missing_columns_and_extra_columns(client, app, staff):
    response = _upload(client, _csv("Kirkstall,2026-03-14", header="ward,date"))
    assert response.status_code == 422 and "no column for venue, format, kind, text, consent" in response.get_data(as_text=True)
    response = _upload(client, _csv(ROWS[0] + ",spare", header=HEADER + ",notes_to_self"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "These columns were ignored: notes_to_self" in html
    assert _counts(app) == (1, 1)


@pytest.mark.parametrize(
    ("setting", "value", "data", "message"),
    [
        ("IMPORT_MAX_BYTES", 200, None, "must be smaller than"),
        ("IMPORT_MAX_ROWS", 2, None, "more than 2 rows of notes"),
        ("IMPORT_MAX_COLUMNS", 5, None, "the most Hark reads is 5"),
        ("IMPORT_MAX_CELL_CHARS", 20, None, "the most a cell can hold is 20"),
    ],
)
def test_limits_from_config(client, app, staff, monkeypatch, setting, value, data, message):
    monkeypatch.setitem(app.config, setting, value)
    response = _upload(client, _csv(*ROWS))
    assert response.status_code in (413, 422)
    assert message in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_encodings_bom_and_windows_1252(client, app, staff):
    row = "Kirkstall,2026-03-14,Café Nero,drop-in,3,,love,The café by the park is lovely – “really”,quote,,"
    bom = b"\xef\xbb\xbf" + _csv(row)
    assert _upload(client, bom).status_code == 200
    cp1252 = ("\r\n".join([HEADER, row.replace("Nero", "Rosso")]) + "\r\n").encode("cp1252")
    assert _upload(client, cp1252).status_code == 200
    with app.app_context():
        texts = sorted(n.text for n in db.session.scalars(db.select(Note)))
        venues = sorted(s.venue for s in db.session.scalars(db.select(ListeningSession)))
    assert texts == ["The café by the park is lovely – “really”"] * 2
    assert venues == ["Café Nero", "Café Rosso"]


def test_blank_lines_and_semicolons(client, app, staff):
    data = (HEADER.replace(",", ";") + "\r\n\r\n" + ROWS[0].replace(",", ";") + "\r\n;;;\r\n").encode()
    response = _upload(client, data)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert _counts(app) == (1, 1)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"ward,date\x00,venue\r\n", "notes.csv", "NUL bytes"),
        ("ward,date\r\n".encode("utf-16"), "notes.csv", "UTF-16"),
        (b"", "notes.csv", "The selected file is empty"),
        (b"PK\x03\x04not really a zip", "notes.xlsx", "not a valid Excel"),
        (b"hello", "notes.pdf", "must be a CSV or an Excel"),
        (b"hello", "notes.xls", "Save the spreadsheet as"),
    ],
)
def test_unusable_files_get_a_clear_message(client, app, staff, data, name, message):
    response = _upload(client, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _counts(app) == (0, 0)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, app, staff, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))
    assert len(out.getvalue()) < 100 * 1024
    response = _upload(client, out.getvalue(), "notes.xlsx")
    assert response.status_code == 422 and "unpacks to more than 1 MB" in response.get_data(as_text=True)


def test_templates_download_as_csv_and_xlsx(client, staff):
    csv_text = client.raw.get("/sessions/import/template.csv").get_data(as_text=True)
    assert csv_text.lstrip("\ufeff").startswith(HEADER)
    xlsx = client.raw.get("/sessions/import/template.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
    assert book.sheetnames == ["Notes", "Guide", "Wards"]
    assert [c.value for c in next(book["Notes"].iter_rows(max_row=1))] == HEADER.split(",")
    assert client.raw.get("/sessions/import/template.pdf").status_code == 404
    # The template unchanged is refused (issue 17: its example rows were imported as real notes).
    response = _upload(client, xlsx.data, "template.xlsx")
    assert response.status_code == 422 and "are the template&#39;s examples, not real notes" in response.get_data(as_text=True)
    client.page("/sessions/import")


def test_a_checked_file_is_previewed_and_saved_only_when_confirmed(client, app, staff):
    response = _upload(client, _csv(*ROWS), confirm=False)
    assert response.status_code == 302
    preview_url = response.location
    page = client.page(preview_url)
    text = page.get_text(" ")
    assert "Check the file before you import it" in text and "notes.csv" in text
    assert "Every row is right: 3 notes" in text and "2 listening sessions" in text
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in page.select("tbody tr")]
    assert ["Kirkstall", "14 Mar 2026", "Kirkstall Community Centre", "Drop-in", "1", "1"] in rows
    assert "Ring Sam" not in str(page)  # the preview lists sessions, never what people said
    assert _counts(app) == (0, 0)  # nothing saved by looking

    done = client.submit(preview_url, {})
    assert done.status_code == 200 and "Notes imported" in done.get_data(as_text=True)
    assert _counts(app) == (2, 3)
    # Confirming again (double click, back button) saves nothing more and says why.
    again = client.raw.post(preview_url, data={"csrf_token": client.csrf_token("/sessions/import")})
    assert again.status_code == 302 and again.location.endswith("/sessions/import")
    assert "no checked file waiting" in client.page("/sessions/import").get_text(" ")
    assert _counts(app) == (2, 3)


def test_a_preview_belongs_to_the_person_who_uploaded_it(client, app, staff, make, as_user, org_a):
    from listening.models import CaptureDraft

    preview_url = _upload(client, _csv(*ROWS), confirm=False).location
    key = preview_url.rsplit("/", 1)[1]
    # The same key in the form journey starts a fresh form rather than failing.
    assert client.raw.get(f"/sessions/new/{key}/details").status_code == 200
    other = make.user(make.Role.STAFF, organisation=org_a)
    client.sign_out()
    as_user(other)
    response = client.raw.get(preview_url)
    assert response.status_code == 302 and "notes.csv" not in client.page("/sessions/import").get_text(" ")
    assert client.raw.get("/sessions/import/not!a!key").status_code == 404
    assert _counts(app) == (0, 0)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CaptureDraft)) == 1  # still the uploader's


def test_upload_a_different_file_drops_the_waiting_one(client, app, staff):
    from listening.models import CaptureDraft

    preview_url = _upload(client, _csv(*ROWS), confirm=False).location
    page = client.page(preview_url)
    assert page.find("button", string=lambda t: t and "Upload a different file" in t) is not None
    response = client.submit(preview_url, {"discard": "Upload a different file"})
    assert response.status_code == 302 and response.location.endswith("/sessions/import")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CaptureDraft)) == 0
    assert _counts(app) == (0, 0)


def test_a_refused_file_page_uploads_to_the_import_page(client, app, staff):
    """The problems page can be reached from a preview's address; its upload form must still post
    to the import, not to that preview."""
    bad = _upload(client, _csv(ROWS[0], ROWS[0].replace("love", "maybe")))
    assert bad.status_code == 422
    from bs4 import BeautifulSoup

    form = BeautifulSoup(bad.get_data(as_text=True), "html.parser").find("form", enctype="multipart/form-data")
    assert form["action"] == "/sessions/import"


def test_the_preview_says_when_rows_were_merged_into_one_session(client, app, staff):
    """Replays: 'Rows whose venue differs only by a trailing space are merged silently (fine) but not said'."""
    rows = [
        "Kirkstall,2026-03-14,Kirkstall Community Centre,drop-in,12,,love,The library is warm,quote,,",
        "Kirkstall,2026-03-14,Kirkstall Community Centre ,drop-in,12,,change,The bins are full,quote,,",
        "Kirkstall,2026-03-14,kirkstall community centre,drop-in,12,,change,The bus is late,quote,,",
    ]
    response = _upload(client, _csv(*rows), confirm=False)
    assert response.status_code == 302
    text = client.page(response.location).get_text(" ")
    assert "put in one session because their venue and facilitator differ only in spaces or capital letters" in text
    assert "rows 2:" in text and "rows 3:" in text and "rows 4:" in text
    assert _counts(app) == (0, 0)  # the preview saves nothing
    response = _upload(client, _csv(*ROWS[:1]), confirm=False)
    assert "put in one session" not in client.page(response.location).get_text(" ")
