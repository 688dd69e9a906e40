"""Reading the agenda. Queries load everything a page shows in a fixed number of statements."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.agenda.models import Person, Room, Session, SessionPerson, Track
from app.extensions import db


@dataclass
class AgendaDay:
    day: date
    sessions: list[Session] = field(default_factory=list)


def sessions_of(event, *, room_id: int | None = None, track_id: int | None = None) -> list[Session]:
    query = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(selectinload(Session.room), selectinload(Session.track),
                 selectinload(Session.people).selectinload(SessionPerson.person))
        .order_by(Session.starts_at, Session.id)
    )
    if room_id:
        query = query.where(Session.room_id == room_id)
    if track_id:
        query = query.where(Session.track_id == track_id)
    return list(db.session.scalars(query))


def agenda_by_day(event, sessions: list[Session]) -> list[AgendaDay]:
    """Sessions grouped by their local day in the event's time zone, every event day present."""
    tz = ZoneInfo(event.timezone)
    grouped: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        grouped[session.starts_at.astimezone(tz).date()].append(session)
    days = sorted(set(event.days) | set(grouped))
    return [AgendaDay(day, grouped.get(day, [])) for day in days]


def rooms_of(event) -> list[Room]:
    return list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)))


def tracks_of(event) -> list[Track]:
    return list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id)))


def get_session(event, session_id: int) -> Session | None:
    return db.session.scalar(
        select(Session).where(Session.id == session_id, Session.event_id == event.id)
        .options(selectinload(Session.room), selectinload(Session.track),
                 selectinload(Session.people).selectinload(SessionPerson.person))
    )


def people_of(event) -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.name)))
