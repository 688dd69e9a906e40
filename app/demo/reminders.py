"""The upcoming training's reminders, switched on as its organiser would (the file's `[[reminders]]`).

load_reminders(event, spec) is idempotent: an event that already has reminders keeps them as they are.
"""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.reminders import services
from app.reminders.models import Reminder, ReminderKind


def load_reminders(event, spec: dict) -> None:
    if db.session.scalar(select(Reminder.id).where(Reminder.event_id == event.id).limit(1)) is not None:
        return
    for item in spec.get("reminders", []):
        services.save_reminder(event, None, ReminderKind(item["kind"]), enabled=True, days=item["days"],
                               hour=item["hour"], subject=item.get("subject", {}), body=item.get("body", {}))
