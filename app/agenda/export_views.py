"""Machine-readable agenda: iCalendar feeds and the frab/c3voc schedule (XML and JSON)."""
from __future__ import annotations

from flask import Blueprint, abort

from app.core.permissions import event_required

bp = Blueprint("agenda_exports", __name__)


@bp.get("/events/<slug>/agenda.ics")
@event_required("event.view")
def agenda_ics(event):
    abort(404)


@bp.get("/events/<slug>/sessions/<id:session_id>.ics")
@event_required("event.view")
def session_ics(event, session_id: int):
    abort(404)


@bp.get("/my/agenda/<token>.ics")
def personal_ics(token: str):
    abort(404)


@bp.get("/events/<slug>/schedule.xml")
@event_required("event.view")
def schedule_xml(event):
    abort(404)


@bp.get("/events/<slug>/schedule.json")
@event_required("event.view")
def schedule_json(event):
    abort(404)
