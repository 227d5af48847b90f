"""Ward briefings and the city overview: drafts for organisers, published versions for all."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, format_time
from flask_babel import gettext as _
from flask_login import current_user

from listening import maps
from listening.briefings import charts
from listening.briefings.blueprint import bp
from listening.briefings.forms import NewDraftForm, PublishForm, SummaryForm
from listening.domain import BriefingStatus, Role
from listening.permissions import roles
from listening.services import briefings, commitments, places

READERS = (Role.ANCHOR, Role.ORGANISER, Role.ADMIN)
ORGANISERS = (Role.ORGANISER, Role.ADMIN)


def can_edit() -> bool:
    return current_user.role in ORGANISERS


def _new_draft_form(formdata=None) -> NewDraftForm:
    form = NewDraftForm(formdata=formdata)
    form.scope.choices = [("", _("Choose")), ("city", _("The whole city"))] + [
        (w.code, w.name) for w in places.list_wards()
    ]
    return form


@bp.route("/")
@roles(*READERS)
def index():
    return render_template(
        "briefings/index.html",
        briefings=briefings.index(include_drafts=can_edit()),
        form=_new_draft_form() if can_edit() else None,
    )


@bp.route("/drafts", methods=["POST"])
@roles(*ORGANISERS)
def create_draft():
    form = _new_draft_form(request.form)
    if not form.validate_on_submit():
        return render_template("briefings/index.html", briefings=briefings.index(True), form=form), 400
    ward = None
    if form.scope.data != "city":
        ward = places.get_ward_by_code(form.scope.data)
        if ward is None:
            abort(404)
    try:
        draft = briefings.create_draft(ward, current_user.id)
        briefings.prepare_figures(draft)  # worked out once now, so its page never waits for them
    except briefings.BriefingError as error:
        form.scope.errors = [str(error)]
        return render_template("briefings/index.html", briefings=briefings.index(True), form=form), 400
    return redirect(url_for("briefings.show", briefing_id=draft.id))


def readable(briefing_id: int):
    """The briefing if this person may read it: anchors never see drafts (404, not 403)."""
    briefing = briefings.get(briefing_id)
    if briefing is None or (briefing.status != BriefingStatus.PUBLISHED and not can_edit()):
        abort(404)
    return briefing


def _context(briefing, snapshot):
    matrix = snapshot.get("matrix")
    sort, direction = request.args.get("sort"), request.args.get("dir")
    labels = {t["key"]: t["label"] for t in snapshot["themes"]}
    ward_code = (snapshot.get("ward") or {}).get("code")
    context = {
        "briefing": briefing, "s": snapshot, "labels": labels, "themes_by_key": {t["key"]: t for t in snapshot["themes"]},
        # live, as of today, while the briefing's figures stay frozen
        "commitments_by_theme": commitments.for_published([t["key"] for t in snapshot["themes"]],
                                                          commitments.for_ward_code(ward_code)),
        "heard_nobody": briefing.ward_id is not None and briefings.heard_nobody(snapshot),
    }
    if matrix:
        if sort not in (None, "ward", "notes", *matrix["themes"]):
            sort = None
        rows = charts.sort_rows(matrix["wards"], sort, direction, snapshot)
        context.update(
            matrix_rows=rows,
            heatmap=charts.heatmap(rows, matrix["themes"], snapshot),
            sort=sort or "ward",
            direction="asc" if direction == "asc" or (direction is None and not sort) else "desc",
        )
        layout = "hex" if request.args.get("layout") == "hex" and places.has_hexes() else "map"
        pages = {b.ward.code: b.id for b in briefings.index(include_drafts=False) if b.ward is not None}
        context.update(
            ward_map=maps.overview(snapshot, request.args.get("map"), layout, labels,
                                   href=lambda code: url_for("briefings.show", briefing_id=pages[code]) if code in pages else None),
            map_layout=layout, map_layouts=places.has_hexes(),
        )
    return context


def _worked_out(moment) -> str:
    """When older figures were worked out: the time today, else the date and time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    same_day = format_datetime(moment, "yyyy-MM-dd") == format_datetime(datetime.now(UTC), "yyyy-MM-dd")
    return format_time(moment, "short") if same_day else format_datetime(moment, "medium")


