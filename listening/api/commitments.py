"""GET /commitments?ward=&theme=&anchor=, POST /commitments, POST /commitments/{id}/updates."""

from __future__ import annotations

import re
from datetime import date

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _

from listening.api.auth import ApiError, api_roles, reject_unstorable
from listening.api.blueprint import bp
from listening.api.openapi import PATHS, SCHEMAS, error_responses
from listening.domain import CommitmentStatus, Role
from listening.services import commitments, places

READERS = (Role.ANCHOR, Role.ORGANISER, Role.ADMIN)
_FIELDS = {"title", "description", "owner", "themes", "wards", "due", "status", "reason"}
_STATUSES = ", ".join(s.value for s in CommitmentStatus)


def commitment_json(c) -> dict:
    view = commitments.view(c)
    return {
        "id": c.id,
        "anchor": {"id": c.organisation_id, "name": c.organisation.name},
        "title": c.title,
        "description": c.description or "",
        "owner": c.owner_name or "",
        "themes": c.theme_keys,
        "wards": [w.code for w in c.wards],
        "due": c.due_on.isoformat() if c.due_on else None,
        "status": c.status.value,
        "reason": c.reason,
        "overdue": view.overdue,
        "updates": [
            {"at": u.at.isoformat(), "kind": u.kind.value, "status": u.status.value if u.status else None, "note": u.note}
            for u in commitments.timeline(c)
        ],
        "url": url_for("api.get_commitment", commitment_id=c.id),
    }


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(422, _("Send a JSON object with Content-Type: application/json"), field="body")
    reject_unstorable(body)
    return body


def _status(value, field: str = "status", required: bool = False) -> CommitmentStatus | None:
    if value is None:
        if required:
            raise ApiError(422, _("%(field)s is required: one of %(allowed)s", field=field, allowed=_STATUSES), field=field)
        return None
    try:
        return CommitmentStatus(value)
    except (ValueError, TypeError):
        raise ApiError(422, _("%(field)s must be one of %(allowed)s", field=field, allowed=_STATUSES), field=field) from None


def _strings(body: dict, name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        raise ApiError(422, _("%(field)s is required: a list", field=name), field=name)
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value) or not value:
        raise ApiError(422, _("%(field)s must be a non-empty list of strings", field=name), field=name)
    return value


def _text(body: dict, name: str) -> str:
    value = body.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(422, _("%(field)s must be a string", field=name), field=name)
    return value


def _due(value) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ApiError(422, _("%(field)s must be a date written YYYY-MM-DD", field="due"), field="due")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, _("%(field)s must be a real date written YYYY-MM-DD", field="due"), field="due") from None


@bp.get("/commitments")
@api_roles(*READERS)
def list_commitments():
    filters = commitments.Filters(theme_key=request.args.get("theme") or None)
    if request.args.get("ward"):
        ward = places.get_ward_by_code(request.args["ward"])
        if ward is None:
            raise ApiError(422, _("%(field)s is not a ward code Hark knows; see GET /api/v1/wards", field="ward"), field="ward")
        filters.ward_id = ward.id
    anchor = request.args.get("anchor")
    if anchor:
        if not re.fullmatch(r"[0-9]{1,9}", anchor):  # ASCII digits only, inside a database integer
            raise ApiError(422, _("%(field)s must be an anchor organisation's id", field="anchor"), field="anchor")
        filters.organisation_id = int(anchor)
    return jsonify([commitment_json(c) for c in commitments.search(filters)])


@bp.get("/commitments/<int:commitment_id>")
@api_roles(*READERS)
def get_commitment(commitment_id: int):
    c = commitments.get(commitment_id)
    if c is None:
        raise ApiError(404, _("No commitment has this id"))
    return jsonify(commitment_json(c))


@bp.post("/commitments")
@api_roles(Role.ANCHOR)
def create_commitment():
    body = _body()
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise ApiError(422, _("%(field)s is not a field of a commitment", field=unknown[0]), field=unknown[0])
    title = body.get("title")
    if not isinstance(title, str):
        raise ApiError(422, _("%(field)s is required: a string", field="title"), field="title")
    themes = _strings(body, "themes")
    codes = _strings(body, "wards")
    try:
        data = commitments.CommitmentInput(
            title=title,
            description=_text(body, "description"),
            owner_name=_text(body, "owner"),
            due_on=_due(body.get("due")),
            status=_status(body.get("status")) or CommitmentStatus.PROPOSED,
            reason=_text(body, "reason"),
            theme_keys=themes,
            ward_ids=commitments.ward_ids_for_codes(codes),
        )
        c = commitments.create(g.api_user, data)
    except commitments.CommitmentError as error:
        raise ApiError(422, error.message, field=error.field) from None
    response = jsonify(commitment_json(c))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_commitment", commitment_id=c.id)
    return response


