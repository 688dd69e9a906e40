"""Organiser messages: one message per send, its recipients (frozen when it is sent or scheduled),
and each event's settings (reply-to address, the administrator's daily limit)."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.labels import register_labels
from app.db import Translations, enum_column, utcnow
from app.extensions import db


class MessageStatus(enum.StrEnum):
    SCHEDULED = "scheduled"  # waits for its time (the periodic job releases it)
    SENDING = "sending"      # its recipients are being put into the outbox, batch by batch
    SENT = "sent"            # every recipient has a message in the outbox
    CANCELLED = "cancelled"  # stopped: what was queued before stays, nothing more goes


register_labels(MessageStatus, {
    MessageStatus.SCHEDULED: _l("Scheduled"),
    MessageStatus.SENDING: _l("Sending"),
    MessageStatus.SENT: _l("Sent"),
    MessageStatus.CANCELLED: _l("Cancelled"),
})


class RecipientState(enum.StrEnum):
    PLANNED = "planned"      # not in the outbox yet
    QUEUED = "queued"        # in the outbox: its state there (pending, sent, failed) is the delivery's
    CANCELLED = "cancelled"  # the message was cancelled before this one was queued
    SKIPPED = "skipped"      # the person erased their data before their turn
    OPTED_OUT = "opted-out"  # the person unsubscribed from the event's messages before their turn


class EventMessage(db.Model):
    __tablename__ = "event_message"
    __table_args__ = (Index("ix_event_message_due", "status", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    subject: Mapped[dict] = mapped_column(Translations, default=dict)
    body: Mapped[dict] = mapped_column(Translations, default=dict)  # Markdown with {placeholders}
    recipient_filter: Mapped[dict] = mapped_column(JSON, default=dict)  # how the recipients were chosen
    status: Mapped[MessageStatus] = mapped_column(enum_column(MessageStatus))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scheduled_for: Mapped[datetime | None]
    queued_at: Mapped[datetime | None]  # when the last recipient went into the outbox
    cancelled_at: Mapped[datetime | None]
    recipient_count: Mapped[int] = mapped_column(default=0)
    # Participants the filter chose but who had unsubscribed from the event's messages: not recipients.
    opted_out_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The compose form's one-time key: the same form posted twice (a double click, a reload) finds
    # this message instead of making a second one.
    form_key: Mapped[str] = mapped_column(String(64), unique=True)

    author = relationship("User", lazy="joined")


class MessageRecipient(db.Model):
    """One person a message goes to: a participant (by registration, whose address and name are read
    when their mail is made, so an erasure leaves nothing here) or a team member or speaker (by address)."""

    __tablename__ = "message_recipient"
    __table_args__ = (
        UniqueConstraint("message_id", "registration_id", name="uq_message_recipient_registration"),
        UniqueConstraint("message_id", "email", name="uq_message_recipient_email"),
        Index("ix_message_recipient_message_state", "message_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("event_message.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"),
                                                        index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(10))
    state: Mapped[RecipientState] = mapped_column(enum_column(RecipientState), default=RecipientState.PLANNED)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True)

    @property
    def idempotency_key(self) -> str:
        """The outbox's unique key of this recipient's mail: it is queued once, whoever runs the batch."""
        return f"event-message:{self.message_id}:{self.id}"


class MessageSettings(db.Model):
    """An event's messages: the reply-to address (the organisers') and the daily limit (the site
    administrator's; None: the instance's MESSAGES_DAILY_LIMIT)."""

    __tablename__ = "message_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    reply_to: Mapped[str] = mapped_column(String(320), default="")
    daily_limit: Mapped[int | None]


class MessageOptOut(db.Model):
    """A participant who asked for no more of the organisers' messages and reminders of their event
    (the one-click unsubscribe link of those mails, or their registration page). Transactional mail
    (tickets, places, password resets) is not affected. Goes with the registration."""

    __tablename__ = "message_opt_out"

    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"),
                                                 primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
