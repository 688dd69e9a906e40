"""Public agenda pages: they read the latest publication, never the draft."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.agenda import services
from app.agenda.published import published_agenda
from app.core.permissions import event_required

bp = Blueprint("agenda", __name__, template_folder="templates")


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/events/<slug>/agenda")
@event_required("event.view")
def agenda(event):
    published = published_agenda(event)
    room_id, track_id = _int_arg("room"), _int_arg("track")
    sessions = services.filter_sessions(published.sessions if published else [], room_id=room_id, track_id=track_id)
    return render_template(
        "agenda/agenda.html", event=event, published=published, days=services.agenda_by_day(event, sessions),
        room_id=room_id, track_id=track_id, starred=services.starred_ids(event),
    )


@bp.get("/events/<slug>/agenda/rooms")
@event_required("event.view")
def by_room(event):
    published = published_agenda(event)
    return render_template("agenda/by_room.html", event=event, published=published,
                           groups=services.group_by_room(published) if published else [])


@bp.get("/events/<slug>/agenda/tracks")
@event_required("event.view")
def by_track(event):
    published = published_agenda(event)
    return render_template("agenda/by_track.html", event=event, published=published,
                           groups=services.group_by_track(published) if published else [])


@bp.get("/events/<slug>/speakers")
@event_required("event.view")
def speakers(event):
    published = published_agenda(event)
    return render_template("agenda/speakers.html", event=event, published=published,
                           speakers=services.speakers_with_sessions(published) if published else [])


@bp.get("/events/<slug>/sessions/<id:session_id>")
@event_required("event.view")
def session_page(event, session_id: int):
    published = published_agenda(event)
    session = published.by_id.get(session_id) if published else None
    if session is None:
        abort(404)
    return render_template("agenda/session.html", event=event, session=session, published=published,
                           starred=services.starred_ids(event))