# Set when publishing did not go ahead: the page it returns to shows the draft's current figures
# (built while the organiser waits if need be), never an older build, as its message says.
CHECK_CURRENT = "briefing_check_current"


def _figures(briefing, current: bool = False) -> tuple[dict, str | None]:
    """The snapshot a page shows, and when an older build of a draft is shown, when it was worked
    out (the page says so while the background refresh builds the current figures). `current`: a
    draft's current figures, whatever it takes."""
    if briefing.status != BriefingStatus.DRAFT or current:
        return briefings.snapshot(briefing), None
    figures = briefings.draft_view(briefing)
    return figures.snapshot, None if figures.current or figures.built_at is None else _worked_out(figures.built_at)


def _publish_form(snapshot) -> PublishForm:
    return PublishForm(prefix="publish", formdata=None, data={"seen": briefings.digest(snapshot)})


@bp.route("/<int:briefing_id>")
@roles(*READERS)
def show(briefing_id: int):
    briefing = readable(briefing_id)
    current = session.pop(CHECK_CURRENT, None) == briefing.id
    try:
        snapshot, older_at = _figures(briefing, current)
    except briefings.BriefingError as error:
        flash(str(error))
        return redirect(url_for("briefings.index"))
    is_draft = briefing.status == BriefingStatus.DRAFT
    return render_template(
        "briefings/show.html",
        **_context(briefing, snapshot),
        older_at=older_at,
        history=[b for b in briefings.versions(briefing.scope_key) if b.status == BriefingStatus.PUBLISHED or can_edit()],
        summary_form=SummaryForm(prefix="summary", data={"summary": briefing.summary or ""}, formdata=None)
        if is_draft and can_edit() else None,
        publish_form=_publish_form(snapshot) if is_draft and can_edit() else None,
    )


@bp.route("/<int:briefing_id>/summary", methods=["POST"])
@roles(*ORGANISERS)
def summary(briefing_id: int):
    briefing = readable(briefing_id)
    form = SummaryForm(prefix="summary")
    if form.validate_on_submit():
        try:
            briefings.update_summary(briefing, form.summary.data, current_user.id)
        except briefings.BriefingError as error:
            flash(str(error))
        else:
            flash(_("The summary has been saved."), "success")
        return redirect(url_for("briefings.show", briefing_id=briefing.id))
    snapshot, older_at = _figures(briefing)
    return render_template(
        "briefings/show.html",
        **_context(briefing, snapshot),
        older_at=older_at,
        history=briefings.versions(briefing.scope_key),
        summary_form=form,
        form=form,
        publish_form=_publish_form(snapshot),
    ), 400


@bp.route("/<int:briefing_id>/publish", methods=["POST"])
@roles(*ORGANISERS)
def publish(briefing_id: int):
    briefing = readable(briefing_id)
    form = PublishForm(prefix="publish")
    if not form.validate_on_submit():
        abort(400)
    if not form.seen.data:
        # The page always sends the digest of the figures it showed; without it nothing says which
        # figures the organiser checked (a form kept from an older page, say). Scripts that publish
        # without a page call briefings.publish(seen=None) (see docs/briefings.md).
        session[CHECK_CURRENT] = briefing.id
        flash(_("The briefing has not been published: this page did not say which figures you checked. "
                "The current figures are shown below: check them, then publish again."))
        return redirect(url_for("briefings.show", briefing_id=briefing.id))
    try:
        # The figures the page showed: when the current ones differ (it showed an older build, or
        # something changed since), nothing is published and the page shows the current ones.
        briefings.publish(briefing, current_user.id, seen=form.seen.data)
    except briefings.FiguresChanged as error:
        session[CHECK_CURRENT] = briefing.id
        flash(str(error))
    except briefings.BriefingError as error:
        flash(str(error))
    else:
        flash(_("Published. Anchor members can now read this briefing; it will not change."), "success")
    return redirect(url_for("briefings.show", briefing_id=briefing.id))
