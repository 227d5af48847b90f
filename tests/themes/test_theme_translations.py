"""Theme names in other languages (issue 17, 'Theme names stay in English on the Polish and Urdu
pages, with no way for an organiser to give a translated name'): an organiser names a theme in
Polish, the Polish public page uses it, and the Urdu page shows the English name marked as English."""

from __future__ import annotations

from tests import factories
from tests.factories import PASSWORD


def _world(app):
    with app.app_context():
        return factories.world()


def _heading(page, text):
    return page.find("h3", string=lambda s: s and text in s)


def test_an_organiser_names_a_theme_in_polish_and_the_public_page_uses_it(app, client):
    w = _world(app)
    client.sign_in(w["organiser"], PASSWORD)
    url = f"/themes/runs/{w['run_id']}/themes/park/translations"
    assert client.page(f"/themes/runs/{w['run_id']}/themes/park").find("a", href=url)
    response = client.submit(url, {"label_pl": "Parki i zieleń", "summary_pl": "", "label_ur": "", "summary_ur": ""})
    assert response.status_code == 302
    client.sign_out()
    polish = client.page(f"/wards/{w['kirkstall']}?lang=pl")
    heading = polish.find("h3", string=lambda s: s and "Parki i zieleń" in s) or _heading(polish, "Parki")
    assert heading is not None and heading.get("lang") in (None, "pl")
    assert "Parks" not in " ".join(h.get_text() for h in polish.find_all("h3"))
    urdu = client.page(f"/wards/{w['kirkstall']}?lang=ur")
    english = urdu.find("h3", string=lambda s: s and s.startswith("Parks"))
    english = english or next(h for h in urdu.find_all("h3") if h.get_text().startswith("Parks"))
    assert english.get("lang") == "en" and english.find(class_="hark-in-english") is not None


def test_bad_translations_are_explained_all_at_once_and_nothing_is_saved(app, client):
    w = _world(app)
    client.sign_in(w["organiser"], PASSWORD)
    url = f"/themes/runs/{w['run_id']}/themes/park/translations"
    response = client.submit(url, {"label_pl": "x" * 201, "summary_pl": "", "label_ur": "", "summary_ur": "خلاصہ"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The name must be 200 characters or fewer" in body
    assert "Enter the name in this language as well as the summary" in body
    with app.app_context():
        from listening.services import themes

        assert themes.translations.translations_for("park") == {}
