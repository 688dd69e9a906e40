"""The OpenAPI 3.1 description of the read API v1 (served at /api/v1/openapi.json)."""
from __future__ import annotations

from typing import Any

from app.api import materials, notes
from app.api.common import MAX_ID, MAX_PAGE, MAX_PER_PAGE

_DESCRIPTION = """\
Read-only access to Convene's data: events, and the published agenda of each (sessions,
speakers, rooms), its materials and its published notes.

**Access.** Without a token, requests are anonymous: public events are listed; unlisted events
are served when their slug is known; private events are never shown and answer 404 like unknown
ones. Cookies are ignored.

**Personal API tokens.** Make one on your profile page (Your profile → API tokens); its secret
is shown once. Send it as `Authorization: Bearer <token>`: the API then reads as you, and shows
what you may see on the web pages, no more: the private events you may see, and materials for
participants, the team or organisers when you are one of them. The list of events adds those
whose team you are in (every event, for site administrators). A token in the address
(`?token=`, `?access_token=`, `?api_key=`) is refused with 400: addresses end up in logs. A
revoked or mistyped token gets 401. A token opens the API only, never the web pages.

**Agenda data** comes from the latest publication only; drafts are never visible. Before the
first publication the agenda lists are empty.

**Pages.** `page` counts from 1 to 100000 (a larger one is refused); `per_page` from 1, 20 by
default, and a larger one than 100 counts as 100 (the answer's `per_page` says so).

**Multilingual fields** are objects mapping a language code to text, e.g.
`{"en": "Opening", "ru": "Открытие", "kk": "Ашылу"}`; languages without text are absent.

**Times** are ISO 8601 in UTC with an explicit offset (`2017-05-16T04:00:00+00:00`); each
session also names its event's IANA time zone (`Asia/Almaty`) for display.

**Caching.** Every 200 response carries an `ETag`; send it back in `If-None-Match` to get
`304 Not Modified` when nothing changed. Answers to a token are `Cache-Control: private`.

**Errors** are `application/problem+json` (RFC 9457).
"""


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(item: str) -> dict:
    return {"allOf": [_ref("Page"), {"type": "object", "required": ["items"],
                                      "properties": {"items": {"type": "array", "items": _ref(item)}}}]}


