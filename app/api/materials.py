"""API v1: materials (routes on the API blueprint, described in OPENAPI_PATHS).

This lists exactly what the reader (app/api/auth.py) sees on the event's materials page:
anonymously, public materials of published sessions (and of the whole event) whose embargo is
over; with a token, what its owner may see too. The permission module decides ("material.view").
"""
from __future__ import annotations

from flask import url_for

from app.agenda.published import published_agenda
from app.api.auth import reader
from app.api.common import bp, number_arg, ok, paged, utc, visible_event
from app.materials.models import MaterialKind
from app.materials.services import grouped_by_session, visible_materials


def _material(event, material) -> dict:
    version = material.current_version
    file = None
    if material.kind == MaterialKind.FILE and version is not None:
        file = {
            "filename": version.filename, "content_type": version.content_type, "size": version.size,
            "sha256": version.sha256, "version": version.number,
            "download_url": url_for("materials.download", slug=event.slug, material_id=material.id, _external=True),
        }
    return {
        "id": material.id, "session_id": material.session_id, "kind": material.kind.value, "title": material.title,
        "language": material.language or None, "url": material.url if material.kind == MaterialKind.LINK else None,
        "file": file, "updated_at": utc(material.updated_at),
    }


@bp.get("/events/<slug>/materials")
def materials(slug: str):
    event = visible_event(slug)
    session_id = number_arg("session", what="a session id")
    groups = grouped_by_session(event, visible_materials(event, reader()), published_agenda(event))
    items = [m for group in groups for m in group.materials]
    if session_id is not None:
        items = [m for m in items if m.session_id == session_id]
    return ok(paged(items, lambda m: _material(event, m)))


OPENAPI_SCHEMAS: dict = {
    "Material": {
        "type": "object",
        "required": ["id", "session_id", "kind", "title", "language", "url", "file", "updated_at"],
        "description": "A file or link of a published session, or of the whole event (session_id null).",
        "properties": {
            "id": {"type": "integer"},
            "session_id": {"type": ["integer", "null"], "description": "null for materials of the whole event."},
            "kind": {"type": "string", "enum": ["file", "link"]},
            "title": {"$ref": "#/components/schemas/Multilingual"},
            "language": {"type": ["string", "null"], "description": "The language the material is in.",
                         "examples": ["ru"]},
            "url": {"type": ["string", "null"], "format": "uri", "description": "For links."},
            "file": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["filename", "content_type", "size", "sha256", "version", "download_url"],
                "properties": {
                    "filename": {"type": "string", "examples": ["Доклад НПМ 2016.pdf"]},
                    "content_type": {"type": "string", "examples": ["application/pdf"]},
                    "size": {"type": "integer", "minimum": 1, "description": "Bytes."},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "version": {"type": "integer", "minimum": 1},
                    "download_url": {"type": "string", "format": "uri",
                                     "description": "Sent as an attachment; Range requests are supported."},
                }}]},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
}

OPENAPI_PATHS: dict = {
    "/events/{slug}/materials": {"get": {
        "operationId": "listMaterials", "summary": "Materials of an event the reader may see",
        "description": ("Files and links of published sessions and of the whole event. Anonymously: public "
                        "materials once their embargo (until the session starts) is over. With a personal API "
                        "token: what its owner sees on the event's materials page (materials for registered "
                        "participants, for the event's team, for organisers). Event-wide materials first, then "
                        "session by session in agenda order. `download_url` is the web page's download address: "
                        "it takes the browser's session, not the token, so only public files download with it "
                        "from a script."),
        "parameters": [
            {"$ref": "#/components/parameters/slug"},
            {"name": "session", "in": "query", "required": False, "description": "Only this session's materials.",
             "schema": {"$ref": "#/components/schemas/Id"}},
            {"$ref": "#/components/parameters/page"}, {"$ref": "#/components/parameters/per_page"},
        ],
        "responses": {
            "200": {"description": "A page of materials", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                    "content": {"application/json": {"schema": {"allOf": [
                        {"$ref": "#/components/schemas/Page"},
                        {"type": "object", "required": ["items"], "properties": {
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Material"}}}}]}}}},
            "304": {"$ref": "#/components/responses/NotModified"},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"},
        },
    }},
}