@bp.post("/commitments/<int:commitment_id>/updates")
@api_roles(Role.ANCHOR)
def add_commitment_update(commitment_id: int):
    c = commitments.get_for_edit(g.api_user, commitment_id)
    if c is None:  # another institution's commitment is not found, not forbidden
        raise ApiError(404, _("No commitment of your institution has this id"))
    body = _body()
    unknown = sorted(set(body) - {"status", "note"})
    if unknown:
        raise ApiError(422, _("%(field)s is not a field of an update", field=unknown[0]), field=unknown[0])
    status = _status(body.get("status"))
    try:
        entry = commitments.add_update(g.api_user, c, status, _text(body, "note"))
    except commitments.CommitmentError as error:
        raise ApiError(422, error.message, field=error.field) from None
    return jsonify({"id": entry.id, "commitment": commitment_json(c)}), 201


_REF = {"$ref": "#/components/schemas/Commitment"}
SCHEMAS["Commitment"] = {
    "type": "object",
    "required": ["id", "anchor", "title", "themes", "wards", "status"],
    "properties": {
        "id": {"type": "integer"},
        "anchor": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "owner": {"type": "string"},
        "themes": {"type": "array", "items": {"type": "string"}, "description": "stable theme keys"},
        "wards": {"type": "array", "items": {"type": "string"}, "description": "ward codes"},
        "due": {"type": ["string", "null"], "format": "date"},
        "status": {"type": "string", "enum": [s.value for s in CommitmentStatus]},
        "reason": {"type": ["string", "null"]},
        "overdue": {"type": "boolean"},
        "updates": {"type": "array", "items": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
            "status": {"type": ["string", "null"]}, "note": {"type": "string"}}}},
        "url": {"type": "string"},
    },
}
SCHEMAS["NewCommitment"] = {
    "type": "object",
    "required": ["title", "themes", "wards"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "maxLength": commitments.TITLE_MAX},
        "description": {"type": "string", "maxLength": commitments.DESCRIPTION_MAX},
        "owner": {"type": "string", "maxLength": commitments.OWNER_MAX},
        "themes": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "wards": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "due": {"type": "string", "format": "date"},
        "status": {"type": "string", "enum": [s.value for s in CommitmentStatus]},
        "reason": {"type": "string", "description": "required when status is not_going_ahead"},
    },
}
SCHEMAS["CommitmentUpdate"] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "status": {"type": "string", "enum": [s.value for s in CommitmentStatus]},
        "note": {"type": "string", "maxLength": commitments.NOTE_MAX},
    },
}
_JSON = "application/json"
PATHS["/commitments"] = {
    "get": {
        "summary": "List commitments, optionally by ward code, theme key or anchor organisation id",
        "operationId": "listCommitments",
        "parameters": [
            {"name": "ward", "in": "query", "schema": {"type": "string"}},
            {"name": "theme", "in": "query", "schema": {"type": "string"}},
            {"name": "anchor", "in": "query", "schema": {"type": "integer"}},
        ],
        "responses": {
            "200": {"description": "Commitments", "content": {_JSON: {"schema": {"type": "array", "items": _REF}}}},
            **error_responses(401, 403, 422),
        },
    },
    "post": {
        "summary": "Record a commitment for your own anchor institution",
        "operationId": "createCommitment",
        "requestBody": {"required": True, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/NewCommitment"}}}},
        "responses": {
            "201": {"description": "Recorded", "content": {_JSON: {"schema": _REF}}},
            **error_responses(401, 403, 422),
        },
    },
}
PATHS["/commitments/{id}"] = {
    "get": {
        "summary": "One commitment with its timeline",
        "operationId": "getCommitment",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "The commitment", "content": {_JSON: {"schema": _REF}}},
                      **error_responses(401, 403, 404)},
    }
}
PATHS["/commitments/{id}/updates"] = {
    "post": {
        "summary": "Add a dated update (a note and/or a new status) to your institution's commitment",
        "operationId": "addCommitmentUpdate",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "requestBody": {"required": True,
                        "content": {_JSON: {"schema": {"$ref": "#/components/schemas/CommitmentUpdate"}}}},
        "responses": {
            "201": {"description": "Added", "content": {_JSON: {"schema": {"type": "object", "properties": {
                "id": {"type": "integer"}, "commitment": _REF}}}}},
            **error_responses(401, 403, 404, 422),
        },
    }
}
