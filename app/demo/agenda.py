"""The demo's agendas: rooms, tracks, people and sessions from data/*.toml, times in the event's zone."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, Track
from app.extensions import db


def _by_name(model, event, spec_name: dict):
    """Find a room or track of the event by its English name (the demo's stable key)."""
    for obj in db.session.scalars(select(model).where(model.event_id == event.id)):
        if obj.name.get("en") == spec_name.get("en"):
            return obj
    return None


def load_agenda(event, spec: dict) -> int:
    """Create or update the agenda of `event`; returns the number of sessions. Idempotent."""
    tz = ZoneInfo(event.timezone)
    rooms = {}
    for position, room_spec in enumerate(spec["rooms"]):
        room = _by_name(Room, event, room_spec["name"]) or Room(event_id=event.id)
        room.name, room.capacity, room.position = room_spec["name"], room_spec.get("capacity"), position
        db.session.add(room)
        rooms[room_spec["key"]] = room
    tracks = {}
    for track_spec in spec.get("tracks", []):
        track = _by_name(Track, event, track_spec["name"]) or Track(event_id=event.id)
        track.name, track.colour = track_spec["name"], track_spec["colour"].lower()
        db.session.add(track)
        tracks[track_spec["key"]] = track
    people = {}
    existing_people = {p.email: p for p in db.session.scalars(select(Person).where(Person.event_id == event.id))}
    for person_spec in spec["people"]:
        person = existing_people.get(person_spec["email"]) or Person(event_id=event.id, email=person_spec["email"])
        person.name = person_spec["name"]
        person.title = person_spec.get("title", {})
        person.organisation = person_spec.get("organisation", {})
        person.country = person_spec.get("country", "")
        person.bio = person_spec.get("bio", {})
        db.session.add(person)
        people[person_spec["key"]] = person
    db.session.flush()

    existing_sessions = {s.title.get("en"): s for s in db.session.scalars(select(Session).where(Session.event_id == event.id))}
    for session_spec in spec["sessions"]:
        day = event.start_date + timedelta(days=session_spec["day"] - 1)
        session = existing_sessions.get(session_spec["title"]["en"]) or Session(event_id=event.id)
        session.title = session_spec["title"]
        session.abstract = session_spec.get("abstract") or {}
        session.kind = SessionKind(session_spec["type"])
        session.starts_at = datetime.combine(day, session_spec["start"], tz).astimezone(UTC)
        session.ends_at = datetime.combine(day, session_spec["end"], tz).astimezone(UTC)
        session.room = rooms.get(session_spec["room"])
        session.track = tracks.get(session_spec.get("track")) if session_spec.get("track") else None
        session.interpretation = list(session_spec.get("interpretation", []))
        session.floor_language = session_spec.get("floor_language", "")
        session.capacity = session_spec.get("capacity")
        wanted = [(people[key].id, PersonRole(role)) for key, role in session_spec.get("people", [])]
        if [(link.person_id, link.role) for link in session.people] != wanted:
            session.people.clear()
            db.session.flush()
            for position, (person_id, role) in enumerate(wanted):
                session.people.append(SessionPerson(person_id=person_id, role=role, position=position))
        db.session.add(session)
    db.session.flush()
    return len(spec["sessions"])
