"""Reading and grouping the published agenda; stars and personal feeds."""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.agenda.hooks import PERSONAL_SESSIONS
from app.agenda.models import AgendaFeed, Session, SessionStar
from app.agenda.published import PublicPerson, PublicSession, PublishedAgenda, published_agenda
from app.core.permissions import can
from app.events.models import Event
from app.events.personal import PersonalPart
from app.extensions import db


@dataclass
class AgendaDay:
    day: date
    sessions: list = field(default_factory=list)

    @property
    def slots(self) -> list[list]:
        """Sessions grouped by start time, in room order: a row of parallel sessions each.

        On wide screens a row shows its sessions side by side (the day as a grid of time
        and rooms); on phones the rows stack into one list.
        """
        rows: dict = {}
        for session in self.sessions:
            rows.setdefault(session.starts_at, []).append(session)
        return [sorted(row, key=lambda s: (s.room.id if s.room else 0, s.id)) for row in rows.values()]


@dataclass
class Group:
    key: object
    sessions: list = field(default_factory=list)


def filter_sessions(sessions, *, room_id: int | None = None, track_id: int | None = None) -> list:
    if room_id:
        sessions = [s for s in sessions if s.room and s.room.id == room_id]
    if track_id:
        sessions = [s for s in sessions if s.track and s.track.id == track_id]
    return list(sessions)


def agenda_by_day(event, sessions) -> list[AgendaDay]:
    """Sessions grouped by their local day in the event's time zone, every event day present."""
    tz = ZoneInfo(event.timezone)
    grouped: dict[date, list] = defaultdict(list)
    for session in sessions:
        grouped[session.starts_at.astimezone(tz).date()].append(session)
    days = sorted(set(event.days) | set(grouped))
    return [AgendaDay(day, grouped.get(day, [])) for day in days]


def group_by_room(published: PublishedAgenda) -> list[Group]:
    groups = {room.id: Group(room) for room in published.rooms}
    unassigned = Group(None)
    for session in published.sessions:
        (groups[session.room.id] if session.room else unassigned).sessions.append(session)
    return [g for g in groups.values() if g.sessions] + ([unassigned] if unassigned.sessions else [])


def group_by_track(published: PublishedAgenda) -> list[Group]:
    groups = {track.id: Group(track) for track in published.tracks}
    for session in published.sessions:
        if session.track:
            groups[session.track.id].sessions.append(session)
    return [g for g in groups.values() if g.sessions]


def speakers_with_sessions(published: PublishedAgenda) -> list[tuple[PublicPerson, list[PublicSession]]]:
    sessions_by_person: dict[int, list[PublicSession]] = defaultdict(list)
    for session in published.sessions:
        for link in session.people:
            sessions_by_person[link.person.id].append(session)
    return [(person, sessions_by_person[person.id]) for person in published.people if sessions_by_person[person.id]]


def limited_session_ids(event) -> set[int]:
    """The draft sessions with a limit of participants (the agenda marks them; registration hands out places)."""
    return set(db.session.scalars(
        select(Session.id).where(Session.event_id == event.id, Session.capacity.is_not(None))))


# --- personal agenda ------------------------------------------------------------

def starred_ids(event, user) -> set[int]:
    if not user or not user.is_authenticated:
        return set()
    return set(db.session.scalars(
        select(SessionStar.session_id).join(Session, Session.id == SessionStar.session_id)
        .where(SessionStar.user_id == user.id, Session.event_id == event.id)))


def held_ids(event, user) -> set[int]:
    """The sessions of the event the person holds a place in (registration answers PERSONAL_SESSIONS)."""
    if not user or not user.is_authenticated:
        return set()
    return set().union(*(answer.get(event.id, set()) for answer in PERSONAL_SESSIONS(user)))


def set_star(user, session: Session, starred: bool) -> None:
    existing = db.session.scalar(select(SessionStar).where(
        SessionStar.user_id == user.id, SessionStar.session_id == session.id))
    if starred and existing is None:
        db.session.add(SessionStar(user_id=user.id, session_id=session.id))
    elif not starred and existing is not None:
        db.session.delete(existing)
    db.session.flush()


def feed_for(user, create: bool = True) -> AgendaFeed | None:
    """The user's feed; made on first use, in the caller's transaction. Two first uses at once
    (two tabs) share the one that wins: the insert does nothing when the user has a feed already.

    Not a savepoint: on SQLite (pysqlite) a SAVEPOINT that opens the transaction is committed by
    its RELEASE, so a first visit that failed later would still leave its feed behind.
    """
    feed = db.session.scalar(select(AgendaFeed).where(AgendaFeed.user_id == user.id))
    if feed is None and create:
        insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        db.session.execute(insert(AgendaFeed).values(user_id=user.id, token=secrets.token_urlsafe(32))
                           .on_conflict_do_nothing(index_elements=[AgendaFeed.user_id]))
        feed = db.session.scalar(select(AgendaFeed).where(AgendaFeed.user_id == user.id))
    return feed


def revoke_feed(user) -> AgendaFeed:
    """Replace the secret address; the old one stops working at once."""
    db.session.execute(delete(AgendaFeed).where(AgendaFeed.user_id == user.id))
    db.session.flush()
    return feed_for(user)


def user_for_feed_token(token: str):
    # No expiry, on purpose: a calendar app keeps polling the address for months, and it only
    # reads; its owner revokes it on the "My agenda" page (revoke_feed).
    if not token or len(token) > 64:
        return None
    feed = db.session.scalar(select(AgendaFeed).where(AgendaFeed.token == token))
    return db.session.get(User, feed.user_id) if feed else None


@dataclass
class PersonalAgenda:
    """The person's sessions in one event, as published: those they starred and those they hold a place in."""
    event: Event
    published: PublishedAgenda
    sessions: list[PublicSession]
    starred: set[int]
    held: set[int]  # places in limited sessions (registration answers PERSONAL_SESSIONS)


def personal_agenda(user) -> list[PersonalAgenda]:
    """The person's agenda in every event they may still see, soonest event first ("my agenda",
    the personal feed and "My events" all read it)."""
    rows = db.session.execute(
        select(Session.event_id, SessionStar.session_id).join(Session, Session.id == SessionStar.session_id)
        .where(SessionStar.user_id == user.id)).all()
    starred: dict[int, set[int]] = defaultdict(set)
    for event_id, session_id in rows:
        starred[event_id].add(session_id)
    held: dict[int, set[int]] = defaultdict(set)
    for answer in PERSONAL_SESSIONS(user):
        for event_id, session_ids in answer.items():
            held[event_id] |= set(session_ids)
    event_ids = set(starred) | set(held)
    if not event_ids:
        return []
    events = db.session.scalars(select(Event).where(Event.id.in_(event_ids))).all()
    result = []
    for event in sorted(events, key=lambda e: (e.start_date, e.id)):
        if not can(user, "event.view", event):
            continue  # the event became private after the star: show nothing of it
        published = published_agenda(event)
        if published is None:
            continue
        mine = starred[event.id] | held[event.id]
        sessions = [s for s in published.sessions if s.id in mine]
        if sessions:
            result.append(PersonalAgenda(event, published, sessions, starred[event.id] & mine, held[event.id]))
    return result


def my_events_part(user) -> dict[int, PersonalPart]:
    """MY_EVENTS_PARTS: the person's agenda in each event (starred sessions and places)."""
    return {mine.event.id: PersonalPart("agenda/_my_events_part.html", mine, order=20) for mine in personal_agenda(user)}
