"""Ward boundaries as plane geometry: checking a GeoJSON file, projecting it and simplifying it
for a page. Pure functions, no database, no Flask: the data layer calls them once and caches.

The projection is Lambert azimuthal equal-area centred on the city, so at city scale areas and
shapes are true (a ward's share of the map is its share of the ground). Simplification keeps
shared borders shared: every ring is cut at the points where its neighbour changes, and each
piece is simplified the same way whichever ward it is drawn for, so no slivers or gaps open.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
MIN_WARD_KM2 = 0.01  # a city block: anything smaller is a broken or wrongly-scaled file
MAX_WARD_KM2 = 5_000.0  # larger than any UK ward
MAX_EXTENT_KM = 500.0  # one network's wards, not a country
Point = tuple[float, float]
Ring = list[Point]


class BoundaryProblem(ValueError):
    """A boundary file that cannot be loaded; `problems` lists every reason, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# ---- checking ---------------------------------------------------------------------------------


def polygons_of(geometry: dict) -> list[list[Ring]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings (outer first)."""
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 0) - (v < 0)

    def within(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return any(o == 0 and within(p, q, r) for o, p, q, r in ((o1, a, b, c), (o2, a, b, d), (o3, c, d, a), (o4, c, d, b)))


def self_intersects(ring: Ring) -> bool:
    """True when two non-neighbouring edges of a closed ring touch (a sweep along x)."""
    n = len(ring) - 1
    edges = sorted(range(n), key=lambda i: min(ring[i][0], ring[i + 1][0]))
    active: list[int] = []
    for i in edges:
        a, b = ring[i], ring[i + 1]
        left = min(a[0], b[0])
        active = [j for j in active if max(ring[j][0], ring[j + 1][0]) >= left]
        for j in active:
            if abs(i - j) in (1, n - 1):
                continue  # neighbours share a vertex by construction
            if _segments_cross(a, b, ring[j], ring[j + 1]):
                return True
        active.append(i)
    return False


def _ring_problem(ring, where: str) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return f"{where}: a ring needs at least 4 positions (a triangle and its closing point)"
    for point in ring:
        if (not isinstance(point, list | tuple) or len(point) < 2
                or not all(isinstance(v, int | float) and math.isfinite(v) for v in point[:2])):
            return f"{where}: every position must be a pair of numbers [longitude, latitude]"
        if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
            return (f"{where}: position {list(point[:2])} is not longitude/latitude. GeoJSON uses WGS84 degrees "
                    "(RFC 7946); a file in metres (e.g. British National Grid) must be converted first, "
                    "for example: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson")
    if list(ring[0][:2]) != list(ring[-1][:2]):
        return f"{where}: a ring must end where it starts (its last position must repeat its first)"
    if self_intersects([(p[0], p[1]) for p in ring]):
        return f"{where}: the boundary crosses itself; repair it (e.g. in QGIS, Fix geometries) and load it again"
    return None


def _code_of(props: dict) -> str:
    """The ward code: a "code" property, or the ONS download's own (WD19CD, WD23CD, …)."""
    value = props.get("code") or next((v for k, v in props.items() if re.fullmatch(r"wd\d\dcd", str(k).lower())), "")
    return str(value or "").strip().upper()


def check_feature_collection(data, known: dict[str, str]) -> dict[str, dict]:
    """The geometry of each ward in a GeoJSON FeatureCollection, keyed by ward code, or
    BoundaryProblem naming every problem (unknown or repeated codes, broken or absurd shapes)."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise BoundaryProblem(["The file must be a GeoJSON FeatureCollection (a \"features\" list of ward Features)."])
    problems: list[str] = []
    found: dict[str, dict] = {}
    for number, feature in enumerate(data["features"], start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        code = _code_of(props or {})
        label = f"Feature {number}" + (f" ({code})" if code else "")
        if not code:
            problems.append(f"{label}: no \"code\" (or WD..CD) property; give each Feature its ward's ONS code, as in `wards seed`")
            continue
        if code not in known:
            problems.append(f"{label}: {code} is not a known ward code; add the ward first (flask wards seed --file)")
            continue
        if code in found:
            problems.append(f"{label}: {code} appears more than once; keep one Feature per ward")
            continue
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon") or not isinstance(geometry.get("coordinates"), list):
            problems.append(f"{label}: the geometry must be a Polygon or MultiPolygon")
            continue
        ring_problems = [
            p for i, polygon in enumerate(polygons_of(geometry))
            for j, ring in enumerate(polygon if isinstance(polygon, list) else [None])
            if (p := _ring_problem(ring, f"{label}, polygon {i + 1}, ring {j + 1}"))
        ]
        if ring_problems:
            problems += ring_problems[:3]
            continue
        found[code] = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
    if not problems and not found:
        problems.append("The file has no ward Features.")
    if not problems:
        problems += _size_problems(found, known)
    if problems:
        raise BoundaryProblem(problems)
    return found


def _size_problems(found: dict[str, dict], known: dict[str, str]) -> list[str]:
    projection = Projection.around(list(found.values()))
    problems = []
    for code, geometry in found.items():
        km2 = sum(area(projection.ring(polygon[0])) - sum(area(projection.ring(h)) for h in polygon[1:])
                  for polygon in polygons_of(geometry)) / 1e6
        if not MIN_WARD_KM2 <= km2 <= MAX_WARD_KM2:
            problems.append(f"{code} ({known[code]}): {km2:.3g} km² is not a sensible size for a ward "
                            f"(expected {MIN_WARD_KM2}–{MAX_WARD_KM2:g} km²); check the file's units and coordinates")
    xs, ys = projection.extent(list(found.values()))
    wide = max(xs[1] - xs[0], ys[1] - ys[0]) / 1000
    if wide > MAX_EXTENT_KM:
        problems.append(f"The wards span {wide:.0f} km, more than one network's area ({MAX_EXTENT_KM:g} km); "
                        "check that every Feature belongs to this network")
    return problems


# ---- projecting -------------------------------------------------------------------------------


def area(ring: Ring) -> float:
    """Unsigned area of a closed ring in the plane (shoelace)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))) / 2


