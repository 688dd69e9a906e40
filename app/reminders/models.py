"""Reminders of an event, and the record of who got each one."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.labels import register_labels
from app.db import TimestampMixin, Translations, enum_column, utcnow
from app.extensions import db


class ReminderKind(enum.StrEnum):
    BEFORE_EVENT = "before-event"          # confirmed participants, N days before the first day
    SESSION_MORNING = "session-morning"    # people with a place in a limited session, that morning
    SPEAKER_MATERIAL = "speaker-material"  # speakers of a session without material, N days before it
    AFTER_EVENT = "after-event"            # participants, N days after the last day


register_labels(ReminderKind, {
    ReminderKind.BEFORE_EVENT: _l("Before the event"),
    ReminderKind.SESSION_MORNING: _l("The morning of a limited session"),
    ReminderKind.SPEAKER_MATERIAL: _l("Speakers without material"),
    ReminderKind.AFTER_EVENT: _l("After the event"),
})


class Reminder(TimestampMixin, db.Model):
    """One kind of reminder of one event: whether it is on, when it goes, and the organiser's own text.

    `days` counts days before the event or session (after, for AFTER_EVENT; unused for
    SESSION_MORNING) and `hour` is the hour of that day, in the event's time zone. `subject`
    and `body` hold the organiser's wording per language; a language left empty gets the
    built-in translated text.
    """

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("event_id", "kind", name="uq_reminder_event_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    enabled: Mapped[bool] = mapped_column(default=False)
    days: Mapped[int] = mapped_column(default=0)
    hour: Mapped[int] = mapped_column(default=9)
    subject: Mapped[dict] = mapped_column(Translations, default=dict)
    body: Mapped[dict] = mapped_column(Translations, default=dict)


class ReminderDelivery(db.Model):
    """A reminder queued for one recipient (and, for session reminders, one session).

    Inserted in the same transaction as its outbox message, with insert-or-skip on the unique
    (reminder, target): however many workers run the job at once, the database lets exactly one
    of them queue the mail. `outbox_message_id` is emptied when the mail is erased.
    """

    __tablename__ = "reminder_delivery"
    __table_args__ = (UniqueConstraint("reminder_id", "target", name="uq_reminder_delivery_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminder.id", ondelete="CASCADE"))
    # "registration:12", "registration:12:session:5", "person:3:session:5"
    target: Mapped[str] = mapped_column(String(80))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"),
                                                          index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
