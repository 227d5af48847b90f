"""Ward maps for the pages: shapes from `places.ward_map` (drawn and cached there), coloured by
figures that have already been through disclosure control, ready for templates/macros/map.html.

Colours: five steps of one hue (ColorBrewer Blues), light to dark, so the order survives
greyscale and every kind of colour blindness; "no figure" is white and a withheld figure is
hatched, never coloured, so its colour cannot hint at its size. The figures themselves are in the
table the template draws beside every map."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from listening.services import disclosure, places

PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # Blues, lightest dropped: white means "none"
NONE_FILL = "#ffffff"
OTHER_FILL = "#dee0e2"  # locator map: the other wards
HIGHLIGHT_FILL = "#08519c"
STROKE = "#505a5f"

SHOWN, SUPPRESSED, NONE = "shown", "suppressed", "none"


@dataclass(frozen=True)
class Value:
    """One ward's figure as it may be shown: `number` (what the colour follows) is None unless shown."""

    number: float | None
    text: str
    state: str = SHOWN


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    d: str
    href: str | None
    fill: str
    title: str
    state: str
    text: str
    highlight: bool = False


def from_figure(figure: disclosure.PublishedCount, none_text: str | None = None) -> Value:
    """A published count as a map value: a number when shown, hatched when small or withheld."""
    if figure.value is None:
        return Value(None, figure.display(), SUPPRESSED)
    if figure.value == 0 and none_text:
        return Value(None, none_text, NONE)
    return Value(float(figure.value), figure.display())


def share_value(part: disclosure.PublishedCount, whole: disclosure.PublishedCount, none_text: str) -> Value:
    """A ward's share of its own notes, from published figures only (disclosure.share)."""
    if whole.value == 0:
        return Value(None, none_text, NONE)
    if part.value is None:
        return Value(None, part.display(), SUPPRESSED)
    percent = disclosure.share(part, whole)
    if percent is None:
        return Value(None, whole.display(), SUPPRESSED)
    return Value(float(percent), _("%(percent)s%%", percent=percent))


def _nice_step(peak: float, classes: int = len(PALETTE)) -> float:
    raw = max(peak, 1) / classes
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def breaks(values: list[float]) -> list[float]:
    """Equal steps from 0 with round numbers, as few classes as cover the largest value (at most 5)."""
    if not values:
        return []
    step = _nice_step(max(values))
    top = max(values)
    edges = [0.0]
    while edges[-1] < top or len(edges) < 2:
        edges.append(edges[-1] + step)
    return edges


def _colours(n: int) -> list[str]:
    """n colours spread over the palette, light to dark."""
    if n == 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)]


def _class_of(number: float, edges: list[float]) -> int:
    for i in range(len(edges) - 1):
        if number < edges[i + 1]:
            return i
    return len(edges) - 2


def _fmt(number: float, unit: str) -> str:
    text = format_decimal(round(number, 1) if number % 1 else int(number))
    return text + unit


def choropleth(ward_map: places.WardMap, values: dict[str, Value], *, href: Callable[[str], str | None],
               caption: str, id_prefix: str, unit: str = "", none_label: str, suppressed_label: str,
               describe: Callable[[str, Value], str] | None = None) -> dict:
    """Everything the map macro draws: areas, legend, and the rows of the table beside it."""
    shown = [v.number for v in values.values() if v.state == SHOWN and v.number is not None]
    edges = breaks(shown)
    colours = _colours(len(edges) - 1) if edges else []
    areas = []
    for shape in ward_map.drawing.shapes:
        name = ward_map.names[shape.code]
        value = values.get(shape.code) or Value(None, none_label, NONE)
        if value.state == SHOWN and value.number is not None:
            fill = colours[_class_of(value.number, edges)]
        elif value.state == SUPPRESSED:
            fill = f"url(#{id_prefix}-hatch)"
        else:
            fill = NONE_FILL
        title = describe(name, value) if describe else _("%(ward)s: %(figure)s", ward=name, figure=value.text)
        areas.append(Area(shape.code, name, shape.d, href(shape.code), fill, title, value.state, value.text))
    legend = [(colours[i], _("%(low)s to under %(high)s", low=_fmt(edges[i], unit), high=_fmt(edges[i + 1], unit)))
              for i in range(len(colours))]
    legend.append((f"url(#{id_prefix}-hatch)", suppressed_label))
    legend.append((NONE_FILL, none_label))
    rows = sorted(((ward_map.every.get(code) or code, code, value) for code, value in values.items()),
                  key=lambda row: row[0].lower())
    return _result(ward_map, areas, caption, id_prefix, legend=legend, rows=rows)


