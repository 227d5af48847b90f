"""Theme runs and the current themes over the API."""

from __future__ import annotations

from datetime import date

from flask import g, jsonify, request
from flask_babel import gettext as _

from listening.api import openapi
from listening.api.auth import ApiError, api_roles, reject_unstorable
from listening.api.blueprint import bp
from listening.domain import Role
from listening.services import briefings, themes

ORGANISERS = (Role.ORGANISER, Role.ADMIN)


def _date(body: dict, name: str) -> date | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(422, _("'%(field)s' must be a date written YYYY-MM-DD", field=name), field=name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, _("'%(field)s' must be a real date written YYYY-MM-DD, like 2026-03-31", field=name), field=name) from None


def run_json(run) -> dict:
    return {"id": run.id, "status": run.status.value, "progress": run.progress, "error": run.error,
            "scope": run.scope, "message": run.message}


@bp.post("/theme-runs")
@api_roles(*ORGANISERS)
def start_theme_run():
    body = request.get_json(silent=True)
    if body is None and request.get_data():
        raise ApiError(400, _("The body is not valid JSON; send {} or {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}"))
    body = body or {}
    if not isinstance(body, dict):
        raise ApiError(422, _("The body must be a JSON object"), field="body")
    reject_unstorable(body)
    unknown = sorted(set(body) - {"from", "to"})
    if unknown:
        raise ApiError(422, _("Unknown field '%(field)s'; only 'from' and 'to' are allowed", field=unknown[0]), field=unknown[0])
    try:
        run = themes.start_run(g.api_user.id, _date(body, "from"), _date(body, "to"))
    except themes.RunConflict as conflict:
        raise ApiError(409, _("Theme run %(id)s is already queued or running for these notes; "
                         "follow it at /api/v1/theme-runs/%(id)s", id=conflict.run_id)) from None
    except themes.ThemeRunError as error:
        raise ApiError(422, str(error), field="from") from None
    run = themes.get_run(run.id)
    return jsonify({"id": run.id, "status": run.status.value}), 202, {"Location": f"/api/v1/theme-runs/{run.id}"}


@bp.get("/theme-runs/<int:run_id>")
@api_roles(*ORGANISERS)
def get_theme_run(run_id: int):
    run = themes.get_run(run_id)
    if run is None:
        raise ApiError(404, _("There is no theme run %(id)s", id=run_id))
    return jsonify(run_json(run))


@bp.get("/themes")
@api_roles(Role.ANCHOR, *ORGANISERS)
def list_themes():
    run = themes.current_run()
    if run is None:
        return jsonify([])
    if g.api_user.role in ORGANISERS:  # organisers curate the notes themselves: the counts as they are

        def counts(t):
            return {"love": t.love, "change": t.change, "size": t.size}  # raw: organisers only
    else:  # everyone else: the theme's city figures as last published, never live counts
        published = briefings.published_city_figures()

        def counts(t):
            return published.get(t.key, {"love": None, "change": None, "size": None})

    return jsonify([
        {"key": t.key, "label": t.label, **counts(t), "summary": t.summary, "keywords": t.keywords,
         "decided_by_person": t.label_source.value == "person"}
        for t in themes.themes_of(run, include_hidden=False)
    ])


COUNT = {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^<[0-9]+$"}, {"type": "null"}],
         "description": "A published count (rounded to the nearest 5), \"<5\" when below the suppression "
                        "threshold, or null when not shown to protect another figure or not yet published"}
openapi.SCHEMAS.update({
    "ThemeRun": {
        "type": "object",
        "required": ["id", "status", "progress", "error"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"enum": ["queued", "running", "done", "failed", "cancelled"]},
            "progress": {"type": "integer", "minimum": 0, "maximum": 100},
            "error": {"type": ["string", "null"], "description": "Why the run failed, in plain English"},
            "scope": {"type": "string"},
            "message": {"type": ["string", "null"]},
        },
    },
    "Count": COUNT,
    "Theme": {
        "type": "object",
        "required": ["key", "label", "love", "change"],
        "properties": {
            "key": {"type": "string", "description": "Stable across theme runs"},
            "label": {"type": "string"},
            "love": COUNT, "change": COUNT, "size": COUNT,
            "summary": {"type": ["string", "null"]},
            "keywords": {"type": "array", "items": {"type": "string"}},
            "decided_by_person": {"type": "boolean"},
        },
    },
})
openapi.PATHS.update({
    "/theme-runs": {"post": {
        "summary": "Start a theme run over all notes, or the notes of sessions held between two dates",
        "operationId": "startThemeRun",
        "requestBody": {"required": False, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False,
            "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
        }}}},
        "responses": {
            "202": {"description": "Queued", "content": {"application/json": {"schema": {
                "type": "object", "required": ["id", "status"],
                "properties": {"id": {"type": "integer"}, "status": {"type": "string"}}}}}},
            **openapi.error_responses(400, 401, 403, 409, 422),
        },
    }},
    "/theme-runs/{id}": {"get": {
        "summary": "A theme run's status and progress",
        "operationId": "getThemeRun",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {
            "200": {"description": "The run", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ThemeRun"}}}},
            **openapi.error_responses(401, 403, 404),
        },
    }},
    "/themes": {"get": {
        "summary": "The visible themes of the current run; anchors get each theme's city figures as last "
                   "published (rounded, \"<5\" below the threshold, null when not shown or not yet published)",
        "operationId": "listThemes",
        "responses": {
            "200": {"description": "Themes, largest first", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Theme"}}}}},
            **openapi.error_responses(401, 403),
        },
    }},
})
