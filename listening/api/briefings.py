"""The latest published ward briefing over the API (anchors read the same suppressed snapshot)."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from listening.api import openapi
from listening.api.auth import ApiError, api_roles
from listening.api.blueprint import bp
from listening.domain import Role
from listening.services import briefings, places


def briefing_json(briefing, snapshot: dict) -> dict:
    t = snapshot["threshold"]

    def count(n):
        return f"<{t}" if n is None else n

    return {
        "ward": snapshot["ward"],
        "version": briefing.version,
        "published_at": briefings.published_at(briefing).isoformat(),
        "summary": snapshot.get("summary") or None,
        "notes": {k: count(v) for k, v in snapshot["notes"].items()},
        "themes": [
            {"key": row["key"], "label": row["label"], "love": count(row["love"]), "change": count(row["change"]),
             "love_share": row["love_share"], "change_share": row["change_share"],
             "quotes": [{"text": q["text"], **({"kind": q["kind"]} if q.get("kind") else {})} for q in row["quotes"]]}
            for row in snapshot["themes"]
        ],
        "top_love": snapshot["top_love"],
        "top_change": snapshot["top_change"],
    }


@bp.get("/wards/<code>/briefing")
@api_roles(Role.ANCHOR, Role.ORGANISER, Role.ADMIN)
def ward_briefing(code: str):
    ward = places.get_ward_by_code(code)
    if ward is None:
        raise ApiError(404, _("There is no ward with the code %(code)s", code=repr(code)))
    briefing = briefings.latest_published(ward.code)
    if briefing is None:
        raise ApiError(404, _("No briefing has been published for %(ward)s yet", ward=ward.name))
    return jsonify(briefing_json(briefing, briefing.snapshot))


openapi.SCHEMAS["WardBriefing"] = {
    "type": "object",
    "required": ["ward", "published_at", "themes"],
    "properties": {
        "ward": {"$ref": "#/components/schemas/Ward"},
        "version": {"type": "integer"},
        "published_at": {"type": "string", "format": "date-time"},
        "summary": {"type": ["string", "null"]},
        "notes": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Count"}},
        "themes": {"type": "array", "items": {
            "type": "object",
            "required": ["key", "label", "love", "change", "quotes"],
            "properties": {
                "key": {"type": "string"}, "label": {"type": "string"},
                "love": {"$ref": "#/components/schemas/Count"}, "change": {"$ref": "#/components/schemas/Count"},
                "love_share": {"type": ["number", "null"]}, "change_share": {"type": ["number", "null"]},
                "quotes": {"type": "array", "items": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string"},
                    "kind": {"type": "string", "enum": ["love", "change"],
                             "description": "the list the quote belongs to (absent in versions published before it)"},
                }}},
            },
        }},
        "top_love": {"type": "array", "items": {"type": "string"}},
        "top_change": {"type": "array", "items": {"type": "string"}},
    },
}
openapi.PATHS["/wards/{code}/briefing"] = {"get": {
    "summary": "The latest published briefing for a ward (an immutable snapshot)",
    "operationId": "getWardBriefing",
    "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
                    "description": "ONS ward code, e.g. E05011402"}],
    "responses": {
        "200": {"description": "The briefing", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/WardBriefing"}}}},
        **openapi.error_responses(401, 403, 404),
    },
}}
