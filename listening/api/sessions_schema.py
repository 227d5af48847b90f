"""OpenAPI paths and schemas for /sessions, added to the shared document."""

from __future__ import annotations

from listening.api.openapi import PATHS, SCHEMAS, error_responses
from listening.domain import Consent, NoteKind, SessionFormat
from listening.services.capture import AGE_BANDS, NOTE_MAX_CHARS, NOTES_PER_SESSION_MAX, PARTICIPANTS_MAX

_NOTE_IN = {
    "type": "object",
    "required": ["kind", "text", "consent"],
    "additionalProperties": False,
    "properties": {
        "kind": {"enum": [k.value for k in NoteKind]},
        "text": {"type": "string", "minLength": 1, "maxLength": NOTE_MAX_CHARS,
                 "description": "What was said, in `language`. Personal details are redacted on save."},
        "consent": {"enum": [c.value for c in Consent], "description": "analysis: analysis only; quote: may be quoted anonymously"},
        "language": {"type": "string", "default": "en", "examples": ["en", "ur"]},
        "english": {"type": "string", "maxLength": NOTE_MAX_CHARS,
                    "description": "An English rendering when said in another language; analysis reads it"},
    },
}

SCHEMAS.update({
    "SessionIn": {
        "type": "object",
        "required": ["ward", "date", "venue", "format", "notes"],
        "additionalProperties": False,
        "properties": {
            "ward": {"type": "string", "description": "A ward code from GET /wards", "examples": ["E05011402"]},
            "date": {"type": "string", "format": "date"},
            "venue": {"type": "string", "maxLength": 200},
            "format": {"enum": [f.value for f in SessionFormat]},
            "participants": {"type": "integer", "minimum": 0, "maximum": PARTICIPANTS_MAX},
            "facilitator": {"type": "string", "maxLength": 200},
            "languages": {"type": "array", "items": {"type": "string"}},
            "summary": {"type": "string", "maxLength": 5000},
            "demographics": {"type": "object", "description": "Counts per age band for the whole session, never per note",
                             "propertyNames": {"enum": list(AGE_BANDS)},
                             "additionalProperties": {"type": "integer", "minimum": 0}},
            "notes": {"type": "array", "minItems": 1, "maxItems": NOTES_PER_SESSION_MAX, "items": _NOTE_IN},
        },
    },
    "Note": {
        "type": "object",
        "required": ["id", "kind", "consent", "language", "text"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"enum": [k.value for k in NoteKind]},
            "consent": {"enum": [c.value for c in Consent]},
            "language": {"type": "string"},
            "text": {"type": "string", "description": "The English text with personal details replaced by [NAME], [PHONE]..."},
            "original": {"type": "string", "description": "The words in their original language, redacted"},
            "redactions": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
    "Session": {
        "type": "object",
        "required": ["id", "ward", "date", "venue", "format", "participants"],
        "properties": {
            "id": {"type": "integer"},
            "ward": {"$ref": "#/components/schemas/Ward"},
            "organisation": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
            "date": {"type": "string", "format": "date"},
            "venue": {"type": "string"},
            "format": {"enum": [f.value for f in SessionFormat]},
            "participants": {"type": "integer"},
            "facilitator": {"type": ["string", "null"]},
            "languages": {"type": "array", "items": {"type": "string"}},
            "summary": {"type": ["string", "null"]},
            "demographics": {"type": "object"},
            "created_at": {"type": "string", "format": "date-time"},
            "url": {"type": "string"},
            "notes": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
            "note_count": {"type": "integer"},
        },
    },
})

_SESSION = {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}

PATHS.update({
    "/sessions": {
        "post": {
            "summary": "Log a listening session with its notes",
            "description": "Staff, organisers and admins. Personal details in notes are redacted on save. "
            "Send an Idempotency-Key header to make retries safe: the same key (with the same body) returns "
            "the first session (200) instead of creating another; the same key with a different body is 409.",
            "operationId": "createSession",
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "maxLength": 100}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionIn"}}}},
            "responses": {
                "201": {"description": "Created", "content": _SESSION},
                "200": {"description": "Already created with this Idempotency-Key: the first session", "content": _SESSION},
                **error_responses(400, 401, 403, 409, 413, 415, 422),
            },
        },
        "get": {
            "summary": "List the sessions you can see",
            "operationId": "listSessions",
            "parameters": [
                {"name": "ward", "in": "query", "schema": {"type": "string"}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            ],
            "responses": {
                "200": {"description": "Newest first, 100 a page", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
                                   "page": {"type": "integer"}, "pages": {"type": "integer"}, "total": {"type": "integer"}},
                }}}},
                **error_responses(401, 403, 422),
            },
        },
    },
    "/sessions/{id}": {
        "get": {
            "summary": "One session with its notes (redacted)",
            "operationId": "getSession",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The session", "content": _SESSION}, **error_responses(401, 403, 404)},
        }
    },
})
