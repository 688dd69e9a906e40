"""Interpretation planning: who listens in which language, session by session.

Participants answer the event's "listening language" question (a language question the
organiser marks in the form builder). For each session of the agenda (cancelled sessions, breaks
and networking without a stated language aside) the plan counts the people expected there by the language they listen in: the
confirmed participants of the event, or, in a limited session, those who hold a place in it.
Pending, waiting, rejected, cancelled and erased registrations, and people waiting for a place
in a session, are not counted.

A listener of a language other than the one spoken on the floor needs interpretation into it,
and a receiver (headset). A language someone needs that the session offers neither on the floor
nor through interpretation is flagged. Receivers add up per day and room as the busiest session
of that room on that day (the same headsets serve the sessions that follow one another).

The counts are SQL aggregates: four queries whatever the number of participants and sessions.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.agenda.models import Room, Session, SessionKind, SessionStatus
from app.extensions import db
from app.registration.models import Registration, RegistrationField, RegistrationStatus, SessionRegistration
from app.registration.models import SessionRegistrationStatus as P

NOT_STATED = ""  # the key of people who gave no listening language


@dataclass
class SessionNeeds:
    """One session's listeners by language."""

    session: Session
    day: date
    listeners: dict[str, int]  # language code -> people; NOT_STATED -> people without an answer

    @property
    def floor(self) -> str:
        return self.session.floor_language or ""

    @property
    def expected(self) -> int:
        return sum(self.listeners.values())

    @property
    def not_stated(self) -> int:
        return self.listeners.get(NOT_STATED, 0)

    def offers(self, language: str) -> bool:
        return language == self.floor or language in (self.session.interpretation or [])

    def needs(self, language: str) -> int:
        """People who need interpretation into `language` (0 for the floor's language)."""
        return 0 if language in (self.floor, NOT_STATED) else self.listeners.get(language, 0)

    @property
    def missing(self) -> list[str]:
        """Languages people listen in that the session offers neither on the floor nor interpreted."""
        return [language for language, count in self.listeners.items()
                if count and language != NOT_STATED and not self.offers(language)]

    @property
    def receivers(self) -> int:
        return sum(self.needs(language) for language in self.listeners)


@dataclass
class RoomDay:
    """Receivers and interpretation one room needs on one day."""

    day: date
    room: Room | None
    sessions: list[SessionNeeds] = field(default_factory=list)

    @property
    def receivers(self) -> int:
        return max((s.receivers for s in self.sessions), default=0)

    @property
    def languages(self) -> list[str]:
        """Languages someone in the room needs interpretation into, on that day."""
        return sorted({language for s in self.sessions for language in s.listeners if s.needs(language)})


@dataclass
class Plan:
    field: RegistrationField | None
    languages: list[str]  # the event's languages, then any other language someone answered
    sessions: list[SessionNeeds]
    rooms: list[RoomDay]

    @property
    def days(self) -> list[tuple[date, int]]:
        """(day, receivers of all its rooms)."""
        totals: dict[date, int] = defaultdict(int)
        for room_day in self.rooms:
            totals[room_day.day] += room_day.receivers
        return sorted(totals.items())

    @property
    def with_missing(self) -> list[SessionNeeds]:
        return [needs for needs in self.sessions if needs.missing]


def listening_field(event) -> RegistrationField | None:
    return db.session.scalar(select(RegistrationField).where(
        RegistrationField.event_id == event.id, RegistrationField.listening.is_(True)).limit(1))


def _counted(statement, key: str):
    """`statement` (selecting registrations) with their listening answer as the column "language"."""
    return statement.add_columns(Registration.answers[key].as_string().label("language")).where(
        Registration.status == RegistrationStatus.CONFIRMED, Registration.erased_at.is_(None))


def _by_language(rows) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for language, count in rows:
        counts[language or NOT_STATED] += count
    return dict(counts)


def plan(event) -> Plan:
    """The interpretation plan of the event's current agenda (the draft: organisers plan before publishing)."""
    spec = listening_field(event)
    sessions = [session for session in db.session.scalars(
        select(Session).options(joinedload(Session.room))
        .where(Session.event_id == event.id, Session.status != SessionStatus.CANCELLED,
               Session.kind != SessionKind.BREAK)
        .order_by(Session.starts_at, Session.id))
        if session.kind != SessionKind.NETWORKING or session.floor_language or session.interpretation]
    everyone: dict[str, int] = {}
    limited: dict[int, dict[str, int]] = defaultdict(dict)
    if spec is not None:
        # Grouped in an outer query: PostgreSQL would not match two renderings of the JSON path.
        confirmed = _counted(select(Registration.id).where(Registration.event_id == event.id), spec.key).subquery()
        everyone = _by_language(db.session.execute(
            select(confirmed.c.language, func.count()).group_by(confirmed.c.language)))
        placed = _counted(
            select(SessionRegistration.session_id)
            .join(Registration, Registration.id == SessionRegistration.registration_id)
            .join(Session, Session.id == SessionRegistration.session_id)
            .where(Session.event_id == event.id, SessionRegistration.status == P.CONFIRMED), spec.key).subquery()
        rows = db.session.execute(select(placed.c.session_id, placed.c.language, func.count())
                                  .group_by(placed.c.session_id, placed.c.language))
        for session_id, language, count in rows:
            counts = limited[session_id]
            counts[language or NOT_STATED] = counts.get(language or NOT_STATED, 0) + count
    tz = ZoneInfo(event.timezone)
    needs = [SessionNeeds(session, session.starts_at.astimezone(tz).date(),
                          dict(limited.get(session.id, {}) if session.capacity is not None else everyone))
             for session in sessions]
    answered = {language for n in needs for language in n.listeners if language != NOT_STATED}
    languages = list(event.languages) + sorted(answered - set(event.languages))
    rooms: dict[tuple, RoomDay] = {}
    for each in needs:
        key = (each.day, each.session.room_id)
        rooms.setdefault(key, RoomDay(each.day, each.session.room)).sessions.append(each)
    ordered = sorted(rooms.values(), key=lambda r: (r.day, r.room is None, r.room.position if r.room else 0,
                                                    r.room.id if r.room else 0))
    return Plan(spec, languages, needs, ordered)
