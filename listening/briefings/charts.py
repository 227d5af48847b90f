"""Server-rendered SVG charts (no JavaScript, no inline styles: colours are SVG presentation
attributes, which the CSP allows). Every chart has a table beside it on the page."""

from __future__ import annotations

from dataclasses import dataclass

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


def heatmap(rows: list[dict], keys: list[str], threshold: int, cell_w: int = 56, cell_h: int = 26, left: int = 190,
            top: int = 34) -> dict:
    """Geometry for a ward × theme heat-map: columns are numbered themes (the table names them)."""
    peak = max([c for r in rows for c in r["cells"].values() if c] or [1])
    cells = []
    for i, row in enumerate(rows):
        for j, key in enumerate(keys):
            value = row["cells"].get(key)
            x, y = left + j * cell_w, top + i * cell_h
            if value is None:
                cells.append(Cell(x, y, "#ffffff", f"<{threshold}", "#505a5f"))
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


def sort_rows(rows: list[dict], sort: str | None, direction: str | None) -> list[dict]:
    """Sort the ward × theme table by ward name, notes, or one theme's count (suppressed last)."""
    descending = direction != "asc"
    if not sort or sort == "ward":
        return sorted(rows, key=lambda r: r["name"].lower(), reverse=direction == "desc")

    def value(row):
        n = row["notes"] if sort == "notes" else row["cells"].get(sort)
        return -1 if n is None else n

    return sorted(rows, key=lambda r: (value(r), r["name"].lower()) if not descending else (-value(r), r["name"].lower()))
