"""Ward boundaries as data: `wards seed` brings Leeds's, `wards boundaries FILE` loads a network's
own, and a bad file is refused with every reason and changes nothing."""

from __future__ import annotations

import json

import pytest

from listening.services import places

KIRKSTALL = "E05011402"


def square(lon: float, lat: float, size: float = 0.02) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size * 0.6], [lon, lat + size * 0.6], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code}, "geometry": geometry} for code, geometry in features]}


def write(tmp_path, data, name="wards.geojson"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_wards_seed_loads_every_leeds_boundary_and_the_map_draws_them_all(app, runner):
    result = runner.invoke(args=["wards", "seed"])
    assert result.exit_code == 0, result.output
    assert "Loaded 33 ward(s)" in result.output and "no shape yet" not in result.output
    with app.app_context():
        ward_map = places.ward_map(640)
        assert len(ward_map.drawing.shapes) == 33 and ward_map.missing == []
        assert ward_map.names[KIRKSTALL] == "Kirkstall"
        assert all(shape.d.startswith("M") and shape.d.endswith("Z") for shape in ward_map.drawing.shapes)
        # Leeds is wider than it is tall; the drawing keeps its shape
        assert 0.6 < ward_map.drawing.height / ward_map.drawing.width < 1.0
    again = runner.invoke(args=["wards", "seed"])
    assert again.exit_code == 0 and "Loaded 33 ward(s)" in again.output


def test_a_partial_file_loads_and_the_map_names_the_wards_it_leaves_out(app, runner, make, tmp_path):
    with app.app_context():
        a, b, c = make.ward(name="Aston"), make.ward(name="Beckside"), make.ward(name="Cowley")
    path = write(tmp_path, collection((a.code, square(-1.6, 53.8)), (b.code, square(-1.58, 53.8))))
    result = runner.invoke(args=["wards", "boundaries", path])
    assert result.exit_code == 0, result.output
    assert "Loaded 2 ward(s)" in result.output and "Cowley" in result.output
    with app.app_context():
        ward_map = places.ward_map(300)
        assert {s.code for s in ward_map.drawing.shapes} == {a.code, b.code}
        assert "Cowley" in ward_map.missing
        assert c.code not in ward_map.names


@pytest.mark.parametrize(("data", "message"), [
    ("{not json", "is not valid JSON: line 1"),
    ({"type": "Feature"}, "must be a GeoJSON FeatureCollection"),
    (collection(("E05999999", square(-1.6, 53.8))), "E05999999 is not a known ward code"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": square(-1.6, 53.8)}]},
     'no "code" (or WD..CD) property'),
    (collection(("{a}", {"type": "Point", "coordinates": [-1.6, 53.8]})), "must be a Polygon or MultiPolygon"),
    (collection(("{a}", {"type": "Polygon", "coordinates": [[[-1.6, 53.8], [-1.5, 53.8], [-1.5, 53.9], [-1.6, 53.9]]]})),
     "must end where it starts"),
    (collection(("{a}", {"type": "Polygon", "coordinates": [[[-1.6, 53.8], [-1.5, 53.9], [-1.5, 53.8], [-1.6, 53.9], [-1.6, 53.8]]]})),
     "crosses itself"),
    (collection(("{a}", {"type": "Polygon", "coordinates": [[[430000, 433000], [431000, 433000], [431000, 434000], [430000, 433000]]]})),
     "is not longitude/latitude"),
    (collection(("{a}", square(-1.6, 53.8, size=0.0001))), "is not a sensible size for a ward"),
    (collection(("{a}", square(-1.6, 53.8)), ("{a}", square(-1.5, 53.8))), "appears more than once"),
    (collection(("{a}", square(-1.6, 53.8)), ("{b}", square(2.3, 48.8))), "more than one network's area"),
])
def test_a_bad_file_is_refused_plainly_and_changes_nothing(app, runner, make, tmp_path, data, message):
    with app.app_context():
        a, b = make.ward(name="Ashby"), make.ward(name="Brill")
        good = write(tmp_path, collection((a.code, square(-1.6, 53.8)), (b.code, square(-1.58, 53.8))), "good.geojson")
    assert runner.invoke(args=["wards", "boundaries", good]).exit_code == 0
    with app.app_context():
        before = places.ward_map(300)
    if not isinstance(data, str):
        data = json.loads(json.dumps(data).replace("{a}", a.code).replace("{b}", b.code))
    result = runner.invoke(args=["wards", "boundaries", write(tmp_path, data)])
    assert result.exit_code != 0
    assert message in result.output and "was not loaded (nothing was changed)" in result.output
    with app.app_context():
        assert places.ward_map(300) == before


def test_a_hexjson_layout_is_loaded_and_checked(app, runner, make, tmp_path):
    with app.app_context():
        a, b = make.ward(name="Hexham"), make.ward(name="Hexworth")
    bad = {"layout": "odd-r", "hexes": {a.code: {"q": 0, "r": 0}, b.code: {"q": 0, "r": 0}, "E05999998": {"q": 1, "r": 1}}}
    refused = runner.invoke(args=["wards", "hexes", write(tmp_path, bad, "bad.hexjson")])
    assert refused.exit_code != 0
    assert "(Hexworth): the hex at q=0, r=0 is already" in refused.output and "(Hexham)" in refused.output
    assert "E05999998 is not a known ward code" in refused.output
    with app.app_context():
        assert not places.has_hexes()
    good = {"layout": "odd-r", "hexes": {a.code: {"q": 0, "r": 0}, b.code: {"q": 1, "r": 0}}}
    assert runner.invoke(args=["wards", "hexes", write(tmp_path, good, "good.hexjson")]).exit_code == 0
    with app.app_context():
        assert places.has_hexes()
        hexes = places.ward_map(300, layout="hex")
        assert [s.code for s in hexes.drawing.shapes] == sorted([a.code, b.code])
        # equal-area: every ward gets a hexagon of the same size, side by side
        areas = [round(area(s.d)) for s in hexes.drawing.shapes]
        assert areas[0] > 1000 and len(set(areas)) == 1
        assert hexes.drawing.shapes[0].label_x < hexes.drawing.shapes[1].label_x


def area(d: str) -> float:
    points = [tuple(map(float, p.strip().split())) for p in d.strip("MZ ").replace("L", ",").split(",")]
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))) / 2


def test_an_ons_download_keyed_by_its_own_code_property_loads(app, runner, make, tmp_path):
    with app.app_context():
        a = make.ward(name="Onsley")
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"WD23CD": a.code, "WD23NM": "Onsley"}, "geometry": square(-1.6, 53.8)}]}
    result = runner.invoke(args=["wards", "boundaries", write(tmp_path, data), "--source", "ONS, OGL v3.0"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        ward_map = places.ward_map(200)
        assert a.code in ward_map.names and "ONS, OGL v3.0" in ward_map.sources
