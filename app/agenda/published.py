"""The public agenda: objects read from the latest publication's snapshot.

Publications never change once written, so the parsed agenda is cached per
publication id in each process; publishing a new version is the invalidation.

People's profiles (name, job title, organisation, country, biography, photo) are the
exception: they belong to the people, not to the agenda's editorial state, so they are read
live from the person rows: a speaker's new biography is public without a new publication.
The cache key holds the time of the latest profile change (`profiles_changed_at`, also in the
keys of public pages and exports). Reading costs three small queries whatever the agenda's size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from cachetools import LRUCache
from sqlalchemy import func, select

from app.agenda.models import AgendaPublication, Person, PersonRole, SessionKind, SessionStatus
from app.extensions import db


@dataclass(frozen=True)
class PublicRoom:
    id: int
    name: dict
    capacity: int | None


@dataclass(frozen=True)
class PublicTrack:
    id: int
    name: dict
    colour: str


@dataclass(frozen=True)
class PublicPerson:
    id: int
    name: str
    title: dict
    organisation: dict
    country: str
    bio: dict
    has_photo: bool = False  # snapshots before photos were published have none


@dataclass(frozen=True)
class PublicLink:
    person: PublicPerson
    role: PersonRole


@dataclass(frozen=True)
class PublicSession:
    id: int
    uid: str
    kind: SessionKind
    status: SessionStatus
    title: dict
    abstract: dict
    starts_at: datetime
    ends_at: datetime
    room: PublicRoom | None
    track: PublicTrack | None
    interpretation: list
    people: list[PublicLink]
    sequence: int
    floor_language: str = ""  # "" when not stated (and in snapshots published before it was recorded)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


@dataclass
class PublishedAgenda:
    publication_id: int
    version: int
    published_at: datetime
    rooms: list[PublicRoom]
    tracks: list[PublicTrack]
    people: list[PublicPerson]
    sessions: list[PublicSession]
    changes: list[dict]
    previous_published_at: datetime | None = None
    by_id: dict[int, PublicSession] = field(default_factory=dict)
    profiles_changed_at: tuple = ()  # (latest change of a profile, number of people): part of cache keys

    def sessions_of_person(self, person_id: int) -> list[PublicSession]:
        return [s for s in self.sessions if any(link.person.id == person_id for link in s.people)]


def _profiles(event_id: int) -> dict[int, PublicPerson]:
    """The people of the event as they are now (only their public fields)."""
    rows = db.session.execute(select(Person.id, Person.name, Person.title, Person.organisation, Person.country,
                                     Person.bio, Person.photo_key).where(Person.event_id == event_id))
    return {row.id: PublicPerson(row.id, row.name, row.title, row.organisation, row.country or "", row.bio,
                                 bool(row.photo_key)) for row in rows}


def _parse(publication: AgendaPublication, previous_published_at: datetime | None,
           profiles: dict[int, PublicPerson], profiles_changed_at: tuple) -> PublishedAgenda:
    snapshot = publication.snapshot
    rooms = {r["id"]: PublicRoom(r["id"], r["name"], r["capacity"]) for r in snapshot["rooms"]}
    tracks = {t["id"]: PublicTrack(t["id"], t["name"], t["colour"]) for t in snapshot["tracks"]}
    # The published people, with their profiles as they are now; a person deleted since keeps
    # the profile the publication holds.
    people = {p["id"]: profiles.get(p["id"]) or PublicPerson(
        p["id"], p["name"], p["title"], p["organisation"], p["country"], p["bio"], p.get("photo", False))
        for p in snapshot["people"]}
    sessions = [
        PublicSession(
            id=s["id"], uid=s["uid"], kind=SessionKind(s["kind"]), status=SessionStatus(s["status"]),
            title=s["title"], abstract=s["abstract"],
            starts_at=datetime.fromisoformat(s["starts_at"]), ends_at=datetime.fromisoformat(s["ends_at"]),
            room=rooms.get(s["room_id"]), track=tracks.get(s["track_id"]), interpretation=s["interpretation"],
            people=[PublicLink(people[link["person_id"]], PersonRole(link["role"]))
                    for link in s["people"] if link["person_id"] in people],
            sequence=s.get("sequence", 0), floor_language=s.get("floor_language", ""),
        )
        for s in snapshot["sessions"]
    ]
    sessions.sort(key=lambda s: (s.starts_at, s.room.id if s.room else 0, s.id))
    return PublishedAgenda(
        publication_id=publication.id, version=publication.version, published_at=publication.published_at,
        rooms=list(rooms.values()), tracks=list(tracks.values()), people=sorted(people.values(), key=lambda p: p.name),
        sessions=sessions, changes=publication.changes or [], previous_published_at=previous_published_at,
        by_id={s.id: s for s in sessions}, profiles_changed_at=profiles_changed_at,
    )


# Keyed by database, publication id and time: ids can repeat after rows are deleted (tests, SQLite).
# cachetools' caches are not thread-safe: the lock guards each look-up and store, not the parsing.
_cache: LRUCache[tuple, PublishedAgenda] = LRUCache(maxsize=64)
_cache_lock = Lock()


@dataclass(frozen=True)
class PublicationStamp:
    """What identifies the published agenda as readers see it, read without parsing the snapshot:
    enough to name a cached page or export (its key, its ETag) before deciding to render it."""
    publication_id: int
    version: int
    published_at: datetime
    previous_published_at: datetime | None
    profiles_changed_at: tuple  # (latest change of a profile, number of people)


def publication_stamp(event) -> PublicationStamp | None:
    """The latest publication of `event` as a stamp (two small queries), or None before the first."""
    rows = db.session.execute(
        select(AgendaPublication.id, AgendaPublication.version, AgendaPublication.published_at)
        .where(AgendaPublication.event_id == event.id)
        .order_by(AgendaPublication.version.desc()).limit(2)
    ).all()
    if not rows:
        return None
    # A profile saved, or a person deleted (whose published profile then stands again).
    profiles_changed_at = tuple(db.session.execute(
        select(func.max(Person.updated_at), func.count(Person.id)).where(Person.event_id == event.id)).one())
    return PublicationStamp(rows[0].id, rows[0].version, rows[0].published_at,
                            rows[1].published_at if len(rows) > 1 else None, profiles_changed_at)


_NOT_GIVEN = object()


def published_agenda(event, stamp: PublicationStamp | None | object = _NOT_GIVEN) -> PublishedAgenda | None:
    """The latest published agenda of `event`, or None before the first publication.

    Pass the `stamp` already read (publication_stamp) to spare its two queries."""
    if stamp is _NOT_GIVEN:
        stamp = publication_stamp(event)
    if stamp is None:
        return None
    key = (str(db.engine.url), stamp.publication_id, stamp.published_at, stamp.profiles_changed_at)
    with _cache_lock:
        agenda = _cache.get(key)
    if agenda is None:
        publication = db.session.get(AgendaPublication, stamp.publication_id)
        agenda = _parse(publication, stamp.previous_published_at, _profiles(event.id), stamp.profiles_changed_at)
        with _cache_lock:
            _cache[key] = agenda
    return agenda
