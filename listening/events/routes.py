"""Events: list, plan, the event page (gaps, notes gathered), the pack (A4 and PDF), the calendar."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening import maps
from listening.domain import EventStatus, Role
from listening.events.blueprint import bp
from listening.events.forms import EventForm, LinkSessionForm, OutcomeForm, QuestionsForm, RefreshGapsForm, parse_time
from listening.permissions import roles
from listening.services import commitments, events, places
from listening.services import public as public_pages
from listening.services.briefings import pdf

READERS = (Role.STAFF, Role.ORGANISER, Role.ADMIN)
PLANNERS = (Role.ORGANISER, Role.ADMIN)

def _event(event_id: int):
    event = events.get(event_id)
    if event is None:
        abort(404)
    return event


def _planner_map():
    """Where people have been heard; a ward links to planning an event there (for planners) or
    to its public page (for everyone else, when it has one)."""
    if events.can_plan(current_user):
        def href(code):
            return url_for("events.new", ward=code)
    else:
        published = {code for code, _name, _at in public_pages.published_wards()}

        def href(code):
            return url_for("public.ward", code=code) if code in published else None
    return maps.planner(events.heard_by_ward(), href)


@bp.route("/")
@roles(*READERS)
def index():
    past = events.list_events(upcoming=False)
    return render_template(
        "events/index.html",
        upcoming=events.list_events(upcoming=True),
        past=past,
        awaiting={e.id for e in past if events.needs_outcome(e)},
        can_plan=events.can_plan(current_user),
        ward_map=_planner_map(),
    )


def _form(formdata=None, event=None) -> EventForm:
    data = None
    if event is not None:
        data = {
            "title": event.title, "held_on": event.held_on, "starts_at": event.starts_at.strftime("%H:%M"),
            "ends_at": event.ends_at.strftime("%H:%M") if event.ends_at else "", "venue": event.venue,
            "host": event.host_organisation_id or 0, "wards": [w.id for w in event.wards],
            "anchors": [a.id for a in event.anchors], "themes": list(event.theme_keys or []),
            "gaps": "\n".join(event.gaps or []), "status": event.status.value, "notes": event.notes or "",
        }
    form = EventForm(formdata=formdata, data=data)
    form.host.choices = [(0, _("None yet"))] + [(o.id, o.name) for o in events.community_organisations()]
    form.wards.choices = [(w.id, w.name) for w in places.list_wards()]
    form.anchors.choices = [(o.id, o.name) for o in events.anchor_organisations()]
    form.themes.choices = events.theme_choices_for()
    if event is not None:
        have = {k for k, _label in form.themes.choices}
        form.themes.choices += [(k, k) for k in event.theme_keys or [] if k not in have]
    if formdata is None and event is None:
        form.status.data = EventStatus.PLANNED.value
    return form


def _input(form: EventForm) -> events.EventInput:
    return events.EventInput(
        title=form.title.data or "",
        held_on=form.held_on.data,
        starts_at=parse_time(form.starts_at.data),
        ends_at=parse_time(form.ends_at.data) if form.ends_at.data else None,
        venue=form.venue.data or "",
        host_organisation_id=form.host.data or None,
        ward_ids=list(form.wards.data or []),
        anchor_ids=list(form.anchors.data or []),
        theme_keys=list(form.themes.data or []),
        gaps=(form.gaps.data or "").splitlines(),
        status=EventStatus(form.status.data),
        notes=form.notes.data or "",
    )


_FIELDS = {"title", "held_on", "starts_at", "ends_at", "venue", "host", "wards", "anchors", "themes", "gaps", "notes"}


def _save(form: EventForm, event=None):
    if not form.validate_on_submit():
        return None
    data = _input(form)
    if not [g for g in data.gaps if g.strip()]:
        data.gaps = events.gaps_for_wards(data.ward_ids)
    try:
        if event is None:
            return events.create(current_user, data)
        return events.update(current_user, event, data)
    except events.EventError as error:
        getattr(form, error.field if error.field in _FIELDS else "title").errors = [error.message]
        return None


@bp.route("/new", methods=["GET", "POST"])
@roles(*PLANNERS)
def new():
    form = _form(request.form if request.method == "POST" else None)
    chosen = places.get_ward_by_code(request.args.get("ward", "")[:16]) if request.method == "GET" else None
    if chosen is not None and chosen.active:  # from the planner's map: plan an event in this ward
        form.wards.data = [chosen.id]
    if request.method == "POST":
        saved = _save(form)
        if saved is not None:
            flash(_("Event planned. Its pack is ready to print."), "success")
            return redirect(url_for("events.show", event_id=saved.id))
        return render_template("events/form.html", form=form, event=None), 400
    return render_template("events/form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@roles(*PLANNERS)
def edit(event_id: int):
    event = _event(event_id)
    if request.method == "POST":
        form = _form(request.form, event)
        if _save(form, event) is not None:
            flash(_("Event updated."), "success")
            return redirect(url_for("events.show", event_id=event.id))
        return render_template("events/form.html", form=form, event=event), 400
    return render_template("events/form.html", form=_form(None, event), event=event)


def _link_form(event, formdata=None) -> LinkSessionForm | None:
    sessions = events.linkable_sessions(current_user, event)
    if not sessions:
        return None
    form = LinkSessionForm(formdata=formdata)
    form.session.choices = [(0, _("Choose a session"))] + [
        (s.id, f"{s.held_on.isoformat()} – {s.venue} ({s.organisation.name})") for s in sessions
    ]
    return form


def _show(event, link_form=None, status=200, outcome_form=None):
    link_form = link_form or _link_form(event)
    if outcome_form is None and events.needs_outcome(event) and events.can_plan(current_user):
        outcome_form = OutcomeForm(formdata=None)
    return render_template(
        "events/show.html",
        event=event,
        outcome_form=outcome_form,
        needs_outcome=events.needs_outcome(event),
        gathered=events.gathered(event, current_user),
        link_form=link_form,
        form=link_form,
        gaps_form=RefreshGapsForm(formdata=None) if events.can_plan(current_user) else None,
        can_plan=events.can_plan(current_user),
        labels=commitments.known_theme_keys(),
        log_url=url_for("capture.new_session", event=event.id)
        if "capture.new_session" in current_app.view_functions else None,
    ), status


@bp.route("/<int:event_id>")
@roles(*READERS)
def show(event_id: int):
    return _show(_event(event_id))


@bp.route("/<int:event_id>/sessions", methods=["POST"])
@roles(*READERS)
def link_session(event_id: int):
    event = _event(event_id)
    form = _link_form(event, request.form)
    if form is None:
        abort(404)
    if not form.validate_on_submit():
        return _show(event, form, 400)
    try:
        events.link_session(current_user, event, form.session.data)
    except events.EventError as error:
        form.session.errors = [error.message]
        return _show(event, form, 400)
    flash(_("The session is now linked to this event."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/outcome", methods=["POST"])
@roles(*PLANNERS)
def record_outcome(event_id: int):
    """The answer to "Did this go ahead?" on a planned event whose day has passed."""
    event = _event(event_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _show(event, status=400, outcome_form=form)
    try:
        events.record_outcome(current_user, event, form.went_ahead.data == "yes")
    except events.EventError as error:
        form.went_ahead.errors = [error.message]
        return _show(event, status=400, outcome_form=form)
    flash(_("Thank you. The event is now marked as held.") if form.went_ahead.data == "yes"
          else _("Thank you. The event is now marked as cancelled."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/gaps", methods=["POST"])
@roles(*PLANNERS)
def refresh_gaps(event_id: int):
    event = _event(event_id)
    if not RefreshGapsForm().validate_on_submit():
        abort(400)
    events.refresh_gaps(current_user, event)
    flash(_("Gaps suggested again from the sessions logged so far."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/questions", methods=["GET", "POST"])
@roles(*PLANNERS)
def questions(event_id: int):
    event = _event(event_id)
    pack = events.draft_pack(event)
    errors = {}
    if request.method == "POST":
        if not QuestionsForm().validate_on_submit():
            abort(400)
        submitted = {t.key: (request.form.get(f"q-{t.key}") or "").splitlines() for t in pack.themes}
        try:
            events.save_questions(current_user, event, submitted)
        except events.EventError as error:
            errors[error.field] = error.message
            for t in pack.themes:
                t.questions = submitted[t.key]
        else:
            flash(_("Questions saved."), "success")
            return redirect(url_for("events.pack", event_id=event.id))
    error_list = [{"text": message, "href": "#q-" + field.removeprefix("questions-")} for field, message in errors.items()]
    return render_template("events/questions.html", event=event, pack=pack, errors=errors,
                           error_list=error_list), 400 if errors else 200


def _pack_html(event, template: str) -> str:
    ward_map = places.ward_map(320)
    codes = {w.code for w in event.wards} & set(ward_map.names)
    locator = maps.locator(
        ward_map, codes, href=lambda _code: None, id_prefix="pack-map",
        caption=_("Where the event's wards are: drawn dark, among the other wards of the city."),
        chosen_title=lambda name: _("%(ward)s (a ward of this event)", ward=name),
    ) if codes else None
    return render_template(template, event=event, pack=events.draft_pack(event), locator=locator,
                           report_back=events.report_back(event), labels=commitments.known_theme_keys())


@bp.route("/<int:event_id>/pack")
@roles(*READERS)
def pack(event_id: int):
    return _pack_html(_event(event_id), "events/pack.html")


@bp.route("/<int:event_id>/pack.pdf")
@roles(*READERS)
def pack_pdf(event_id: int):
    event = _event(event_id)
    body = pdf(_pack_html(event, "events/pack_print.html"))
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="event-pack-{event.id}.pdf"'})


@bp.route("/calendar.ics")
@roles(*READERS)
def calendar_ics():
    text = events.ics(
        events.list_events(upcoming=True),
        calendar_name=_("%(network)s engagement events", network=current_app.config["NETWORK_NAME"]),
        url_for_event=lambda e: url_for("events.show", event_id=e.id, _external=True),
    )
    return Response(text, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="hark-events.ics"'})
