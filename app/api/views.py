"""Read API v1: paginated JSON, described by an OpenAPI document.

Requests are anonymous, or read as the owner of the personal API token they send (app/api/auth.py);
cookies are ignored. Private events appear only to a token whose owner may see them (their
addresses answer 404 as unknown ones do otherwise). Agenda data comes from the latest publication
only, like the public pages. Errors under /api/v1 are JSON (RFC 9457 problem details), never the
HTML error page.
"""
from __future__ import annotations

from flask import current_app, request, url_for

from app.agenda.published import PublicSession, published_agenda
from app.agenda.services import speakers_with_sessions
from app.api.auth import reader
from app.api.common import MAX_PER_PAGE, bp, envelope, ok, page_args, paged, utc, visible_event
from app.api.openapi import openapi_document
from app.events.models import Event
from app.events.services import listed_events
from app.extensions import db

# --- representations ----------------------------------------------------------------

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
        "starts_at": utc(session.starts_at), "ends_at": utc(session.ends_at), "timezone": event.timezone,
        "room": {"id": session.room.id, "name": session.room.name} if session.room else None,
        "track": ({"id": session.track.id, "name": session.track.name, "colour": session.track.colour}
                  if session.track else None),
        "people": [{"id": link.person.id, "name": link.person.name, "role": link.role.value}
                   for link in session.people],
        "floor_language": session.floor_language or None,
        "interpretation": list(session.interpretation),
        "sequence": session.sequence,
        "url": url_for("agenda.session_page", slug=event.slug, session_id=session.id, _external=True),
        "ical_url": url_for("agenda_exports.session_ics", slug=event.slug, session_id=session.id, _external=True),
    }


# --- endpoints ----------------------------------------------------------------------

@bp.get("/openapi.json")
def openapi():
    return ok(openapi_document(server_url=request.script_root + bp.url_prefix,
                               languages=list(current_app.config["LANGUAGES"])))


@bp.get("/events")
def events():
    page, per_page = page_args()
    pagination = db.paginate(listed_events(reader()).order_by(Event.start_date, Event.slug),
                             page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False)
    return ok(envelope([_event_summary(e) for e in pagination.items], page, per_page, pagination.total or 0))


@bp.get("/events/<slug>", endpoint="event")
def event_detail(slug: str):
    event = visible_event(slug)
    published = published_agenda(event)

    def link(endpoint: str) -> str:
        return url_for(endpoint, slug=event.slug, _external=True)

    return ok({
        **_event_summary(event),
        "description": event.description,
        "visibility": event.visibility.value,
        "agenda": {"published": published is not None,
                   "version": published.version if published else None,
                   "published_at": utc(published.published_at) if published else None},
        "links": {"sessions": link("api.sessions"), "speakers": link("api.speakers"), "rooms": link("api.rooms"),
                  "agenda_ics": link("agenda_exports.agenda_ics"), "schedule_xml": link("agenda_exports.schedule_xml"),
                  "schedule_json": link("agenda_exports.schedule_json")},
    })


@bp.get("/events/<slug>/sessions")
def sessions(slug: str):
    event = visible_event(slug)
    published = published_agenda(event)
    return ok(paged(published.sessions if published else [], lambda s: _session(event, s)))


@bp.get("/events/<slug>/speakers")
def speakers(slug: str):
    event = visible_event(slug)
    published = published_agenda(event)
    people = speakers_with_sessions(published) if published else []
    return ok(paged(people, lambda pair: {
        "id": pair[0].id, "name": pair[0].name, "title": pair[0].title, "organisation": pair[0].organisation,
        "country": pair[0].country or None, "bio": pair[0].bio, "sessions": [s.id for s in pair[1]],
    }))


@bp.get("/events/<slug>/rooms")
def rooms(slug: str):
    event = visible_event(slug)
    published = published_agenda(event)
    return ok(paged(published.rooms if published else [],
                      lambda room: {"id": room.id, "name": room.name, "capacity": room.capacity}))
