"""Draft → publish, what anchors may see, immutable snapshots, PDF and CSV exports."""

import csv
import io

import pytest
from pypdf import PdfReader

from listening.domain import EditKind, Role
from listening.services import themes
from listening.services.themes import curation
from tests import factories
from tests.pages import check_html


@pytest.fixture
def setup(app):
    """Kirkstall and Gipton with notes, and a current run with three themes.

    Built in its own app context: requests must not share one (Flask-WTF keeps the CSRF token on g)."""
    with app.app_context():
        return _setup()


def _setup():
    kirkstall = factories.ward("E05011402", "Kirkstall")
    gipton = factories.ward("E05011394", "Gipton & Harehills")
    ids = factories.corpus(kirkstall, repeat=3)
    other = factories.corpus(gipton, consent="analysis")
    groups = {k: ids[k] + other[k] for k in ids}
    run = factories.store_run(groups, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
    return {"run": run, "kirkstall": kirkstall, "gipton": gipton, "ids": ids}


def _draft(client, scope):
    token = client.csrf_token("/briefings/")
    response = client.post("/briefings/drafts", data={"csrf_token": token, "scope": scope})
    assert response.status_code == 302, [e.get_text(" ", strip=True) for e in check_html(response).select(".govuk-error-message, .govuk-error-summary")]
    return response.location


def _publish(client, url):
    """Press the page's publish button (its form carries the digest of the figures shown)."""
    page = client.page(url)
    data = {field: page.select_one(f"input[name='{field}']")["value"] for field in ("publish-csrf_token", "publish-seen")}
    briefing_id = url.rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/briefings/{briefing_id}/publish", data=data).status_code == 302
    return briefing_id


def test_organiser_publishes_and_an_anchor_reads_it(setup, client, sign_in):
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011402")
    page = client.page(url)
    assert "Draft" in page.get_text() and "Kirkstall ward briefing" in page.h1.get_text()
    token = client.csrf_token(url)
    briefing_id = url.rsplit("/", 1)[1]
    client.post(f"/briefings/{briefing_id}/summary", data={"summary-csrf_token": token, "summary-summary": "Parks matter."})
    _publish(client, url)
    client.sign_out()

    sign_in(Role.ANCHOR)
    index = client.page("/briefings/")
    assert "Kirkstall ward briefing" in index.get_text() and "Start a new briefing" not in index.get_text()
    page = client.page(url)
    text = page.get_text(" ")
    assert "Parks matter." in text and "What people love" in text and "Community spirit" in text
    assert "Who was heard" in text and "Write the summary" not in text
    # Issue 12 replaces "a top list may name a theme as 'fewer than 5'": a theme is a top love or
    # change theme for the ward only when its count there reaches the threshold, so every count
    # in the top lists is a number of at least 5.
    rows = [row for table in page.select("table.hark-briefing-table") for row in table.select("tbody tr")]
    assert rows
    for row in rows:
        count = row.select("td")[0].get_text(strip=True)
        assert count.replace(",", "").isdigit() and int(count.replace(",", "")) >= 5, count


def test_anchors_never_see_drafts(setup, client, sign_in, app):
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011394")
    client.sign_out()
    sign_in(Role.ANCHOR)
    assert client.get(url).status_code == 404
    assert client.get(url + ".pdf").status_code == 404
    assert "Gipton" not in client.page("/briefings/").get_text()


def test_a_published_briefing_never_changes_and_the_next_version_shows_the_change(setup, client, sign_in, app):
    organiser = sign_in(Role.ORGANISER)
    url = _draft(client, "E05011402")
    first_id = _publish(client, url)
    before = client.get(url).get_data(as_text=True)
    with app.app_context():
        run = themes.current_run()
        curation.edit(run, EditKind.RENAME, "park", organiser.id, value="Green spaces")
        factories.store_run({k: v for k, v in setup["ids"].items()})  # a whole new run
    after = client.get(url).get_data(as_text=True)
    assert "Green spaces" not in after and before.count("Parks") == after.count("Parks")
    second = _draft(client, "E05011402")
    assert second != url
    page = client.page(second)
    assert "Green spaces" in page.get_text() and "Version 1" in page.get_text()
    _publish(client, second)
    assert client.page(f"/briefings/{first_id}").find(string=lambda s: "Green spaces" in s) is None


def test_pdf_has_the_ward_and_its_top_themes(setup, client, sign_in):
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011402")
    _publish(client, url)
    response = client.get(url + ".pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Kirkstall" in text
    for label in ("Parks", "Buses", "Community spirit"):
        assert label in text


def test_csv_escapes_formulas_and_suppresses_small_counts(setup, client, sign_in, app):
    organiser = sign_in(Role.ORGANISER)
    with app.app_context():
        curation.edit(themes.current_run(), EditKind.RENAME, "buses", organiser.id, value="=HYPERLINK(\"http://x\")")
    url = _draft(client, "city")
    response = client.get(url + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and not any(c.startswith("=") for c in cells)
    assert all(int(c) >= 5 for c in cells if c.isdigit())


def test_csv_carries_the_totals_the_page_shows(setup, client, sign_in):
    """A reader of the CSV alone can tell what the theme counts are counts of: the place's notes (all,
    love, change), sessions and people, as the page publishes them (one session here: "<5")."""
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011402")
    said = " ".join(client.page(url).get_text().split())
    rows = list(csv.reader(io.StringIO(client.get(url + ".csv").get_data(as_text=True))))
    start = rows.index(["place", "measure", "value"])
    totals = {measure: value for place, measure, value in rows[start + 1:] if place == "Kirkstall"}
    assert {"notes", "love_notes", "change_notes", "sessions", "people"} <= totals.keys()
    assert f"Notes: {totals['notes']} ({totals['love_notes']} about what people love, {totals['change_notes']}" in said
    assert int(totals["notes"]) == int(totals["love_notes"]) + int(totals["change_notes"])
    assert totals["sessions"] == "<5"  # one session: never "1"
    assert not any(value.isdigit() and int(value) < 5 for value in totals.values())
    assert "notes_not_yet_grouped" not in totals  # every note is in a theme: the page does not mention it either


def test_city_overview_has_a_heatmap_a_table_and_sorting(setup, client, sign_in):
    sign_in(Role.ORGANISER)
    url = _draft(client, "city")
    page = client.page(url)
    svg = page.find("svg", class_="hark-heatmap")
    assert svg is not None and svg.find("rect") is not None
    assert not page.select("[style]")  # the CSP forbids inline styles
    table = page.find("table", class_="hark-matrix")
    names = [th.get_text(strip=True) for th in table.select("tbody th")]
    assert names == sorted(names)
    page = client.page(url + "?sort=ward&dir=desc")
    names = [th.get_text(strip=True) for th in page.find("table", class_="hark-matrix").select("tbody th")]
    assert names == sorted(names, reverse=True)
    assert client.get(url + "?sort=%3Cscript%3E").status_code == 200


def test_a_draft_needs_themes_first(make, client, sign_in):
    make.ward("E05011402", "Kirkstall")
    sign_in(Role.ORGANISER)
    token = client.csrf_token("/briefings/")
    response = client.post("/briefings/drafts", data={"csrf_token": token, "scope": "E05011402"})
    assert response.status_code == 400 and "There are no themes yet" in response.get_data(as_text=True)


def _quotes_by_list(page):
    """{"What people love": [quote texts], "What people would change": [...]} from a briefing page."""
    found, heading = {}, None
    for el in page.select(".hark-briefing h2, .hark-briefing blockquote"):
        if el.name == "h2":
            heading = el.get_text(strip=True)
        elif heading:
            found.setdefault(heading, []).append(el.get_text(strip=True).strip("“”"))
    return found


def test_each_list_quotes_only_notes_of_its_kind(setup, client, sign_in):
    sign_in(Role.ORGANISER)
    page = client.page(_draft(client, "E05011402"))
    quotes = _quotes_by_list(page)
    kinds = {text: kind for items in factories.CORPUS.values() for kind, text in items}

    def kind_of(quote):
        return next(k for text, k in kinds.items() if quote.startswith(text))

    assert quotes["What people love"] and quotes["What people would change"]
    assert {kind_of(q) for q in quotes["What people love"]} == {"love"}
    assert {kind_of(q) for q in quotes["What people would change"]} == {"change"}