@dataclass(frozen=True)
class Projection:
    """Lambert azimuthal equal-area on a sphere, centred on (lon0, lat0); metres, y northwards."""

    lon0: float
    lat0: float

    @classmethod
    def around(cls, geometries: list[dict]) -> Projection:
        lons = [p[0] for g in geometries for poly in polygons_of(g) for p in poly[0]]
        lats = [p[1] for g in geometries for poly in polygons_of(g) for p in poly[0]]
        return cls((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)

    def point(self, lon: float, lat: float) -> Point:
        lam, phi = math.radians(lon - self.lon0), math.radians(lat)
        phi0 = math.radians(self.lat0)
        cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
        k = math.sqrt(2 / (1 + cos_c))
        x = k * math.cos(phi) * math.sin(lam)
        y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
        return (EARTH_RADIUS_M * x, EARTH_RADIUS_M * y)

    def ring(self, ring) -> Ring:
        return [self.point(p[0], p[1]) for p in ring]

    def extent(self, geometries: list[dict]) -> tuple[tuple[float, float], tuple[float, float]]:
        points = [self.point(p[0], p[1]) for g in geometries for poly in polygons_of(g) for p in poly[0]]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return (min(xs), max(xs)), (min(ys), max(ys))


# ---- simplifying ------------------------------------------------------------------------------


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """Keep the first and last points and, recursively, any point farther than tolerance."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        far, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x0) - dx * (py - y0)) / length if length else math.hypot(px - x0, py - y0)
            if d > far:
                far, index = d, i
        if index is not None and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _key(point) -> tuple[float, float]:
    return (round(point[0], 6), round(point[1], 6))


def simplify_shared(rings: dict[tuple, Ring], tolerance: float) -> dict[tuple, Ring]:
    """Simplify every ring (keyed by any id, in projected metres) so that a border two wards share
    is simplified identically in both: vertices where the set of rings touching a point changes
    are kept, and each piece between them is simplified in one canonical direction."""
    owners: dict[tuple, set] = defaultdict(set)
    for ring_id, ring in rings.items():
        for point in ring[:-1]:
            owners[_key(point)].add(ring_id[0])
    simplified: dict[tuple, Ring] = {}
    cache: dict[tuple, Ring] = {}
    for ring_id, ring in rings.items():
        body = ring[:-1]
        n = len(body)
        fixed = [i for i in range(n) if owners[_key(body[i])] != owners[_key(body[i - 1])]
                 or owners[_key(body[i])] != owners[_key(body[(i + 1) % n])]]
        if not fixed:  # a ring nobody borders along its length (an island, the outline): anchor it
            fixed = [0, max(range(n), key=lambda i: math.dist(body[0], body[i]))] if n > 2 else [0]
        out: Ring = []
        for a, b in zip(fixed, fixed[1:] + [fixed[0] + n], strict=True):
            piece = [body[i % n] for i in range(a, b + 1)]
            forward = _key(piece[0]) + _key(piece[-1]) <= _key(piece[-1]) + _key(piece[0])
            ident = tuple(_key(p) for p in (piece if forward else piece[::-1]))
            if ident not in cache:
                cache[ident] = _douglas_peucker(piece if forward else piece[::-1], tolerance)
            part = cache[ident] if forward else cache[ident][::-1]
            out += part[:-1]
        out.append(out[0])
        simplified[ring_id] = out if len(out) >= 4 else ring
    return simplified
