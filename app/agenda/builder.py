"""The organiser's agenda builder: sessions, rooms, tracks and people of the draft.

Services take plain values (an event, the acting user, a form's data), check
every rule *before* changing anything, flush, and record an audit entry; a rule
that says no raises DomainError(message, field=<form field>), so a refused
request leaves the database as it was. Callers commit.

Times: forms give a local day and HH:MM in the event's time zone; sessions are
stored as aware UTC datetimes (`local_datetime` converts).

Ids that arrive from forms are always checked against the event: a room, track
or person of another event is refused like one that does not exist.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from app.agenda.hooks import PERSON_DELETING, SESSION_CAPACITY_CHANGED, SESSION_CAPACITY_CHANGING, SESSION_DELETING
from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, SessionStatus, Track
from app.core import dates
from app.core.errors import DomainError
from app.core.i18n import is_country_code
from app.core.mail import erase_mail_about
from app.core.models import record_audit
from app.core.pagecache import invalidate as invalidate_public_pages
from app.db import utcnow
from app.events.models import Event
from app.extensions import db

# A session may sit at most this far from the event's days: further is a typing mistake.
DAY_MARGIN = timedelta(days=366)
COLOUR_PATTERN = re.compile(r"^#[0-9a-f]{6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- time --------------------------------------------------------------------

def local_datetime(event: Event, day: date, at: time) -> datetime:
    """A wall-clock time of the event's time zone as an aware UTC datetime."""
    return datetime.combine(day, at, ZoneInfo(event.timezone)).astimezone(UTC)


def local_parts(event: Event, value: datetime) -> tuple[date, time]:
    local = value.astimezone(ZoneInfo(event.timezone))
    return local.date(), local.time().replace(tzinfo=None)


def _check_day(event: Event, day: date, field_name: str = "day") -> None:
    margin = DAY_MARGIN.days
    if not (dates.in_range(day) and dates.shift(event.start_date, -margin) <= day <= dates.shift(event.end_date, margin)):
        raise DomainError(_l("Choose a day near the event's dates."), field=field_name)


# --- reading the draft ---------------------------------------------------------

@dataclass
class DraftAgenda:
    """Everything the builder pages show, loaded in five queries whatever the agenda's size."""

    rooms: list[Room]
    tracks: list[Track]
    people: list[Person]
    sessions: list[Session]
    by_id: dict[int, Session] = field(default_factory=dict)

    def days(self, event: Event) -> list[date]:
        """The event's days plus any day a session has been put on."""
        return sorted(set(event.days) | {local_parts(event, s.starts_at)[0] for s in self.sessions})


def load_draft(event: Event) -> DraftAgenda:
    # Rooms, tracks and people are loaded first, so Session.room/.track and
    # SessionPerson.person come from the identity map without further queries.
    rooms = list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)))
    tracks = list(db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id)))
    people = list(db.session.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.name, Person.id)))
    sessions = list(db.session.scalars(
        select(Session).where(Session.event_id == event.id)
        .options(selectinload(Session.people)).order_by(Session.starts_at, Session.id)))
    return DraftAgenda(rooms, tracks, people, sessions, {s.id: s for s in sessions})


def _event_of(obj) -> Event:
    return db.session.get(Event, obj.event_id)


def _title(event: Event, value: dict) -> str:
    return value.get(event.default_language) or next(iter(value.values()), "")


# --- sessions --------------------------------------------------------------------

def _owned_id(model, object_id: int | None, event: Event, message, field_name: str) -> int | None:
    """`object_id` if it names a row of `model` in this event; None stays None; anything else is refused."""
    if object_id is None:
        return None
    found = db.session.scalar(select(model.id).where(model.id == object_id, model.event_id == event.id)) \
        if 0 < object_id < 2**31 else None
    if found is None:
        raise DomainError(message, field=field_name)
    return found


def _checked_people(event: Event, links) -> list[tuple[int, PersonRole]]:
    """[(person_id, role)] in order, every person of this event, no person twice in one role."""
    try:
        links = [(person_id, PersonRole(role)) for person_id, role in links or []]
    except ValueError:
        raise DomainError(_l("Choose a role: speaker, chair or panelist."), field="people") from None
    ids = {person_id for person_id, _ in links}
    if any(not (isinstance(i, int) and 0 < i < 2**31) for i in ids):
        raise DomainError(_l("Choose people of this event."), field="people")
    if ids:
        known = set(db.session.scalars(select(Person.id).where(Person.id.in_(ids), Person.event_id == event.id)))
        if known != ids:
            raise DomainError(_l("Choose people of this event."), field="people")
    if len(set(links)) != len(links):
        raise DomainError(_l("The same person is listed twice in the same role."), field="people")
    return links


