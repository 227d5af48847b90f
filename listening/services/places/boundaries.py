"""Ward boundaries and hexagon positions in the database, and their drawings for the maps.

A load checks the whole file first and then writes it in one transaction, so a bad file changes
nothing. Drawings are cached per process and redrawn when the boundaries change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from listening.extensions import db
from listening.models import Ward, WardBoundary
from listening.services.core import audit, write
from listening.services.places.drawing import Drawing, draw_boundaries, draw_hexes
from listening.services.places.geometry import BoundaryProblem, check_feature_collection

LEEDS_BOUNDARIES = Path(__file__).resolve().parents[2] / "data" / "leeds_wards_2019.geojson"
LEEDS_SOURCE = ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                "Contains OS data © Crown copyright and database right 2019.")
MAX_FILE_BYTES = 50 * 1024 * 1024
HEX_LAYOUTS = ("odd-r", "even-r")


@dataclass(frozen=True)
class Loaded:
    loaded: int
    without: list[str]  # names of active wards that still have no boundary


@dataclass(frozen=True)
class WardMap:
    """A drawing plus what the page says about it: ward names and the wards left out."""

    drawing: Drawing
    names: dict[str, str]  # code -> name, for every ward drawn
    missing: list[str]  # names of active wards without a shape in this layout
    every: dict[str, str]  # code -> name of every active ward, drawn or not
    sources: list[str]  # the attribution each loaded file asked for


def _read_json(path: Path):
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BoundaryProblem([f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MB; simplify it first "
                               "(e.g. mapshaper -simplify 10%)"])
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BoundaryProblem([f"{path.name} is not UTF-8 text; save it as GeoJSON (UTF-8)"]) from None
    except json.JSONDecodeError as error:
        raise BoundaryProblem([f"{path.name} is not valid JSON: line {error.lineno}, column {error.colno}: "
                               f"{error.msg}"]) from None


def _known() -> dict[str, str]:
    return {w.code: w.name for w in db.session.scalars(select(Ward))}


def _rows() -> dict[str, WardBoundary]:
    rows = db.session.execute(select(Ward.code, WardBoundary).join(WardBoundary, WardBoundary.ward_id == Ward.id))
    return {code: row for code, row in rows}


def _without() -> list[str]:
    with_shape = select(WardBoundary.ward_id).where(WardBoundary.geometry.is_not(None))
    return list(db.session.scalars(
        select(Ward.name).where(Ward.active.is_(True), Ward.id.not_in(with_shape)).order_by(Ward.name)))


def load_boundaries(path: Path, actor_id: int | None = None, source: str | None = None) -> Loaded:
    """Check a GeoJSON FeatureCollection of ward boundaries and save it, all or nothing. Wards not
    in the file keep whatever boundary they had."""
    data = _read_json(path)
    with write():
        known = _known()
        geometries = check_feature_collection(data, known)
        ward_ids = {w.code: w.id for w in db.session.scalars(select(Ward).where(Ward.code.in_(list(geometries))))}
        existing = _rows()
        for code, geometry in geometries.items():
            row = existing.get(code) or WardBoundary(ward_id=ward_ids[code])
            row.geometry = geometry
            row.source = (source or path.name)[:200]
            db.session.add(row)
        audit.record("ward.boundaries_loaded", actor_id, None, wards=len(geometries), file=path.name[:100])
    return Loaded(len(geometries), _without())


def load_hexjson(path: Path, actor_id: int | None = None) -> Loaded:
    """Save a HexJSON layout ({"layout": "odd-r", "hexes": {code: {"q": 0, "r": 0}}}), all or nothing."""
    data = _read_json(path)
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("hexes"), dict):
        raise BoundaryProblem(["The file must be HexJSON: an object with \"layout\" and \"hexes\" (see https://open-innovations.org/projects/hexmaps/hexjson)"])
    layout = data.get("layout")
    if layout not in HEX_LAYOUTS:
        problems.append(f"\"layout\" must be one of {', '.join(HEX_LAYOUTS)} (pointy-topped hexagons), not {layout!r}")
    with write():
        known = _known()
        cells: dict[tuple[int, int], str] = {}
        for code, hexagon in data["hexes"].items():
            code = str(code).strip().upper()
            q, r = (hexagon or {}).get("q"), (hexagon or {}).get("r")
            if code not in known:
                problems.append(f"{code} is not a known ward code; key each hex by its ward's ONS code")
            elif not (isinstance(q, int) and isinstance(r, int)) or isinstance(q, bool) or isinstance(r, bool):
                problems.append(f"{code}: \"q\" and \"r\" must be whole numbers")
            elif (q, r) in cells:
                other = cells[(q, r)]
                problems.append(f"{code} ({known[code]}): the hex at q={q}, r={r} is already {other} ({known[other]})")
            else:
                cells[(q, r)] = code
        if problems:
            raise BoundaryProblem(problems)
        ward_ids = {w.code: w.id for w in db.session.scalars(select(Ward))}
        existing = _rows()
        for (q, r), code in cells.items():
            row = existing.get(code) or WardBoundary(ward_id=ward_ids[code], source="")
            row.hex_q, row.hex_r, row.hex_layout = q, r, layout
            db.session.add(row)
        audit.record("ward.hexes_loaded", actor_id, None, wards=len(cells), file=path.name[:100])
    return Loaded(len(cells), _without())


# ---- drawings, cached -------------------------------------------------------------------------

_drawings: dict[tuple, WardMap] = {}


def _version() -> tuple:
    return tuple(db.session.execute(select(func.count(WardBoundary.id), func.max(WardBoundary.updated_at),
                                           func.count(Ward.id.distinct()), func.max(Ward.updated_at))
                                    .select_from(Ward).outerjoin(WardBoundary, WardBoundary.ward_id == Ward.id)).one())


def has_hexes() -> bool:
    return bool(db.session.scalar(select(func.count(WardBoundary.id)).where(WardBoundary.hex_q.is_not(None))))


def ward_map(width: int = 640, layout: str = "map") -> WardMap:
    """The active wards drawn at `width` ("map": boundaries; "hex": hexagons), cached until the
    boundaries or the wards change."""
    key = (_version(), width, layout)
    if key not in _drawings:
        rows = db.session.execute(select(Ward.code, Ward.name, WardBoundary)
                                  .outerjoin(WardBoundary, WardBoundary.ward_id == Ward.id)
                                  .where(Ward.active.is_(True)))
        names, geometries, hexes, hex_layout = {}, {}, {}, "odd-r"
        missing, every, sources = [], {}, set()
        for code, name, row in rows:
            every[code] = name
            if layout == "hex" and row is not None and row.hex_q is not None:
                hexes[code], hex_layout = (row.hex_q, row.hex_r), row.hex_layout or "odd-r"
            elif layout != "hex" and row is not None and row.geometry:
                geometries[code] = row.geometry
            else:
                missing.append(name)
                continue
            names[code] = name
            sources.add(row.source)
        drawing = draw_hexes(hexes, hex_layout, width) if layout == "hex" else draw_boundaries(geometries, width)
        for stale in [k for k in list(_drawings) if k[0] != key[0]]:  # list(): other threads may write
            _drawings.pop(stale, None)
        _drawings[key] = WardMap(drawing, names, sorted(missing), every, sorted(s for s in sources if s))
    return _drawings[key]
