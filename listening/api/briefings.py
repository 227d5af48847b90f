"""The latest published ward briefing and city overview over the API (the same protected snapshot
anchors read on the page)."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from listening.api import openapi
from listening.api.auth import ApiError, api_roles
from listening.api.blueprint import bp
from listening.domain import Role
from listening.services import briefings, disclosure, places


def _disclosure(snapshot: dict) -> dict:
    rule = disclosure.rule_of(snapshot)
    return {"threshold": int(snapshot.get("threshold", 5)), "rounding_base": rule.base if rule else 1}


def briefing_json(briefing, snapshot: dict) -> dict:
    """A published snapshot's figures as the API gives them: each count through the one formatter
    (a number, "<5", or null when not shown to protect another figure)."""

    def count(value):
        return disclosure.figure(value, snapshot).machine

    return {
        "scope": snapshot.get("scope", "ward"),
        "ward": snapshot["ward"],
        "version": briefing.version,
        "published_at": briefings.published_at(briefing).isoformat(),
        "summary": snapshot.get("summary") or None,
        "disclosure": _disclosure(snapshot),
        "notes": {k: count(v) for k, v in snapshot["notes"].items()},
        "themes": [
            {"key": row["key"], "label": row["label"], "love": count(row["love"]), "change": count(row["change"]),
             "love_share": row["love_share"], "change_share": row["change_share"],
             "quotes": [{"text": q["text"], **({"kind": q["kind"]} if q.get("kind") else {}),
                         **({"original": q["original"], "language": q["language"]} if q.get("original") else {})}
                        for q in row["quotes"]]}
            for row in snapshot["themes"]
        ],
        "top_love": snapshot["top_love"],
        "top_change": snapshot["top_change"],
    }


def city_json(briefing, snapshot: dict) -> dict:
    body = briefing_json(briefing, snapshot)
    matrix = snapshot.get("matrix") or {"themes": [], "wards": []}
    body["matrix"] = {
        "themes": matrix["themes"],
        "wards": [{"code": row["code"], "name": row["name"],
                   "notes": disclosure.figure(row["notes"], snapshot).machine,
                   "cells": {k: disclosure.figure(v, snapshot).machine for k, v in row["cells"].items()}}
                  for row in matrix["wards"]],
    }
    return body


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


@bp.get("/briefings/city")
@api_roles(Role.ANCHOR, Role.ORGANISER, Role.ADMIN)
def city_briefing():
    briefing = briefings.latest_published(briefings.CITY)
    if briefing is None or not briefing.snapshot:
        raise ApiError(404, _("No city overview has been published yet"))
    return jsonify(city_json(briefing, briefing.snapshot))


openapi.SCHEMAS["WardBriefing"] = {
    "type": "object",
    "required": ["ward", "published_at", "themes"],
    "properties": {
        "ward": {"$ref": "#/components/schemas/Ward"},
        "scope": {"type": "string", "enum": ["ward", "city"]},
        "version": {"type": "integer"},
        "published_at": {"type": "string", "format": "date-time"},
        "disclosure": {"$ref": "#/components/schemas/Disclosure"},
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
                    "original": {"type": "string", "description": "the resident's own words (redacted) when said in "
                                 "another language; `text` is then the English the note was themed by"},
                    "language": {"type": "string", "description": "the language of `original`"},
                }}},
            },
        }},
        "top_love": {"type": "array", "items": {"type": "string"}},
        "top_change": {"type": "array", "items": {"type": "string"}},
    },
}
openapi.SCHEMAS["Disclosure"] = {
    "type": "object",
    "description": "How the figures were protected (docs/disclosure.md): counts of 1 to threshold-1 are "
                   "\"<threshold\"; other counts are rounded to the nearest rounding_base (1: not rounded); "
                   "null means not shown, so that a smaller number elsewhere cannot be worked out",
    "properties": {"threshold": {"type": "integer"}, "rounding_base": {"type": "integer"}},
}
openapi.SCHEMAS["CityOverview"] = {
    "allOf": [{"$ref": "#/components/schemas/WardBriefing"}, {
        "type": "object",
        "properties": {"matrix": {"type": "object", "properties": {
            "themes": {"type": "array", "items": {"type": "string"}, "description": "theme keys, the table's columns"},
            "wards": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "name": {"type": "string"},
                "notes": {"$ref": "#/components/schemas/Count"},
                "cells": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Count"},
                          "description": "theme key -> notes carrying it in this ward"},
            }}},
        }}},
    }],
}
openapi.PATHS["/briefings/city"] = {"get": {
    "summary": "The latest published city overview (an immutable snapshot; figures already protected)",
    "operationId": "getCityOverview",
    "responses": {
        "200": {"description": "The city overview, with the ward × theme table", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/CityOverview"}}}},
        **openapi.error_responses(401, 403, 404),
    },
}}
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
