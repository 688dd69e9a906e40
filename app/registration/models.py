"""Registration: the organiser's form, participants' registrations, invitations, check-in."""
from __future__ import annotations

import enum
import re
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, event, false, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.labels import register_labels
from app.core.text import search_key
from app.db import TimestampMixin, Translations, enum_column, postgresql_only, sqlite_only, utcnow
from app.extensions import db


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    CHECKBOX = "checkbox"
    COUNTRY = "country"
    LANGUAGE = "language"


register_labels(FieldKind, {
    FieldKind.TEXT: _l("Short text"),
    FieldKind.LONG_TEXT: _l("Long text"),
    FieldKind.SINGLE_CHOICE: _l("One choice from a list"),
    FieldKind.MULTIPLE_CHOICE: _l("Several choices from a list"),
    FieldKind.CHECKBOX: _l("Checkbox (yes/no)"),
    FieldKind.COUNTRY: _l("Country"),
    FieldKind.LANGUAGE: _l("Language (one of the event's languages)"),
})


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"      # waits for an organiser's approval
    CONFIRMED = "confirmed"  # has a seat and a valid ticket
    WAITING = "waiting"      # on the waiting list, promoted in order when a seat frees
    REJECTED = "rejected"
    CANCELLED = "cancelled"


register_labels(RegistrationStatus, {
    RegistrationStatus.PENDING: _l("Awaiting approval"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITING: _l("On the waiting list"),
    RegistrationStatus.REJECTED: _l("Not accepted"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
})


class RegistrationField(db.Model):
    """A question the organiser adds to the registration form."""

    __tablename__ = "registration_field"
    __table_args__ = (
        UniqueConstraint("event_id", "key", name="uq_registration_field_key"),
        # At most one "listening language" question per event (interpretation planning).
        Index("uq_registration_field_listening", "event_id", unique=True,
              sqlite_where=text("listening"), postgresql_where=text("listening")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[FieldKind] = mapped_column(enum_column(FieldKind))
    label: Mapped[dict] = mapped_column(Translations, default=dict)
    help: Mapped[dict] = mapped_column(Translations, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # For choice fields: [{"key": "gov", "label": {"en": ..., "ru": ...}}, ...]
    choices: Mapped[list] = mapped_column(JSON, default=list)
    # A language question marked by the organiser: the language each participant listens in,
    # which interpretation planning counts (app.registration.interpretation).
    listening: Mapped[bool] = mapped_column(default=False, server_default=false())


def new_ticket_code() -> str:
    # No expiry, on purpose: the ticket's link and QR code are meant to last until the event (the
    # desk scans them on the day); erasing the registration replaces the code (services.erase).
    # 20 characters from a 32-letter alphabet without look-alikes: ~100 bits, easy to type from paper.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(20))


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("event_id", "email", name="uq_registration_event_email"),
        # Counts by status and of those checked in (the table's and the desk's figures): one read
        # of this index, not of the event's rows.
        Index("ix_registration_event_status_checked_in", "event_id", "status", "checked_in_at"),
        # The participants table's first page and its exports: an event's rows in registration order.
        Index("ix_registration_event_created", "event_id", "created_at", "id"),
        # The participants table sorted by name: 50 rows in index order, not a sort of the event.
        Index("ix_registration_event_name", "event_id", "name", "id"),
        # "Contains these letters" (LIKE '%word%'), for the table's and the check-in desk's search.
        postgresql_only(Index("ix_registration_search_key_trgm", "search_key", postgresql_using="gin",
                              postgresql_ops={"search_key": "gin_trgm_ops"})),
        # SQLite finds who matches a search or a filter in this index, a third of the pages of the
        # rows, in the table's order, and reads the rows of those who match only. PostgreSQL has
        # the trigram index above (and a key of many answers would not fit a B-tree of its).
        sqlite_only(Index("ix_registration_event_created_keys", "event_id", "created_at", "id", "search_key",
                          "answers_key")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(10), default="en")  # for every mail to this participant
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    ticket_code: Mapped[str] = mapped_column(String(32), unique=True, default=new_ticket_code)
    waiting_since: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    internal_note: Mapped[str] = mapped_column(Text, default="")
    erased_at: Mapped[datetime | None]
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id", ondelete="SET NULL"))
    # Name, organisation and e-mail folded for the desk's and the table's search (app.core.text):
    # kept up to date on every insert and update below, and by the column default for rows
    # inserted without the ORM (an event archive's import).
    search_key: Mapped[str] = mapped_column(Text, default=lambda context: _search_key_of(
        context.get_current_parameters()), server_default="")
    # The answers a filter of the participants table can ask for, one "key=value" a line
    # (`answers_key_of`): kept up to date like the search key, so a filter compares strings instead
    # of reading every registration's JSON (10,000 of them: 50-150 ms on either database).
    answers_key: Mapped[str] = mapped_column(Text, default=lambda context: answers_key_of(
        context.get_current_parameters().get("answers")), server_default="")

    @property
    def has_seat(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def mail_about(self) -> str:
        """The outbox's name for mail about this registration (queue_mail's `about`): erased with it."""
        return f"registration:{self.id}"


def _search_key_of(values) -> str:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return search_key(get("name"), get("organisation"), get("email"))


_ANSWER_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")
_MAX_ANSWER_VALUE = 100  # the longest value a table filter passes on


def answer_token(key: str, value) -> str:
    """One answer as `answers_key_of` writes it, between line breaks: a text (a choice's key, a
    country or language code) as "\nkey=text\n", a ticked checkbox as "\nkey:yes\n"."""
    return f"\n{key}:yes\n" if value is True else f"\n{key}={value}\n"


def answers_key_of(answers: dict | None) -> str:
    """Every answer a filter can match, each on a line of its own, with a line break before the first
    and after the last, so that a filter is one substring test (`answer_token`). A multiple choice
    gives a line per choice. Long or multi-line texts (nothing a filter asks for) are left out, and
    so is a key that is not a form field's (a field's key is letters, digits and "_")."""
    lines = []
    for key, given in (answers or {}).items():
        if not isinstance(key, str) or not _ANSWER_KEY.fullmatch(key):
            continue
        for value in given if isinstance(given, list) else [given]:
            if value is True:
                lines.append(f"{key}:yes")
            elif isinstance(value, str) and value and len(value) <= _MAX_ANSWER_VALUE and "\n" not in value:
                lines.append(f"{key}={value}")
    return "\n" + "\n".join(lines) + "\n" if lines else ""


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _keep_search_key(mapper, connection, registration: Registration) -> None:
    registration.search_key = _search_key_of(registration)
    registration.answers_key = answers_key_of(registration.answers)


class Invitation(db.Model):
    """A way into registration for one event. Only the token's hash is stored.

    Personal (`email` set): mailed to one address, used once, and only by an account whose
    verified address is that one. Shareable (`email` None): a link the organiser hands out
    themselves, with a limit of uses and an expiry; its token is derived from `link_nonce`
    and the SECRET_KEY, so the organiser can copy it again while the database alone does not
    reveal it. Either kind is used through one conditional UPDATE (`use_count < max_uses`),
    so simultaneous registrations never use it more often than allowed.
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "email", name="uq_invitation_event_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]  # the latest use
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    max_uses: Mapped[int] = mapped_column(default=1, server_default="1")
    use_count: Mapped[int] = mapped_column(default=0, server_default="0")
    label: Mapped[str] = mapped_column(String(200), default="", server_default="")  # shareable: the organiser's name for it
    link_nonce: Mapped[str | None] = mapped_column(String(64))

    @property
    def shareable(self) -> bool:
        return self.email is None

    @property
    def used_up(self) -> bool:
        return self.use_count >= self.max_uses


class SeatCounter(db.Model):
    """Seats taken in an event, changed only by atomic conditional UPDATEs.

    "UPDATE ... SET taken = taken + 1 WHERE taken < capacity" lets the database
    decide who gets the last seat, on SQLite (one writer at a time) and on
    PostgreSQL (the row is locked and the condition re-checked) alike, however
    many app servers race for it.
    """

    __tablename__ = "seat_counter"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    taken: Mapped[int] = mapped_column(default=0)


class SessionRegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


register_labels(SessionRegistrationStatus, {
    SessionRegistrationStatus.CONFIRMED: _l("Has a place"),
    SessionRegistrationStatus.WAITING: _l("On the waiting list"),
    SessionRegistrationStatus.CANCELLED: _l("Cancelled"),
})


class SessionRegistration(TimestampMixin, db.Model):
    """A confirmed participant's place (or waiting-list entry) in a limited session."""

    __tablename__ = "session_registration"
    __table_args__ = (UniqueConstraint("session_id", "registration_id", name="uq_session_registration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    status: Mapped[SessionRegistrationStatus] = mapped_column(enum_column(SessionRegistrationStatus))
    waiting_since: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class SessionSeatCounter(db.Model):
    """Places taken in a limited session; the same atomic UPDATE as SeatCounter."""

    __tablename__ = "session_seat_counter"

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    taken: Mapped[int] = mapped_column(default=0)
