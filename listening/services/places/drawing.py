"""Ward shapes as SVG path data, ready for a template: projected once, simplified for the size
they are drawn at, fitted to a view box. Pure functions; the data layer caches the result.

Two layouts: the geographic one (from boundaries) and an equal-area hexagon one (from HexJSON
positions), where every ward gets the same space whatever its size on the ground."""

from __future__ import annotations

import math
from dataclasses import dataclass

from listening.services.places.geometry import Projection, area, polygons_of, simplify_shared

PIXEL_TOLERANCE = 0.6  # simplify until a dropped point would move less than this many view-box units


@dataclass(frozen=True)
class Shape:
    code: str
    d: str  # SVG path data in view-box units
    label_x: float  # a point inside (near the middle of) the ward's largest part
    label_y: float


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    layout: str  # "map" or "hex"


def _path(rings) -> str:
    return " ".join("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in ring[:-1]) + " Z" for ring in rings)


def _centroid(ring) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not a:
        return ring[0]
    return cx / (3 * a), cy / (3 * a)


def draw_boundaries(geometries: dict[str, dict], width: int = 640, margin: int = 8) -> Drawing:
    """Project, fit to `width` (height follows the city's shape) and simplify every ward."""
    if not geometries:
        return Drawing(width, 0, (), "map")
    projection = Projection.around(list(geometries.values()))
    (x0, x1), (y0, y1) = projection.extent(list(geometries.values()))
    scale = (width - 2 * margin) / max(x1 - x0, 1.0)
    height = round((y1 - y0) * scale + 2 * margin)

    def to_box(point):
        return (margin + (point[0] - x0) * scale, margin + (y1 - point[1]) * scale)

    rings = {}
    for code, geometry in geometries.items():
        for i, polygon in enumerate(polygons_of(geometry)):
            for j, ring in enumerate(polygon):
                rings[(code, i, j)] = [to_box(p) for p in projection.ring(ring)]
    simple = simplify_shared(rings, PIXEL_TOLERANCE)
    shapes = []
    for code in sorted(geometries):
        mine = sorted(key for key in simple if key[0] == code)
        largest = max((rings[k] for k in mine if k[2] == 0), key=area)
        label = _centroid(largest)
        shapes.append(Shape(code, _path(simple[k] for k in mine), round(label[0], 1), round(label[1], 1)))
    return Drawing(width, height, tuple(shapes), "map")


def draw_hexes(positions: dict[str, tuple[int, int]], layout: str = "odd-r", width: int = 640, margin: int = 8) -> Drawing:
    """Pointy-topped hexagons at HexJSON (q, r) positions; "odd-r"/"even-r" shift alternate rows."""
    if not positions:
        return Drawing(width, 0, (), "hex")
    shift_odd = layout != "even-r"

    def centre(q: int, r: int) -> tuple[float, float]:
        offset = 0.5 if (r % 2 == 1) == shift_odd else 0.0
        return (q + offset) * math.sqrt(3), -r * 1.5  # HexJSON rows count upwards

    centres = {code: centre(q, r) for code, (q, r) in positions.items()}
    xs = [c[0] for c in centres.values()]
    ys = [c[1] for c in centres.values()]
    span_x = max(xs) - min(xs) + math.sqrt(3)
    span_y = max(ys) - min(ys) + 2
    scale = (width - 2 * margin) / span_x
    height = round(span_y * scale + 2 * margin)
    shapes = []
    for code in sorted(centres):
        cx = margin + (centres[code][0] - min(xs) + math.sqrt(3) / 2) * scale
        cy = margin + (centres[code][1] - min(ys) + 1) * scale
        corners = [(cx + 0.96 * scale * math.cos(math.radians(60 * k - 30)),
                    cy + 0.96 * scale * math.sin(math.radians(60 * k - 30))) for k in range(6)]
        shapes.append(Shape(code, _path([corners + [corners[0]]]), round(cx, 1), round(cy, 1)))
    return Drawing(width, height, tuple(shapes), "hex")
