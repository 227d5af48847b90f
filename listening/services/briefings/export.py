"""Briefing exports: PDF through WeasyPrint and CSV of the published figures (formula cells escaped)."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from flask import current_app

from listening.services import disclosure
from listening.services.core import safe_cell


def cell(value) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (numbers stay numbers)."""
    if value is None:
        return ""
    return safe_cell(value) if isinstance(value, str) else value


def _count(value, snapshot: dict) -> object:
    """A published figure in a CSV cell: the number, "<5", or "not shown" (docs/disclosure.md)."""
    machine = disclosure.figure(value, snapshot).machine
    return "not shown" if machine is None else machine


def csv_text(snapshot: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    t = snapshot
    place = snapshot["ward"]["name"] if snapshot.get("ward") else "City"
    writer.writerow([cell(x) for x in ("place", "theme_key", "theme", "love", "love_share_pct", "city_love_share_pct",
                                       "love_change_pp", "change", "change_share_pct", "city_change_share_pct",
                                       "change_change_pp")])
    for row in snapshot["themes"]:
        writer.writerow([
            cell(place), cell(row["key"]), cell(row["label"]),
            _count(row["love"], t), cell(row["love_share"]), cell(row["city_love_share"]), cell(row["love_delta"]),
            _count(row["change"], t), cell(row["change_share"]), cell(row["city_change_share"]),
            cell(row["change_delta"]),
        ])
    matrix = snapshot.get("matrix")
    if matrix:
        labels = {r["key"]: r["label"] for r in snapshot["themes"]}
        writer.writerow([])
        writer.writerow([cell(x) for x in ["ward_code", "ward", "notes", *(labels[k] for k in matrix["themes"])]])
        for row in matrix["wards"]:
            writer.writerow([cell(row["code"]), cell(row["name"]), _count(row["notes"], t),
                             *(_count(row["cells"].get(k), t) for k in matrix["themes"])])
    _totals(writer, place, snapshot)  # last, so the sections before it keep their places
    return out.getvalue()


# The place's totals, as the page shows them under "Who was heard" and "Notes": without them a
# reader of the CSV alone cannot tell what the theme counts are counts of.
TOTALS = (
    ("notes", ("notes", "total")),
    ("love_notes", ("notes", "love")),
    ("change_notes", ("notes", "change")),
    ("notes_not_yet_grouped", ("notes", "not_yet_grouped")),
    ("notes_needing_a_translation", ("notes", "needs_translation")),
    ("sessions", ("heard", "sessions")),
    ("people", ("heard", "people")),
)

UNTHEMED = set(disclosure.UNTHEMED_FIELDS.values())


def _totals(writer, place: str, snapshot: dict) -> None:
    writer.writerow([])
    writer.writerow([cell(x) for x in ("place", "measure", "value")])
    for measure, (part, field) in TOTALS:
        values = snapshot.get(part) or {}
        if field in UNTHEMED and not snapshot.get("left_out"):
            continue  # as on the page: said only when some note is in no theme
        if field in values:  # briefings published before a measure existed do not have it
            writer.writerow([cell(place), measure, _count(values[field], snapshot)])
    for entry in (snapshot.get("heard") or {}).get("formats", []):
        writer.writerow([cell(place), cell(f"sessions_{entry['name']}"), _count(entry["sessions"], snapshot)])


def _fetcher(static_root: Path):
    """Let WeasyPrint load our own static files only: nothing from the network or elsewhere."""
    from weasyprint.urls import URLFetcher

    root = static_root.resolve()

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "file://"
            path = Path(url[len(prefix):].split("?")[0]).resolve() if url.startswith(prefix) else None
            if path is None or not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"Not loading {url} into a PDF")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file"})


def pdf(html: str) -> bytes:
    from weasyprint import HTML

    # GOV.UK Frontend's screen-only rules (media features, @supports) are not for paper.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    static = Path(current_app.static_folder)
    # Templates link /static/...; resolve those against the static folder on disk.
    html = html.replace('="/static/', f'="file://{static}/')
    return HTML(string=html, url_fetcher=_fetcher(static), base_url=str(static)).write_pdf()
