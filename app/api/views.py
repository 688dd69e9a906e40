"""Read API v1: public data as paginated JSON, described by an OpenAPI document.

Every request is anonymous for now: personal API tokens do not exist yet, and cookies are
ignored here, so private events never appear (their addresses answer 404 as unknown ones do).
Agenda data comes from the latest publication only, like the public pages.
Errors under /api/v1 are JSON (RFC 9457 problem details), never the HTML error page.
"""
from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone

from flask import Blueprint, Response, abort, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.agenda.published import PublicSession, published_agenda
from app.agenda.services import speakers_with_sessions
from app.api.openapi import openapi_document
from app.events.models import Event, Visibility
from app.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_AGE = 60
_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


# --- responses ----------------------------------------------------------------------

def _json(data, status: int = 200, content_type: str = "application/json") -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = Response(body, status=status, content_type=content_type)
    # Public data only, no credentials involved: any site's scripts may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _ok(data) -> Response:
    """200 with an ETag of the body, or 304 when the client already has it."""
    response = _json(data)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


def _problem(error: HTTPException) -> Response:
    code = error.code or 500
    response = _json({"type": "about:blank", "title": HTTP_STATUS_CODES.get(code, "Error"), "status": code,
                      "detail": error.description}, status=code, content_type="application/problem+json")
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(HTTPException)
def api_error(error: HTTPException):
    return _problem(error)


@bp.before_app_request
def api_routing_error():
    """Unknown paths and wrong methods under /api/v1 never reach the blueprint: answer them in JSON too."""
    error = request.routing_exception
    in_api = request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/")
    if in_api and isinstance(error, HTTPException) and (error.code or 0) >= 400:
        return _problem(error)
    return None


# --- pagination ---------------------------------------------------------------------

def _number_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not _PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        abort(400, description=f"'{name}' must be a positive integer.")
    return int(raw)


def _page_args() -> tuple[int, int]:
    return _number_arg("page", 1), min(_number_arg("per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)


def _envelope(items: list, page: int, per_page: int, total: int) -> dict:
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "pages": math.ceil(total / per_page)}


def _paged(items: list, serialize) -> dict:
    page, per_page = _page_args()
    chunk = items[(page - 1) * per_page: page * per_page]
    return _envelope([serialize(item) for item in chunk], page, per_page, len(items))


# --- representations ----------------------------------------------------------------

def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _event_summary(event: Event) -> dict:
    return {
        "slug": event.slug, "kind": event.kind.value, "title": event.title, "summary": event.summary,
        "venue": event.venue, "start_date": event.start_date.isoformat(), "end_date": event.end_date.isoformat(),
        "timezone": event.timezone, "languages": list(event.languages), "default_language": event.default_language,
        "url": url_for("events.event_page", slug=event.slug, _external=True),
        "api_url": url_for("api.event", slug=event.slug, _external=True),
    }


def _session(event: Event, session: PublicSession) -> dict:
    return {
        "id": session.id, "uid": session.uid, "kind": session.kind.value, "status": session.status.value,
        "title": session.title, "abstract": session.abstract,
        "starts_at": _utc(session.starts_at), "ends_at": _utc(session.ends_at), "timezone": event.timezone,
        "room": {"id": session.room.id, "name": session.room.name} if session.room else None,
        "track": ({"id": session.track.id, "name": session.track.name, "colour": session.track.colour}
                  if session.track else None),
        "people": [{"id": link.person.id, "name": link.person.name, "role": link.role.value}
                   for link in session.people],
        "interpretation": list(session.interpretation),
        "sequence": session.sequence,
        "url": url_for("agenda.session_page", slug=event.slug, session_id=session.id, _external=True),
        "ical_url": url_for("agenda_exports.session_ics", slug=event.slug, session_id=session.id, _external=True),
    }


def _visible_event(slug: str) -> Event:
    """Public and unlisted events; private ones are 404 like unknown ones (requests are anonymous)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug, Event.visibility != Visibility.PRIVATE))
    if event is None:
        abort(404, description="No such event.")
    return event


# --- endpoints ----------------------------------------------------------------------

@bp.get("/openapi.json")
def openapi():
    return _ok(openapi_document(server_url=request.script_root + bp.url_prefix))


@bp.get("/events")
def events():
    page, per_page = _page_args()
    pagination = db.paginate(
        select(Event).where(Event.visibility == Visibility.PUBLIC).order_by(Event.start_date, Event.slug),
        page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False)
    return _ok(_envelope([_event_summary(e) for e in pagination.items], page, per_page, pagination.total or 0))


@bp.get("/events/<slug>", endpoint="event")
def event_detail(slug: str):
    event = _visible_event(slug)
    published = published_agenda(event)

    def link(endpoint: str) -> str:
        return url_for(endpoint, slug=event.slug, _external=True)

    return _ok({
        **_event_summary(event),
        "description": event.description,
        "visibility": event.visibility.value,
        "agenda": {"published": published is not None,
                   "version": published.version if published else None,
                   "published_at": _utc(published.published_at) if published else None},
        "links": {"sessions": link("api.sessions"), "speakers": link("api.speakers"), "rooms": link("api.rooms"),
                  "agenda_ics": link("agenda_exports.agenda_ics"), "schedule_xml": link("agenda_exports.schedule_xml"),
                  "schedule_json": link("agenda_exports.schedule_json")},
    })


@bp.get("/events/<slug>/sessions")
def sessions(slug: str):
    event = _visible_event(slug)
    published = published_agenda(event)
    return _ok(_paged(published.sessions if published else [], lambda s: _session(event, s)))


@bp.get("/events/<slug>/speakers")
def speakers(slug: str):
    event = _visible_event(slug)
    published = published_agenda(event)
    people = speakers_with_sessions(published) if published else []
    return _ok(_paged(people, lambda pair: {
        "id": pair[0].id, "name": pair[0].name, "title": pair[0].title, "organisation": pair[0].organisation,
        "country": pair[0].country or None, "bio": pair[0].bio, "sessions": [s.id for s in pair[1]],
    }))


@bp.get("/events/<slug>/rooms")
def rooms(slug: str):
    event = _visible_event(slug)
    published = published_agenda(event)
    return _ok(_paged(published.rooms if published else [],
                      lambda room: {"id": room.id, "name": room.name, "capacity": room.capacity}))
