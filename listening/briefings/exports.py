"""Downloads of a briefing: PDF (the same page body with the print stylesheet) and CSV figures."""

from __future__ import annotations

from flask import Response, render_template

from listening.briefings.blueprint import bp
from listening.briefings.routes import READERS, _context, readable
from listening.permissions import roles
from listening.services import briefings


def _name(briefing, ext: str) -> str:
    place = briefing.ward.code if briefing.ward else "city"
    return f"hark-briefing-{place}-v{briefing.version}.{ext}"


@bp.route("/<int:briefing_id>.pdf")
@roles(*READERS)
def pdf(briefing_id: int):
    briefing = readable(briefing_id)
    html = render_template("briefings/print.html", **_context(briefing, briefings.snapshot(briefing)))
    return Response(
        briefings.pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_name(briefing, "pdf")}"'},
    )


@bp.route("/<int:briefing_id>.csv")
@roles(*READERS)
def csv(briefing_id: int):
    briefing = readable(briefing_id)
    return Response(
        briefings.csv_text(briefings.snapshot(briefing)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_name(briefing, "csv")}"'},
    )
