"""API v1: published notes (routes on the API blueprint, described in OPENAPI_PATHS).

Only published revisions of notes whose session is in the latest publication (and the
event's conclusions) are served; drafts, revision history and authors never are.
"""
from __future__ import annotations

from flask import abort, current_app, request, url_for

from app.agenda.published import published_agenda
from app.api.common import bp, number_arg, ok, paged, utc, visible_event
from app.core.markdown import render_markdown
from app.notes import services
from app.notes.reading import published_revisions

_MARKDOWN = {"type": "string", "description": "Markdown, as written."}


def _order(published) -> dict[str, int]:
    """Every scope that may have public notes, in agenda order: the published sessions, then the event."""
    scopes = [services.session_scope(s.id) for s in (published.sessions if published else [])]
    return {scope: position for position, scope in enumerate(scopes + [services.EVENT_SCOPE])}


def _note(event, note, revision, source_numbers: dict[int, int]) -> dict:
    session_id = note.session_id
    if session_id is not None:
        url = url_for("agenda.session_page", slug=event.slug, session_id=session_id, lang=note.language,
                      _external=True)
    else:
        url = url_for("notes.report", slug=event.slug, lang=note.language, _anchor="conclusions", _external=True)
    return {
        "id": note.id,
        "scope": "event" if session_id is None else "session",
        "session_id": session_id,
        "language": note.language,
        "original": note.is_source,
        "revision": revision.number,
        "published_at": utc(note.published_at) if note.published_at else None,
        "translates_revision": None if note.is_source else source_numbers.get(revision.source_revision_id),
        "body": revision.body,
        "html": str(render_markdown(revision.body)),
        "url": url,
    }


@bp.get("/events/<slug>/notes")
def notes(slug: str):
    event = visible_event(slug)
    language = request.args.get("lang")
    if language is not None and language not in current_app.config["LANGUAGES"]:
        # One of Convene's languages the event does not offer is no mistake: it has no notes in it.
        abort(400, description="'lang' must be one of " + ", ".join(current_app.config["LANGUAGES"]) + ".")
    session_id = number_arg("session", what="a session id")
    published = published_agenda(event)
    order = _order(published)
    languages = list(event.languages)
    wanted_scopes = [services.session_scope(session_id)] if session_id is not None else list(order)
    found = published_revisions(event, [s for s in wanted_scopes if s in order])
    rows = [(note, revision) for by_language in found.values() for note, revision in by_language.values()
            if language is None or note.language == language]
    rows.sort(key=lambda row: (order[row[0].scope],
                               languages.index(row[0].language) if row[0].language in languages else len(languages)))
    source_ids = {revision.source_revision_id for _, revision in rows if revision.source_revision_id}
    source_numbers = {r.id: r.number for r in services.revisions_by_id(source_ids).values()}
    return ok(paged(rows, lambda row: _note(event, row[0], row[1], source_numbers)))


OPENAPI_PATHS: dict = {
    "/events/{slug}/notes": {"get": {
        "operationId": "listNotes",
        "summary": "Published notes of an event: session notes in agenda order, then the event's conclusions",
        "description": ("One item per note and language. Only published revisions are served, for sessions of the "
                        "published agenda. A translation names the revision of the original it translates."),
        "parameters": [
            {"$ref": "#/components/parameters/slug"},
            {"name": "lang", "in": "query", "required": False,
             "description": "Only notes in this language (none in a language the event does not offer).",
             "schema": {"$ref": "#/components/schemas/Language"}},
            {"name": "session", "in": "query", "required": False, "description": "Only the notes of this session.",
             "schema": {"$ref": "#/components/schemas/Id"}},
            {"$ref": "#/components/parameters/page"},
            {"$ref": "#/components/parameters/per_page"},
        ],
        "responses": {
            "200": {"description": "A page of notes", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                    "content": {"application/json": {"schema": {"allOf": [
                        {"$ref": "#/components/schemas/Page"},
                        {"type": "object", "required": ["items"],
                         "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}}}},
                    ]}}}},
            "304": {"$ref": "#/components/responses/NotModified"},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"},
        },
    }},
}

OPENAPI_SCHEMAS: dict = {
    "Note": {
        "type": "object",
        "required": ["id", "scope", "session_id", "language", "original", "revision", "published_at",
                     "translates_revision", "body", "html", "url"],
        "properties": {
            "id": {"type": "integer"},
            "scope": {"type": "string", "enum": ["session", "event"],
                      "description": "A session's notes, or the conclusions of the whole event."},
            "session_id": {"type": ["integer", "null"], "description": "The session (see /sessions); null for the event."},
            "language": {"type": "string", "examples": ["kk"]},
            "original": {"type": "boolean", "description": "True for the original; false for a translation."},
            "revision": {"type": "integer", "minimum": 1, "description": "The published revision's number."},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "translates_revision": {"type": ["integer", "null"],
                                    "description": "For a translation: the number of the original's revision it translates."},
            "body": _MARKDOWN,
            "html": {"type": "string", "description": "The body rendered as sanitised HTML, as on the web pages."},
            "url": {"type": "string", "format": "uri", "description": "Where the note is read on the web."},
        },
    },
}
