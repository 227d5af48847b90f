"""The OpenAPI 3.1 document. Each area adds its paths to PATHS and its schemas to SCHEMAS."""

from __future__ import annotations

from flask import jsonify
from werkzeug.exceptions import HTTPException

from listening.api.auth import ApiError, error_response
from listening.api.blueprint import bp
from listening.permissions import public

ERROR = {"$ref": "#/components/schemas/Error"}


def error_responses(*codes: int) -> dict:
    text = {400: "Bad request", 401: "No valid token", 403: "Role not allowed", 404: "Not found",
            409: "Conflict", 413: "Too large", 415: "Not JSON", 422: "Invalid fields", 429: "Too many requests"}
    return {str(c): {"description": text[c], "content": {"application/json": {"schema": ERROR}}} for c in codes}


SCHEMAS: dict = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "field": {"type": "string"},
                    "errors": {"type": "array", "items": {"type": "object"}},
                },
            }
        },
    },
    "Ward": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    },
}

PATHS: dict = {
    "/wards": {
        "get": {
            "summary": "List the wards",
            "operationId": "listWards",
            "responses": {
                "200": {
                    "description": "Active wards, by name",
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Ward"}}}},
                },
                **error_responses(401, 403),
            },
        }
    },
}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hark API",
            "version": "1.0.0",
            "description": "Log listening sessions, start theme runs, read ward briefings and record commitments. "
            "Authenticate with a bearer token from `flask --app listening users token EMAIL`.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }


@bp.get("/openapi.json")
@public
def openapi_json():
    return jsonify(document())


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    message = error.description if isinstance(error.description, str) else error.name
    return error_response(ApiError(error.code or 500, message))