def _session_values(event: Event, data: dict) -> dict:
    """Checked column values for a session, from form data with local day and times."""
    title = {lang: text for lang, text in (data.get("title") or {}).items() if text}
    if not title.get(event.default_language):
        raise DomainError(_l("The title in the main language is required."), field="title")
    _check_day(event, data["day"])
    starts_at = local_datetime(event, data["day"], data["start_time"])
    ends_at = local_datetime(event, data["day"], data["end_time"])
    if ends_at <= starts_at:
        raise DomainError(_l("The session must end after it starts."), field="end_time")
    interpretation = list(data.get("interpretation") or [])
    if any(lang not in event.languages for lang in interpretation):
        raise DomainError(_l("Interpretation can only be into the event's languages."), field="interpretation")
    floor_language = data.get("floor_language") or ""
    if floor_language and floor_language not in event.languages:
        raise DomainError(_l("Choose the language on the floor from the event's languages."), field="floor_language")
    try:
        kind = SessionKind(data.get("kind") or SessionKind.PLENARY)
        status = SessionStatus(data.get("status") or SessionStatus.CONFIRMED)
    except ValueError:
        raise DomainError(_l("Choose a type and a status from the lists."), field="kind") from None
    capacity = data.get("capacity")
    if capacity is not None and not (isinstance(capacity, int) and 1 <= capacity <= 100_000):
        raise DomainError(_l("The number of places must be between 1 and 100,000."), field="capacity")
    return {
        "title": title, "abstract": dict(data.get("abstract") or {}), "kind": kind, "status": status,
        "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity,
        "room_id": _owned_id(Room, data.get("room_id"), event, _l("Choose a room of this event."), "room"),
        "track_id": _owned_id(Track, data.get("track_id"), event, _l("Choose a track of this event."), "track"),
        "interpretation": [lang for lang in event.languages if lang in interpretation],
        "floor_language": floor_language,
    }


def _apply_people(session: Session, links: list[tuple[int, PersonRole]]) -> None:
    """Make the session's people exactly `links`, keeping rows that stay (no unique-key clash on reorder)."""
    existing = {(link.person_id, link.role): link for link in session.people}
    wanted = []
    for position, key in enumerate(links):
        link = existing.pop(key, None) or SessionPerson(person_id=key[0], role=key[1])
        link.position = position
        wanted.append(link)
    session.people[:] = wanted  # delete-orphan removes the rest


def create_session(event: Event, actor, data: dict) -> Session:
    """data: title, abstract, kind, status, day, start_time, end_time (local), room_id, track_id,
    interpretation, people [(person_id, role)]. Raises DomainError."""
    values = _session_values(event, data)
    links = _checked_people(event, data.get("people"))
    session = Session(event_id=event.id, **values)
    _apply_people(session, links)
    db.session.add(session)
    db.session.flush()
    record_audit(actor, "agenda.session_created", event, session=str(session.id), title=_title(event, session.title))
    db.session.flush()
    return session


def update_session(session: Session, actor, data: dict) -> Session:
    """Same data as create_session; people are replaced only when data has a "people" key."""
    event = _event_of(session)
    values = _session_values(event, data)
    links = _checked_people(event, data["people"]) if "people" in data else None
    changed = sorted(key for key, value in values.items() if getattr(session, key) != value)
    SESSION_CAPACITY_CHANGING(session, values["capacity"])
    for key, value in values.items():
        setattr(session, key, value)
    if links is not None:
        if [(link.person_id, link.role) for link in session.people] != links:
            changed.append("people")
        _apply_people(session, links)
    record_audit(actor, "agenda.session_updated", event, session=str(session.id), title=_title(event, session.title),
                 fields=changed)
    db.session.flush()
    if "capacity" in changed:
        SESSION_CAPACITY_CHANGED(session, event)
        invalidate_public_pages(event.slug)  # the agenda marks limited sessions
    return session


