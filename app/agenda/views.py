"""Public agenda pages: they read the latest publication, never the draft.

Anonymous readers get them from the page cache (app.core.pagecache), keyed by
the publication, so publishing is the invalidation.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, render_template
from flask_login import current_user

from app.agenda import services
from app.agenda.hooks import SESSION_PAGE_PARTS
from app.agenda.published import publication_stamp, published_agenda
from app.core.http import id_arg
from app.core.pagecache import cached_public_page, render_public
from app.events.permissions import event_required

bp = Blueprint("agenda", __name__, template_folder="templates")


def _version(event, stamp) -> tuple:
    """What a public agenda page depends on: the event's settings, the publication and its people's profiles."""
    return (event.id, event.updated_at, stamp.publication_id if stamp else 0,
            stamp.profiles_changed_at if stamp else None)


def _render_public(template: str, event, context: Callable[[object], dict]):
    """A public agenda page: the publication is parsed only when the page is not in the cache."""
    stamp = publication_stamp(event)
    return render_public(template, event.slug, _version(event, stamp),
                         lambda: context(published_agenda(event, stamp)))


@bp.get("/events/<slug>/agenda")
@cached_public_page(query_args=("room", "track"))
@event_required("event.view")
def agenda(event):
    def context(published):
        room_id, track_id = id_arg("room"), id_arg("track")
        sessions = services.filter_sessions(published.sessions if published else [], room_id=room_id, track_id=track_id)
        return dict(event=event, published=published, days=services.agenda_by_day(event, sessions),
                    room_id=room_id, track_id=track_id, starred=services.starred_ids(event, current_user),
                    limited=services.limited_session_ids(event), held=services.held_ids(event, current_user))

    return _render_public("agenda/agenda.html", event, context)


@bp.get("/events/<slug>/agenda/rooms")
@cached_public_page
@event_required("event.view")
def by_room(event):
    return _render_public("agenda/by_room.html", event, lambda published: dict(
        event=event, published=published, groups=services.group_by_room(published) if published else [],
        starred=services.starred_ids(event, current_user)))


@bp.get("/events/<slug>/agenda/tracks")
@cached_public_page
@event_required("event.view")
def by_track(event):
    return _render_public("agenda/by_track.html", event, lambda published: dict(
        event=event, published=published, groups=services.group_by_track(published) if published else [],
        starred=services.starred_ids(event, current_user)))


@bp.get("/events/<slug>/speakers")
@cached_public_page
@event_required("event.view")
def speakers(event):
    return _render_public("agenda/speakers.html", event, lambda published: dict(
        event=event, published=published, speakers=services.speakers_with_sessions(published) if published else []))


@bp.get("/events/<slug>/sessions/<id:session_id>")
@event_required("event.view")
def session_page(event, session_id: int):
    published = published_agenda(event)
    session = published.by_id.get(session_id) if published else None
    if session is None:
        abort(404)
    # Not page-cached: materials (embargoes, visibility) and notes change without a new publication.
    return render_template("agenda/session.html", **session_page_context(event, session, published))


def session_page_context(event, session, published) -> dict:
    """Everything the session page shows; registration, materials and notes add their parts (SESSION_PAGE_PARTS)."""
    return dict(event=event, session=session, published=published, starred=services.starred_ids(event, current_user),
                **SESSION_PAGE_PARTS.merged(event, session))
