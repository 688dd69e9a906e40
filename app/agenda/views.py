from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.agenda import services
from app.core.permissions import event_required

bp = Blueprint("agenda", __name__, template_folder="templates")


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/events/<slug>/agenda")
@event_required("event.view")
def agenda(event):
    room_id, track_id = _int_arg("room"), _int_arg("track")
    sessions = services.sessions_of(event, room_id=room_id, track_id=track_id)
    return render_template(
        "agenda/agenda.html", event=event, days=services.agenda_by_day(event, sessions),
        rooms=services.rooms_of(event), tracks=services.tracks_of(event), room_id=room_id, track_id=track_id,
    )


@bp.get("/events/<slug>/sessions/<id:session_id>")
@event_required("event.view")
def session_page(event, session_id: int):
    session = services.get_session(event, session_id)
    if session is None:
        abort(404)
    return render_template("agenda/session.html", event=event, session=session)
