"""Server-rendered SVG charts (no JavaScript, no inline styles: colours are SVG presentation
attributes, which the CSP allows). Every chart has a table beside it on the page."""

from __future__ import annotations

from dataclasses import dataclass

from listening.services import disclosure

LOW = (243, 242, 241)  # GOV.UK light grey
HIGH = (29, 112, 184)  # GOV.UK blue


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    fill: str
    text: str
    text_fill: str


def _mix(t: float) -> str:
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(LOW, HIGH, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _number(value, snapshot: dict) -> int | None:
    return disclosure.figure(value, snapshot).value


def heatmap(rows: list[dict], keys: list[str], snapshot: dict, cell_w: int = 56, cell_h: int = 26, left: int = 190,
            top: int = 34) -> dict:
    """Geometry for a ward × theme heat-map: columns are numbered themes (the table names them).
    Cells show the published figures only: the number, "<5", or "–" when not shown."""
    peak = max([n for r in rows for c in r["cells"].values() if (n := _number(c, snapshot))] or [1])
    cells = []
    for i, row in enumerate(rows):
        for j, key in enumerate(keys):
            shown = disclosure.figure(row["cells"].get(key), snapshot)
            value = shown.value
            x, y = left + j * cell_w, top + i * cell_h
            if value is None:
                text = f"<{shown.k}" if shown.shown is disclosure.Shown.SMALL else "–"
                cells.append(Cell(x, y, "#ffffff", text, "#505a5f"))
            else:
                t = value / peak
                cells.append(Cell(x, y, _mix(t), str(value), "#ffffff" if t > 0.55 else "#0b0c0c"))
    return {
        "width": left + len(keys) * cell_w + 10,
        "height": top + len(rows) * cell_h + 10,
        "cell_w": cell_w,
        "cell_h": cell_h,
        "left": left,
        "top": top,
        "cells": cells,
        "rows": [(top + i * cell_h, r["name"]) for i, r in enumerate(rows)],
        "columns": [(left + j * cell_w, j + 1) for j in range(len(keys))],
    }


def sort_rows(rows: list[dict], sort: str | None, direction: str | None, snapshot: dict) -> list[dict]:
    """Sort the ward × theme table by ward name, notes, or one theme's published figure (those not
    shown as a number last)."""
    descending = direction != "asc"
    if not sort or sort == "ward":
        return sorted(rows, key=lambda r: r["name"].lower(), reverse=direction == "desc")

    def value(row):
        shown = disclosure.figure(row["notes"] if sort == "notes" else row["cells"].get(sort), snapshot)
        return shown.value if shown.value is not None else (-1 if shown.shown is disclosure.Shown.SMALL else -2)

    return sorted(rows, key=lambda r: (value(r), r["name"].lower()) if not descending else (-value(r), r["name"].lower()))