def locator(ward_map: places.WardMap, codes: str | set[str], *, href: Callable[[str], str | None], caption: str,
            id_prefix: str, chosen_title: Callable[[str], str] | None = None) -> dict:
    """A small map of the city with one ward (or an event's wards) picked out; no figures."""
    chosen = {codes} if isinstance(codes, str) else set(codes)
    chosen_title = chosen_title or (lambda name: _("%(ward)s (this ward)", ward=name))
    areas = []
    for shape in ward_map.drawing.shapes:
        name = ward_map.names[shape.code]
        mine = shape.code in chosen
        title = chosen_title(name) if mine else name
        areas.append(Area(shape.code, name, shape.d, None if mine else href(shape.code),
                          HIGHLIGHT_FILL if mine else OTHER_FILL, title, NONE, "", highlight=mine))
    areas.sort(key=lambda a: a.highlight)  # drawn last, so its outline sits on top
    return _result(ward_map, areas, caption, id_prefix, legend=[], rows=[])


def _result(ward_map, areas, caption, id_prefix, *, legend, rows) -> dict:
    drawing = ward_map.drawing
    return {
        "id": id_prefix, "width": drawing.width, "height": drawing.height, "areas": areas, "caption": caption,
        "legend": legend, "rows": rows, "missing": ward_map.missing, "layout": drawing.layout,
        "sources": ward_map.sources,
    }


ALL_NOTES = "all"


def overview(snapshot: dict, choice: str | None, layout: str, labels: dict[str, str],
             href: Callable[[str], str | None]) -> dict | None:
    """The city overview's map: every ward's share of its notes on one theme, or its notes."""
    matrix = snapshot.get("matrix")
    if not matrix:
        return None
    ward_map = places.ward_map(640, layout)
    if not ward_map.drawing.shapes:  # no boundaries loaded: no map, the tables stand alone
        return None
    if choice not in matrix["themes"]:
        choice = ALL_NOTES
    rows = {row["code"]: row for row in matrix["wards"]}
    zero = disclosure.figure(0, snapshot)
    values = {}
    for code in ward_map.every:
        row = rows.get(code)
        notes = disclosure.figure(row["notes"], snapshot) if row else zero
        if choice == ALL_NOTES:
            values[code] = from_figure(notes, none_text=_("no notes yet"))
        else:
            part = disclosure.figure(row["cells"].get(choice), snapshot) if row else zero
            values[code] = share_value(part, notes, none_text=_("no notes yet"))
    if choice == ALL_NOTES:
        caption = _("Notes from each ward.")
        heading, unit = _("Notes"), ""
    else:
        caption = _("Share of each ward's notes about “%(theme)s”.", theme=labels.get(choice, choice))
        heading, unit = _("Share of notes"), "%"
    m = choropleth(ward_map, values, href=href, caption=caption, id_prefix="overview-map", unit=unit,
                   none_label=_("No notes yet"),
                   suppressed_label=_("Too few to show (fewer than %(k)s, or withheld to protect a small number)",
                                      k=snapshot.get("threshold", 5)))
    m.update(choice=choice, heading=heading,
             choices=[(ALL_NOTES, _("All notes"))] + [(key, labels.get(key, key)) for key in matrix["themes"]])
    return m


def planner(heard: dict, href: Callable[[str], str | None]) -> dict | None:
    """The events planner's map: wards shaded by how many people have been heard there, so the
    wards nobody has listened in yet stand out."""
    ward_map = places.ward_map(640)
    if not ward_map.drawing.shapes:  # no boundaries loaded: no map, the tables stand alone
        return None
    nobody = _("nobody heard yet")
    not_shown = disclosure.withheld(disclosure.rule()).display()
    values = {}
    for code in ward_map.every:
        entry = heard.get(code)
        if entry is None or entry.gap:
            values[code] = Value(None, nobody, NONE)
        elif entry.withheld:  # protects a smaller number elsewhere: neither a gap nor a figure
            values[code] = Value(None, not_shown, SUPPRESSED)
        else:
            values[code] = from_figure(entry.people, none_text=_("no people recorded"))

    def describe(name: str, value: Value) -> str:
        if value.state == NONE or value.text == not_shown:
            return _("%(ward)s: %(figure)s", ward=name, figure=value.text)
        return _("%(ward)s: %(figure)s people heard", ward=name, figure=value.text)

    k = disclosure.rule().k
    if any(entry.withheld for entry in heard.values()):
        suppressed = _("Too few to show (fewer than %(k)s, or withheld to protect a small number)", k=k)
    else:
        suppressed = _("Fewer than %(k)s people heard", k=k)
    m = choropleth(ward_map, values, href=href, caption=_("People heard in each ward so far."),
                   id_prefix="planner-map", none_label=_("Nobody heard yet: a gap"),
                   suppressed_label=suppressed, describe=describe)
    m["heading"] = _("People heard")
    return m
