"""The ward maps people meet: the city overview's map of a theme, with the same figures in a table,
suppressed wards hatched and never showing their figure, and the map in the PDF."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from listening.domain import Role
from listening.maps import NONE_FILL, PALETTE
from tests import factories

KIRKSTALL, ARMLEY, GIPTON = "E05011402", "E05011385", "E05011394"


@pytest.fixture
def world(app):
    with app.app_context():
        return factories.map_world()


def _city_draft(client):
    token = client.csrf_token("/briefings/")
    response = client.post("/briefings/drafts", data={"csrf_token": token, "scope": "city"})
    assert response.status_code == 302
    return response.location


def _wards(page):
    svg = page.find("div", id="overview-map").find("svg")
    return {el["data-ward"]: el for el in svg.select("[data-ward]")}


def _table(page):
    rows = page.find("div", id="overview-map").select("tbody tr")
    return {tr["data-ward"]: tr.find("td").get_text(strip=True) for tr in rows}


def test_the_city_overview_maps_every_ward_with_a_boundary_and_links_to_its_briefing(world, client, sign_in):
    sign_in(Role.ANCHOR)
    draft_free = client.page(f"/briefings/{world['kirkstall_briefing']}")
    assert draft_free.find("div", id="overview-map") is None  # a ward briefing has no city map
    client.sign_out()
    sign_in(Role.ORGANISER)
    page = client.page(_city_draft(client))
    wards = _wards(page)
    assert len(wards) == 33 and world["nowhere"] not in wards
    assert "Nowhere Ward" in page.find("p", class_="hark-map__missing").get_text()
    assert wards[KIRKSTALL].name == "a" and wards[KIRKSTALL]["href"] == f"/briefings/{world['kirkstall_briefing']}"
    assert wards[ARMLEY].name == "g" and not wards[ARMLEY].get("href")  # no briefing to go to yet
    assert wards[KIRKSTALL].find("title").get_text().startswith("Kirkstall: ")
    assert "Office for National Statistics" in page.find("p", class_="hark-map__source").get_text()
    assert not page.select("[style]")  # the CSP forbids inline styles
    # all notes: every ward's title and table row carry the same figure
    table = _table(page)
    for code in (KIRKSTALL, ARMLEY, GIPTON):
        assert wards[code].find("title").get_text().split(": ", 1)[1] == table[code]
    assert table["E05011411"] == "no notes yet" and wards["E05011411"].find("path")["fill"] == NONE_FILL


def _percent(text):
    return int(text.rstrip("%"))


def test_colours_follow_the_figures_and_a_suppressed_ward_never_shows_its_figure(world, client, sign_in):
    sign_in(Role.ORGANISER)
    url = _city_draft(client)
    page = client.page(url + "?map=park")
    assert page.find("select", id="map-choice").find("option", selected=True)["value"] == "park"
    wards, table = _wards(page), _table(page)
    fills = {code: wards[code].find("path")["fill"] for code in wards}
    # Armley: two thirds of its notes on parks; Kirkstall: a third. Darker means more.
    assert _percent(table[ARMLEY]) > _percent(table[KIRKSTALL]) > 0
    assert PALETTE.index(fills[ARMLEY]) > PALETTE.index(fills[KIRKSTALL])
    legend = [li.get_text(" ", strip=True) for li in page.select(".hark-map__legend li")]
    assert legend[0].startswith("0% to under") and any("Too few to show" in text for text in legend)
    # Gipton's parks count is small: hatched, and its figure is nowhere on the map or in the table
    assert fills[GIPTON] == "url(#overview-map-hatch)"
    title = wards[GIPTON].find("title").get_text()
    assert title == "Gipton & Harehills: fewer than 5" and table[GIPTON] == "fewer than 5"
    assert not re.search(r"\d", title.replace("fewer than 5", ""))
    assert page.find("pattern", id="overview-map-hatch") is not None
    # an unknown theme falls back to all notes rather than failing
    assert client.page(url + "?map=%3Cscript%3E").find("select", id="map-choice").find("option", selected=True)["value"] == "all"


def test_the_pdf_carries_the_map(world, client, sign_in):
    sign_in(Role.ORGANISER)
    url = _city_draft(client)
    briefing_id = url.rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/briefings/{briefing_id}.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Where in the city" in text and "Notes from each ward." in text and "No notes yet" in text
    assert "Show on the map" not in text  # the form is for the screen only
    # the wards are drawn as vector shapes in the palette's colours, the suppressed one hatched
    drawn = [p for p in reader.pages if p.get_contents().get_data().count(b" l\n") > 1000]
    assert len(drawn) == 1
    content = drawn[0].get_contents().get_data()
    assert _rg(PALETTE[-1]) in content and _rg(NONE_FILL) in content
    assert drawn[0]["/Resources"].get("/Pattern")


def _rg(colour: str) -> bytes:
    """How WeasyPrint writes a fill colour into a PDF content stream."""
    parts = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return (" ".join(f"{v:.6f}".rstrip("0").rstrip(".") if v not in (0, 1) else str(int(v)) for v in parts) + " rg").encode()


def test_the_public_ward_page_shows_where_the_ward_is(world, client):
    page = client.page(f"/wards/{KIRKSTALL}")
    locator = page.find("figure", id="locator")
    wards = {el["data-ward"]: el for el in locator.select("[data-ward]")}
    assert len(wards) == 33
    mine = wards[KIRKSTALL]
    assert mine.find("title").get_text() == "Kirkstall (this ward)"
    assert mine.find("path")["fill"] != wards[ARMLEY].find("path")["fill"]
    assert len({w.find("path")["fill"] for code, w in wards.items() if code != KIRKSTALL}) == 1
    # the highlighted ward is drawn last, so its outline is not hidden under a neighbour's
    assert list(wards)[-1] == KIRKSTALL
    assert "Where Kirkstall is" in locator.find("figcaption").get_text()
    assert not locator.select("a")  # no other ward has a public page yet, and this one is here
    assert "Office for National Statistics" in locator.get_text()
    assert not page.select("[style]")


def test_the_events_planner_shades_wards_by_people_heard_and_links_gaps_to_planning(world, client, sign_in, app):
    sign_in(Role.ORGANISER)
    page = client.page("/events/")
    m = page.find("div", id="planner-map")
    wards = {el["data-ward"]: el for el in m.find("svg").select("[data-ward]")}
    table = {tr["data-ward"]: tr.find("td").get_text(strip=True) for tr in m.select("tbody tr")}
    assert len(wards) == 33
    # Kirkstall and Gipton: one session of 12 people each (shown, rounded to 10); Armley: 3 people, too few to show
    assert wards[KIRKSTALL].find("title").get_text() == f"Kirkstall: {table[KIRKSTALL]} people heard"
    assert wards[KIRKSTALL].find("path")["fill"] in PALETTE
    assert wards[ARMLEY].find("path")["fill"] == "url(#planner-map-hatch)"
    assert table[ARMLEY] == "fewer than 5" and wards[ARMLEY].find("title").get_text() == "Armley: fewer than 5 people heard"
    # a ward nobody has listened in is white, says so, and links to planning an event there
    roundhay = wards["E05011411"]
    assert roundhay.find("path")["fill"] == NONE_FILL and table["E05011411"] == "nobody heard yet"
    assert roundhay["href"] == "/events/new?ward=E05011411"
    form = client.page(roundhay["href"])
    chosen = [box["value"] for box in form.select("input[name=wards][checked]")]
    with app.app_context():
        from listening.services import places

        assert chosen == [str(places.get_ward_by_code("E05011411").id)]
    client.sign_out()
    # staff cannot plan: a ward links to its public page when it has one
    sign_in(Role.STAFF)
    svg = client.page("/events/").find("div", id="planner-map").find("svg")
    wards = {el["data-ward"]: el for el in svg.select("[data-ward]")}
    assert wards[KIRKSTALL]["href"] == f"/wards/{KIRKSTALL}" and not wards["E05011411"].get("href")


def test_without_any_boundaries_the_pages_have_no_map_and_still_work(app, client, sign_in):
    with app.app_context():
        data = factories.world(publish=True)
    page = client.page(f"/wards/{data['kirkstall']}")
    assert page.find(id="locator") is None and "Kirkstall" in page.h1.get_text()
    sign_in(Role.ORGANISER)
    assert client.page("/events/").find(id="planner-map") is None
    overview = client.page(_city_draft(client))
    assert overview.find(id="overview-map") is None and overview.find("table", class_="hark-matrix") is not None


def test_the_city_overview_offers_an_equal_area_hexagon_layout_when_one_is_loaded(world, client, sign_in, runner, tmp_path):
    sign_in(Role.ORGANISER)
    url = _city_draft(client)
    assert client.page(url).find(id="map-layout-hex") is None  # no HexJSON loaded: geographic only
    codes = sorted(_wards(client.page(url)))
    hexes = {"layout": "odd-r", "hexes": {code: {"q": i % 6, "r": i // 6} for i, code in enumerate(codes)}}
    path = tmp_path / "leeds.hexjson"
    path.write_text(json.dumps(hexes), encoding="utf-8")
    assert runner.invoke(args=["wards", "hexes", str(path)]).exit_code == 0
    page = client.page(url + "?map=park&layout=hex")
    assert page.find(id="map-layout-hex").has_attr("checked")
    wards = _wards(page)
    assert sorted(wards) == codes
    # the same figures and colours, only the shapes change: every ward a hexagon of six corners
    assert all(w.find("path")["d"].count("L") == 5 for w in wards.values())
    assert wards[GIPTON].find("path")["fill"] == "url(#overview-map-hatch)"
    assert PALETTE.index(wards[ARMLEY].find("path")["fill"]) > PALETTE.index(wards[KIRKSTALL].find("path")["fill"])


def test_an_event_pack_and_its_pdf_show_where_the_event_is(world, client, sign_in, app):
    from datetime import date, time

    from listening.services import events, places
    from listening.services.accounts import users

    with app.app_context():
        organiser = users.get_by_email(world["organiser"])
        data = events.EventInput(title="Armley listening day", held_on=date(2026, 12, 5), starts_at=time(10),
                                 venue="Armley library", ward_ids=[places.get_ward_by_code(ARMLEY).id])
        event_id = events.create(organiser, data).id
    sign_in(Role.STAFF)
    pack = client.page(f"/events/{event_id}/pack")
    wards = {el["data-ward"]: el for el in pack.find("figure", id="pack-map").select("[data-ward]")}
    assert len(wards) == 33 and list(wards)[-1] == ARMLEY
    assert wards[ARMLEY].find("title").get_text() == "Armley (a ward of this event)"
    response = client.get(f"/events/{event_id}/pack.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    assert any(p.get_contents().get_data().count(b" l\n") > 1000 for p in reader.pages)  # the map, drawn
    assert "Where the event's wards are" in " ".join(p.extract_text() for p in reader.pages)
