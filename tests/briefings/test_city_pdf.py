"""The city overview on paper (issue 17, "The city overview PDF cuts the ward x theme table off at
the right edge of A4 (columns 10-12 lost)"): every theme and every ward of the table is on the page,
inside the page's width."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from listening.domain import Role
from tests import factories
from tests.briefings.test_briefings import _draft, _publish

THEMES = {f"t{i:02d}": f"Theme label number {i} about housing" for i in range(1, 13)}
WARDS = [("E05011402", "Kirkstall"), ("E05011394", "Gipton & Harehills"), ("E05011393", "Farnley & Wortley"),
         ("E05011399", "Hunslet & Riverside"), ("E05011410", "Middleton Park"), ("E05011417", "Weetwood")]


def _many_themes(app):
    with app.app_context():
        groups = {key: [] for key in THEMES}
        organisation = factories.org(factories.OrgKind.COMMUNITY, name="Org A")
        for code, name in WARDS:
            ward = factories.ward(code, name)
            sess = factories.session(ward, organisation)
            for key in THEMES:
                for n in range(6):
                    groups[key].append(factories.note(sess, f"{key} words {code} {n}", "change", "analysis").id)
        factories.store_run(groups, labels=THEMES)


def _screenshot(data: bytes, page_number: int) -> None:
    """With HARK_SCREENSHOTS=1 (and poppler's pdftoppm), the table's page for docs/screenshots/."""
    if not os.environ.get("HARK_SCREENSHOTS") or not shutil.which("pdftoppm"):
        return
    shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "city.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page_number), "-l", str(page_number), "-singlefile",
                        str(source), str(shots / "city-pdf-table")], check=True)


def _words_with_x(page) -> list[tuple[str, float]]:
    found = []

    def visit(text, cm, tm, font, size):
        # Text of the page's own content stream (pypdf does not pass a drawing's matrix, so the
        # heat-map, drawn as a form with its own scale, is left to the figure's CSS).
        if text.strip() and list(cm) != [1, 0, 0, 1, 0, 0]:
            found.append((text, tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    page.extract_text(visitor_text=visit)
    return found


def test_every_theme_and_ward_of_the_city_table_is_inside_the_page(app, client, sign_in):
    _many_themes(app)
    sign_in(Role.ORGANISER)
    url = _draft(client, "city")
    _publish(client, url)
    response = client.get(url + ".pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    table_pages = [p for p in reader.pages if "Notes per theme in each ward" in p.extract_text()]
    assert table_pages, "the ward x theme table is in the PDF"
    text = " ".join(" ".join(p.extract_text().split()) for p in table_pages)
    for label in THEMES.values():  # each column, named in the key under its table
        assert re.search(rf"Theme \d+: {label}(?!\d)", text), f"{label} is missing from the table pages"
    assert sorted(int(n) for n in re.findall(r"Theme (\d+):", text)) == list(range(1, len(THEMES) + 1))
    for _code, name in WARDS:
        assert name in text
    _screenshot(response.data, reader.pages.index(table_pages[-1]) + 1)
    for page in table_pages:
        width = float(page.mediabox.width)
        outside = [(t, x) for t, x in _words_with_x(page) if x > width - 10]
        assert not outside, f"text beyond the right edge of the page: {outside[:5]}"


def _font_names(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def test_an_urdu_pdf_uses_the_urdu_font_hark_ships(app, client, sign_in):
    """Replays: 'Hark ships no Urdu font and relies on the reader's machine' (here, the PDF's)."""
    _many_themes(app)
    sign_in(Role.ORGANISER)
    url = _draft(client, "city")
    _publish(client, url)
    response = client.get(url + ".pdf?lang=ur")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert any("Noto-Naskh-Arabic" in name for name in _font_names(reader)), _font_names(reader)