def move_session(session: Session, actor, starts_at: datetime, room_id: int | None) -> Session:
    """Put the session at `starts_at` (aware) in `room_id` (None: no room), keeping its duration."""
    if starts_at.tzinfo is None:
        raise ValueError("move_session needs an aware datetime")
    event = _event_of(session)
    _check_day(event, local_parts(event, starts_at)[0])
    room_id = _owned_id(Room, room_id, event, _l("Choose a room of this event."), "room")
    duration = session.ends_at - session.starts_at
    before = (session.starts_at, session.room_id)
    session.starts_at, session.ends_at, session.room_id = starts_at, starts_at + duration, room_id
    record_audit(actor, "agenda.session_moved", event, session=str(session.id), title=_title(event, session.title),
                 before=before[0].isoformat(), after=starts_at.isoformat(),
                 room=str(room_id) if room_id else "")
    db.session.flush()
    return session


def move_session_local(session: Session, actor, day: date, start_time: time, room_id: int | None) -> Session:
    """move_session with a local day and start time, as the move form and drag and drop give them."""
    event = _event_of(session)
    _check_day(event, day)
    return move_session(session, actor, local_datetime(event, day, start_time), room_id)


def duplicate_session(session: Session, actor) -> Session:
    """A copy with the same content and people, placed right after the original in the same room.

    Right after, not at the same time elsewhere: the same people cannot be in two
    rooms at once, so a parallel copy would start life as a conflict. If the slot
    after is taken, the copy shows up as a room conflict to move.
    """
    event = _event_of(session)
    duration = session.ends_at - session.starts_at
    copy = Session(
        event_id=session.event_id, kind=session.kind, status=session.status, title=dict(session.title),
        abstract=dict(session.abstract), starts_at=session.ends_at, ends_at=session.ends_at + duration,
        room_id=session.room_id, track_id=session.track_id, interpretation=list(session.interpretation),
        floor_language=session.floor_language, capacity=session.capacity,
    )
    _apply_people(copy, [(link.person_id, link.role) for link in session.people])
    db.session.add(copy)
    db.session.flush()
    record_audit(actor, "agenda.session_duplicated", event, session=str(copy.id), source=str(session.id),
                 title=_title(event, copy.title))
    db.session.flush()
    return copy


def delete_session(session: Session, actor) -> None:
    """Remove the session from the draft (cancelling is an edit of its status: it stays visible, struck out)."""
    event = _event_of(session)
    SESSION_DELETING(session)
    record_audit(actor, "agenda.session_deleted", event, session=str(session.id), title=_title(event, session.title))
    db.session.delete(session)
    db.session.flush()


# --- rooms -------------------------------------------------------------------------

def _name(event: Event, data: dict) -> dict:
    name = {lang: text for lang, text in (data.get("name") or {}).items() if text}
    if not name.get(event.default_language):
        raise DomainError(_l("The name in the main language is required."), field="name")
    return name


def _room_values(event: Event, data: dict) -> dict:
    capacity, position = data.get("capacity"), data.get("position")
    if capacity is not None and not 1 <= capacity <= 100_000:
        raise DomainError(_l("The capacity must be between 1 and 100,000 seats."), field="capacity")
    if position is not None and not 0 <= position <= 1000:
        raise DomainError(_l("The position must be between 0 and 1,000."), field="position")
    return {"name": _name(event, data), "capacity": capacity, "position": position}


def create_room(event: Event, actor, data: dict) -> Room:
    """data: name {lang: text}, capacity (None: unknown), position (None: after the last room)."""
    values = _room_values(event, data)
    if values["position"] is None:
        last = db.session.scalar(select(func.max(Room.position)).where(Room.event_id == event.id))
        values["position"] = 0 if last is None else last + 1
    room = Room(event_id=event.id, **values)
    db.session.add(room)
    db.session.flush()
    record_audit(actor, "agenda.room_created", event, room=str(room.id), name=_title(event, room.name))
    db.session.flush()
    return room


def update_room(room: Room, actor, data: dict) -> Room:
    event = _event_of(room)
    values = _room_values(event, data)
    if values["position"] is None:
        values["position"] = room.position
    for key, value in values.items():
        setattr(room, key, value)
    record_audit(actor, "agenda.room_updated", event, room=str(room.id), name=_title(event, room.name))
    db.session.flush()
    return room