def _ok(schema: dict, description: str) -> dict:
    return {
        "200": {"description": description, "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                "content": {"application/json": {"schema": schema}}},
        "304": {"$ref": "#/components/responses/NotModified"},
    }


_SLUG = {"$ref": "#/components/parameters/slug"}
_PAGING = [{"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"}]
_NOT_FOUND = {"404": {"$ref": "#/components/responses/NotFound"}}
# Every operation: a malformed parameter or a token in the address (400), a bad token (401).
_BAD_REQUEST = {"400": {"$ref": "#/components/responses/BadRequest"},
                "401": {"$ref": "#/components/responses/Unauthorized"}}

_MULTILINGUAL = {
    "type": "object", "description": "Text per language code; languages without text are absent.",
    "additionalProperties": {"type": "string"}, "examples": [{"en": "Opening", "ru": "Открытие"}],
}
_DATETIME = {"type": "string", "format": "date-time"}

_SCHEMAS: dict[str, Any] = {
    "Multilingual": _MULTILINGUAL,
    "Id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "Problem": {
        "type": "object", "required": ["title", "status"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": ["string", "null"]}},
    },
    "Page": {
        "type": "object", "required": ["items", "page", "per_page", "total", "pages"],
        "properties": {
            "items": {"type": "array"},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0, "description": "Items on all pages."},
            "pages": {"type": "integer", "minimum": 0},
        },
    },
    "EventSummary": {
        "type": "object",
        "required": ["slug", "kind", "title", "summary", "venue", "start_date", "end_date", "timezone", "languages",
                     "default_language", "url", "api_url"],
        "properties": {
            "slug": {"type": "string", "examples": ["npm-forum-astana-2017"]},
            "kind": {"type": "string", "enum": ["forum", "training", "meeting"]},
            "title": _ref("Multilingual"), "summary": _ref("Multilingual"), "venue": _ref("Multilingual"),
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "description": "IANA time zone", "examples": ["Asia/Almaty"]},
            "languages": {"type": "array", "items": {"type": "string"}},
            "default_language": {"type": "string"},
            "url": {"type": "string", "format": "uri", "description": "The event's web page."},
            "api_url": {"type": "string", "format": "uri"},
        },
    },
    "Event": {
        "allOf": [_ref("EventSummary"), {
            "type": "object", "required": ["description", "visibility", "agenda", "links"],
            "properties": {
                "description": {**_MULTILINGUAL, "description": "Markdown text per language code."},
                "visibility": {"type": "string", "enum": ["public", "unlisted", "private"],
                               "description": "private: only with the token of someone who may see the event."},
                "agenda": {
                    "type": "object", "required": ["published", "version", "published_at"],
                    "properties": {"published": {"type": "boolean"}, "version": {"type": ["integer", "null"]},
                                   "published_at": {**_DATETIME, "type": ["string", "null"]}},
                },
                "links": {
                    "type": "object",
                    "properties": {name: {"type": "string", "format": "uri"} for name in (
                        "sessions", "speakers", "rooms", "agenda_ics", "schedule_xml", "schedule_json")},
                },
            },
        }],
    },
    "Session": {
        "type": "object",
        "required": ["id", "uid", "kind", "status", "title", "abstract", "starts_at", "ends_at", "timezone", "room",
                     "track", "people", "floor_language", "interpretation", "sequence", "url", "ical_url"],
        "properties": {
            "id": {"type": "integer"},
            "uid": {"type": "string", "format": "uuid", "description": "Stable for the life of the session."},
            "kind": {"type": "string",
                     "enum": ["plenary", "panel", "workshop", "training_module", "break", "networking"]},
            "status": {"type": "string", "enum": ["confirmed", "cancelled"]},
            "title": _ref("Multilingual"),
            "abstract": {**_MULTILINGUAL, "description": "Markdown text per language code."},
            "starts_at": {**_DATETIME, "description": "UTC", "examples": ["2017-05-16T04:00:00+00:00"]},
            "ends_at": {**_DATETIME, "description": "UTC"},
            "timezone": {"type": "string", "description": "The event's IANA time zone, for display."},
            "room": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": _ref("Multilingual")}}]},
            "track": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["id", "name", "colour"],
                "properties": {"id": {"type": "integer"}, "name": _ref("Multilingual"),
                               "colour": {"type": "string", "examples": ["#1f5aa6"]}}}]},
            "people": {"type": "array", "items": {
                "type": "object", "required": ["id", "name", "role"],
                "properties": {"id": {"type": "integer", "description": "A speaker's id (see /speakers)."},
                               "name": {"type": "string"},
                               "role": {"type": "string", "enum": ["speaker", "chair", "panelist"]}}}},
            "floor_language": {"oneOf": [{"type": "null"}, {"type": "string"}],
                               "description": "The language spoken on the floor (a code); null when not stated."},
            "interpretation": {"type": "array", "items": {"type": "string"},
                               "description": "Languages of simultaneous interpretation."},
            "sequence": {"type": "integer", "minimum": 0,
                         "description": "Grows each time a publication changes the session (iCalendar SEQUENCE)."},
            "url": {"type": "string", "format": "uri"},
            "ical_url": {"type": "string", "format": "uri"},
        },
    },
    "Speaker": {
        "type": "object", "required": ["id", "name", "title", "organisation", "country", "bio", "sessions"],
        "description": "A person with a role in at least one published session. E-mail addresses are never shown.",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "title": {**_MULTILINGUAL, "description": "Job title per language code."},
            "organisation": _ref("Multilingual"),
            "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2"},
            "bio": {**_MULTILINGUAL, "description": "Markdown text per language code."},
            "sessions": {"type": "array", "items": {"type": "integer"}, "description": "Session ids."},
        },
    },
    "Room": {
        "type": "object", "required": ["id", "name", "capacity"],
        "properties": {"id": {"type": "integer"}, "name": _ref("Multilingual"),
                       "capacity": {"type": ["integer", "null"]}},
    },
}

