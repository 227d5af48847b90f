"""Hark ships its Urdu font (issue 17, 'On the Urdu public page, "ہ" and "۔" render as boxes: Hark
ships no Urdu font'): the public ward page in Urdu loads Noto Naskh Arabic from Hark itself and draws
"ہ" and "۔" with it, not with the fallback box."""

from __future__ import annotations

import pytest

from tests.browser.test_commitments_pages import KIRKSTALL, _shot, seeded  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

MEASURE = """async () => {
  await document.fonts.ready;
  const faces = await document.fonts.load('32px "Noto Naskh Arabic"', 'ہ۔');
  const width = (text, family) => {
    const span = document.createElement('span');
    span.style.fontFamily = family; span.style.fontSize = '32px'; span.style.whiteSpace = 'pre';
    span.textContent = text; document.body.append(span);
    const w = span.getBoundingClientRect().width; span.remove(); return w;
  };
  return {
    faces: faces.map(f => ({family: f.family, status: f.status})),
    family: getComputedStyle(document.querySelector('main .govuk-body')).fontFamily,
    glyphs: width('ہ۔ہ۔', 'Noto Naskh Arabic'),
    missing: width('\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}\\u{10FFFD}', 'Noto Naskh Arabic'),
    fallback: width('ہ۔ہ۔', 'NoSuchFontAnywhere'),
  };
}"""


def test_the_urdu_public_page_draws_urdu_letters_with_the_font_hark_serves(seeded, browser_page):  # noqa: F811
    page = browser_page.page
    href = f"/wards/{KIRKSTALL}"
    fonts = []
    page.on("response", lambda r: fonts.append(r.url) if "/static/dist/fonts/" in r.url and r.ok else None)
    response = browser_page.goto(f"{href}?lang=ur")
    assert response.status == 200 and page.get_attribute("html", "lang") == "ur"
    assert "ہ" in page.inner_text("main") or "۔" in page.inner_text("main")
    found = page.evaluate(MEASURE)
    assert found["faces"] and all(f["status"] == "loaded" for f in found["faces"]), found
    assert found["family"].startswith('"Noto Naskh Arabic"'), found["family"]
    assert any("noto-naskh-arabic-arabic-400" in url for url in fonts), fonts  # served by Hark
    assert found["glyphs"] > 0 and abs(found["glyphs"] - found["missing"]) > 1, found  # not boxes
    browser_page.assert_accessible()
    _shot(page, "ward-page-ur-font.png")