def delete_room(room: Room, actor) -> None:
    """Delete a room; its sessions stay, without a room."""
    event = _event_of(room)
    db.session.execute(update(Session).where(Session.room_id == room.id).values(room_id=None))
    record_audit(actor, "agenda.room_deleted", event, room=str(room.id), name=_title(event, room.name))
    db.session.delete(room)
    db.session.flush()


# --- tracks ---------------------------------------------------------------------------

def _track_values(event: Event, data: dict) -> dict:
    colour = (data.get("colour") or "").strip().lower()
    if not COLOUR_PATTERN.match(colour):
        raise DomainError(_l("Give the colour as #rrggbb, e.g. #1f5aa6."), field="colour")
    return {"name": _name(event, data), "colour": colour}


def create_track(event: Event, actor, data: dict) -> Track:
    """data: name {lang: text}, colour "#rrggbb"."""
    track = Track(event_id=event.id, **_track_values(event, data))
    db.session.add(track)
    db.session.flush()
    record_audit(actor, "agenda.track_created", event, track=str(track.id), name=_title(event, track.name))
    db.session.flush()
    return track


def update_track(track: Track, actor, data: dict) -> Track:
    event = _event_of(track)
    for key, value in _track_values(event, data).items():
        setattr(track, key, value)
    record_audit(actor, "agenda.track_updated", event, track=str(track.id), name=_title(event, track.name))
    db.session.flush()
    return track


def delete_track(track: Track, actor) -> None:
    """Delete a track; its sessions stay, without a track."""
    event = _event_of(track)
    db.session.execute(update(Session).where(Session.track_id == track.id).values(track_id=None))
    record_audit(actor, "agenda.track_deleted", event, track=str(track.id), name=_title(event, track.name))
    db.session.delete(track)
    db.session.flush()


# --- people ------------------------------------------------------------------------------

def _person_values(event: Event, data: dict) -> dict:
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError(_l("Please enter the person's name."), field="name")
    if len(name) > 200:
        raise DomainError(_l("The name is too long (at most 200 characters)."), field="name")
    email = (data.get("email") or "").strip() or None
    if email is not None and (len(email) > 320 or not EMAIL_PATTERN.match(email)):
        raise DomainError(_l("Please enter a valid e-mail address."), field="email")
    country = (data.get("country") or "").strip().upper()
    if country and not is_country_code(country):
        raise DomainError(_l("Choose a country from the list."), field="country")
    return {"name": name, "email": email, "country": country, "title": dict(data.get("title") or {}),
            "organisation": dict(data.get("organisation") or {}), "bio": dict(data.get("bio") or {})}


def create_person(event: Event, actor, data: dict) -> Person:
    """data: name, email (optional), title/organisation/bio {lang: text}, country (ISO 3166 alpha-2 or "")."""
    person = Person(event_id=event.id, **_person_values(event, data))
    db.session.add(person)
    db.session.flush()
    record_audit(actor, "agenda.person_created", event, person=str(person.id), name=person.name)
    db.session.flush()
    return person


def profile_changed(person: Person) -> None:
    """A person's profile (name, job title, organisation, country, biography, photo) is public as
    soon as it is saved, without a publication (app.agenda.published): the event's cached public
    pages go. The caller has changed the person's row, so its updated_at moves too."""
    person.updated_at = utcnow()
    invalidate_public_pages(_event_of(person).slug)


def update_person(person: Person, actor, data: dict) -> Person:
    event = _event_of(person)
    for key, value in _person_values(event, data).items():
        setattr(person, key, value)
    profile_changed(person)
    record_audit(actor, "agenda.person_updated", event, person=str(person.id), name=person.name)
    db.session.flush()
    return person


def delete_person(person: Person, actor) -> None:
    """Delete a person and their places in sessions (the sessions stay). The mail about them goes too
    (app.core.mail.erase_mail_about: a speaker's reminders): what was not sent yet is never sent,
    what was keeps only its subject and state, addressed to no one."""
    event = _event_of(person)
    PERSON_DELETING(person, event)
    erase_mail_about([person.mail_about], f"erased-person-{person.id}@invalid")
    db.session.execute(delete(SessionPerson).where(SessionPerson.person_id == person.id))
    record_audit(actor, "agenda.person_deleted", event, person=str(person.id), name=person.name)
    invalidate_public_pages(event.slug)  # a published person falls back to the profile the publication holds
    db.session.delete(person)
    db.session.flush()
    db.session.expire_all()  # sessions loaded earlier may still list the deleted links