_PATHS: dict[str, Any] = {
    "/events": {"get": {
        "operationId": "listEvents", "summary": "Public events, and with a token the reader's own",
        "description": ("Public events (not unlisted or private ones), by start date. With a personal API token, "
                        "also the events whose team its owner is in (every event, for site administrators)."),
        "parameters": _PAGING,
        "responses": {**_ok(_page_of("EventSummary"), "A page of events"), **_BAD_REQUEST},
    }},
    "/events/{slug}": {"get": {
        "operationId": "getEvent", "summary": "One event the reader may see",
        "description": "A public or unlisted event; a private one only with the token of someone who may see it.",
        "parameters": [_SLUG],
        "responses": {**_ok(_ref("Event"), "The event"), **_BAD_REQUEST, **_NOT_FOUND},
    }},
    "/events/{slug}/sessions": {"get": {
        "operationId": "listSessions", "summary": "Published sessions of an event, by start time",
        "parameters": [_SLUG, *_PAGING],
        "responses": {**_ok(_page_of("Session"), "A page of sessions"), **_BAD_REQUEST, **_NOT_FOUND},
    }},
    "/events/{slug}/speakers": {"get": {
        "operationId": "listSpeakers", "summary": "People in the published sessions of an event, by name",
        "parameters": [_SLUG, *_PAGING],
        "responses": {**_ok(_page_of("Speaker"), "A page of speakers"), **_BAD_REQUEST, **_NOT_FOUND},
    }},
    "/events/{slug}/rooms": {"get": {
        "operationId": "listRooms", "summary": "Rooms of the published agenda of an event",
        "parameters": [_SLUG, *_PAGING],
        "responses": {**_ok(_page_of("Room"), "A page of rooms"), **_BAD_REQUEST, **_NOT_FOUND},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "summary": "This document",
        "responses": {**_ok({"type": "object"}, "The OpenAPI document"), **_BAD_REQUEST},
    }},
}

_COMPONENTS: dict[str, Any] = {
    "schemas": _SCHEMAS,
    "parameters": {
        "slug": {"name": "slug", "in": "path", "required": True, "description": "The event's address name.",
                 "schema": {"type": "string"}},
        "page": {"name": "page", "in": "query", "required": False,
                 "description": f"Page number, from 1 to {MAX_PAGE}.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        # No maximum in the schema: a larger number is not refused (see the description).
        "per_page": {"name": "per_page", "in": "query", "required": False,
                     "description": f"Items per page; a number above {MAX_PER_PAGE} counts as {MAX_PER_PAGE}.",
                     "schema": {"type": "integer", "minimum": 1, "default": 20}},
    },
    "headers": {
        "ETag": {"description": "Send it back in If-None-Match to get 304 when nothing changed.",
                 "schema": {"type": "string"}},
    },
    "responses": {
        "NotModified": {"description": "Not modified since the ETag sent in If-None-Match."},
        "NotFound": {"description": "No such event, or a private one.",
                     "content": {"application/problem+json": {"schema": _ref("Problem")}}},
        "BadRequest": {"description": "A malformed query parameter, or a token in the address.",
                       "content": {"application/problem+json": {"schema": _ref("Problem")}}},
        "Unauthorized": {
            "description": "The Bearer token is revoked, unknown or missing from the Authorization header.",
            "headers": {"WWW-Authenticate": {"description": 'Bearer realm="Convene API", error="invalid_token"',
                                             "schema": {"type": "string"}}},
            "content": {"application/problem+json": {"schema": _ref("Problem")}}},
    },
    "securitySchemes": {
        "personalToken": {
            "type": "http", "scheme": "bearer",
            "description": ("A personal API token from your profile page (it starts with `cvn_`). "
                            "Optional: without one, requests are anonymous. Never in the address."),
        },
    },
}


def openapi_document(server_url: str = "/api/v1", languages: list[str] | None = None) -> dict:
    """The document; `server_url` is where the API is mounted (it moves with the application root),
    `languages` the instance's language codes.

    Other domains describe their own endpoints (app/api/materials.py, app/api/notes.py:
    OPENAPI_PATHS and OPENAPI_SCHEMAS), merged in here.
    """
    paths, schemas = dict(_PATHS), dict(_SCHEMAS)
    schemas["Language"] = {"type": "string", "enum": languages or ["en", "ru", "kk"], "examples": ["ru"]}
    for module in (materials, notes):
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Convene API", "version": "1.0.0", "description": _DESCRIPTION,
                 "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}},
        "servers": [{"url": server_url}],
        # Anonymous, or a personal token: either way is fine.
        "security": [{}, {"personalToken": []}],
        "paths": paths,
        "components": {**_COMPONENTS, "schemas": schemas},
    }
