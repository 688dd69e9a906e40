from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.labels import register_labels
from app.db import TimestampMixin, Translations, enum_column
from app.extensions import db

if TYPE_CHECKING:
    from app.accounts.models import User


class EventKind(enum.StrEnum):
    FORUM = "forum"
    TRAINING = "training"
    MEETING = "meeting"


register_labels(EventKind, {EventKind.FORUM: _l("Forum"), EventKind.TRAINING: _l("Training"),
                            EventKind.MEETING: _l("Meeting")})


class Visibility(enum.StrEnum):
    PUBLIC = "public"      # listed on the home page
    UNLISTED = "unlisted"  # anyone with the link
    PRIVATE = "private"    # the event team (and, later, invited participants)


register_labels(Visibility, {
    Visibility.PUBLIC: _l("Public"),
    Visibility.UNLISTED: _l("Unlisted"),
    Visibility.PRIVATE: _l("Private"),
}, choices={
    Visibility.PUBLIC: _l("Public: listed on the home page"),
    Visibility.UNLISTED: _l("Unlisted: anyone with the link"),
    Visibility.PRIVATE: _l("Private: only the event team"),
})


class Approval(enum.StrEnum):
    """Whether a site administrator let the event be public or listed (app/admin decides)."""
    APPROVED = "approved"  # created by an administrator or an event creator, or approved
    PENDING = "pending"    # created by someone else: private until an administrator approves it
    REFUSED = "refused"    # an administrator said no (approval_reason says why): it stays private


register_labels(Approval, {
    Approval.APPROVED: _l("Approved"),
    Approval.PENDING: _l("Awaiting approval"),
    Approval.REFUSED: _l("Approval refused"),
})


class RegistrationMode(enum.StrEnum):
    OPEN = "open"
    APPROVAL = "approval"
    INVITATION = "invitation"


register_labels(RegistrationMode, {
    RegistrationMode.OPEN: _l("Open to everyone"),
    RegistrationMode.APPROVAL: _l("With the organisers' approval"),
    RegistrationMode.INVITATION: _l("By invitation only"),
}, choices={
    RegistrationMode.OPEN: _l("Open: registrations are confirmed while seats remain"),
    RegistrationMode.APPROVAL: _l("Approval: an organiser approves each registration"),
    RegistrationMode.INVITATION: _l("Invitation only: people register through a personal link"),
})


class EventRole(enum.StrEnum):
    ORGANISER = "organiser"
    CHECKIN = "checkin"
    RAPPORTEUR = "rapporteur"
    SPEAKER = "speaker"


register_labels(EventRole, {EventRole.ORGANISER: _l("Organiser"), EventRole.CHECKIN: _l("Check-in staff"),
                            EventRole.RAPPORTEUR: _l("Rapporteur"), EventRole.SPEAKER: _l("Speaker")})


class Event(TimestampMixin, db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), default=EventKind.FORUM)
    title: Mapped[dict] = mapped_column(Translations, default=dict)
    summary: Mapped[dict] = mapped_column(Translations, default=dict)
    description: Mapped[dict] = mapped_column(Translations, default=dict)
    venue: Mapped[dict] = mapped_column(Translations, default=dict)
    start_date: Mapped[date]
    end_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    default_language: Mapped[str] = mapped_column(String(10), default="en")
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PRIVATE)
    capacity: Mapped[int | None]
    registration_mode: Mapped[RegistrationMode] = mapped_column(enum_column(RegistrationMode), default=RegistrationMode.OPEN)
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Until approved, the event stays private (app/events/services.py keeps it so).
    approval: Mapped[Approval] = mapped_column(enum_column(Approval), default=Approval.APPROVED,
                                               server_default=Approval.APPROVED.value, index=True)
    approval_reason: Mapped[str] = mapped_column(String(1000), default="", server_default="")

    members: Mapped[list[EventMember]] = relationship(back_populates="event", cascade="all, delete-orphan")

    @property
    def days(self) -> list[date]:
        return [self.start_date + timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1)]

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class EventMember(db.Model):
    """A user's role in one event's team; a user may hold several roles."""

    __tablename__ = "event_member"
    __table_args__ = (UniqueConstraint("event_id", "user_id", "role", name="uq_event_member_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[EventRole] = mapped_column(enum_column(EventRole))

    event: Mapped[Event] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

