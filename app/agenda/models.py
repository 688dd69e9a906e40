"""Agenda: rooms, tracks, people and sessions of an event."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.labels import register_labels
from app.core.storage import register_stored_keys
from app.db import TimestampMixin, Translations, enum_column, utcnow
from app.extensions import db


class SessionKind(enum.StrEnum):
    PLENARY = "plenary"
    PANEL = "panel"
    WORKSHOP = "workshop"
    TRAINING_MODULE = "training_module"
    BREAK = "break"
    NETWORKING = "networking"


register_labels(SessionKind, {
    SessionKind.PLENARY: _l("Plenary"),
    SessionKind.PANEL: _l("Panel"),
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.TRAINING_MODULE: _l("Training module"),
    SessionKind.BREAK: _l("Break"),
    SessionKind.NETWORKING: _l("Networking"),
})


class SessionStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


register_labels(SessionStatus, {SessionStatus.CONFIRMED: _l("Confirmed"), SessionStatus.CANCELLED: lazy_pgettext("session", "Cancelled")})


class PersonRole(enum.StrEnum):
    SPEAKER = "speaker"
    CHAIR = "chair"
    PANELIST = "panelist"


register_labels(PersonRole, {PersonRole.SPEAKER: _l("Speaker"), PersonRole.CHAIR: _l("Chair"),
                             PersonRole.PANELIST: _l("Panelist")})


class Room(db.Model):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[dict] = mapped_column(Translations, default=dict)
    capacity: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)


class Track(db.Model):
    __tablename__ = "track"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[dict] = mapped_column(Translations, default=dict)
    colour: Mapped[str] = mapped_column(String(7), default="#1f5aa6")


class Person(TimestampMixin, db.Model):
    """A speaker, chair or trainer of one event; may exist without an account."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    title: Mapped[dict] = mapped_column(Translations, default=dict)  # job title
    organisation: Mapped[dict] = mapped_column(Translations, default=dict)
    country: Mapped[str] = mapped_column(String(2), default="")
    bio: Mapped[dict] = mapped_column(Translations, default=dict)
    photo_key: Mapped[str | None] = mapped_column(String(300))  # storage key of the resized photo

    @property
    def mail_about(self) -> str:
        """The outbox's name for mail about this person (queue_mail's `about`: a speaker's reminders):
        erased with them."""
        return f"person:{self.id}"


class Session(TimestampMixin, db.Model):
    __tablename__ = "session"
    # Public URLs use the id: SQLite must never hand a deleted session's id to a new one.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable for the life of the session: iCalendar UID and frab guid.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind), default=SessionKind.PLENARY)
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus), default=SessionStatus.CONFIRMED)
    title: Mapped[dict] = mapped_column(Translations, default=dict)
    abstract: Mapped[dict] = mapped_column(Translations, default=dict)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("track.id", ondelete="SET NULL"))
    # The language spoken on the floor ("" when not stated) and the languages it is interpreted into.
    floor_language: Mapped[str] = mapped_column(String(10), default="", server_default="")
    interpretation: Mapped[list] = mapped_column(JSON, default=list)
    # Places of a limited session (workshop, training module): participants take
    # their own place, with a waiting list. None: open to every participant.
    capacity: Mapped[int | None]

    room: Mapped[Room | None] = relationship()
    track: Mapped[Track | None] = relationship()
    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionPerson.position")


class SessionPerson(db.Model):
    __tablename__ = "session_person"
    __table_args__ = (UniqueConstraint("session_id", "person_id", "role", name="uq_session_person_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole), default=PersonRole.SPEAKER)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[Session] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class AgendaPublication(db.Model):
    """A published version of an event's agenda: what the public sees until the next one.

    `snapshot` holds the whole agenda as published (rooms, tracks, people, sessions
    with their SEQUENCE); `changes` lists what changed since the previous publication.
    Public pages and exports read only from here, never from the draft tables.
    """

    __tablename__ = "agenda_publication"
    __table_args__ = (UniqueConstraint("event_id", "version", name="uq_agenda_publication_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    published_at: Mapped[datetime]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    snapshot: Mapped[dict] = mapped_column(JSON)
    changes: Mapped[list] = mapped_column(JSON, default=list)


class SessionStar(db.Model):
    """A session a user put in their personal agenda."""

    __tablename__ = "session_star"
    __table_args__ = (UniqueConstraint("user_id", "session_id", name="uq_session_star_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgendaFeed(db.Model):
    """A user's secret personal iCal feed address; revoking replaces the token."""

    __tablename__ = "agenda_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


register_stored_keys(Person.photo_key)  # storage.sweep() keeps every speaker's photo
