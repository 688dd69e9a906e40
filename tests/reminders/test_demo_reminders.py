"""The demo's upcoming training has its reminders switched on."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.events.models import Event
from app.extensions import db
from app.reminders import services
from app.reminders.models import ReminderKind


def test_the_upcoming_training_has_reminders_switched_on(app, demo_data):
    with app.test_request_context():
        upcoming = db.session.scalar(select(Event).where(Event.slug.like("npm-monitors-training-2%"))
                                     .order_by(Event.start_date.desc()).limit(1))
        reminders = services.reminders_of(upcoming)
        assert all(reminder.enabled for reminder in reminders.values())
        before = reminders[ReminderKind.BEFORE_EVENT]
        assert services.next_run(before, upcoming, datetime.now(UTC)) is not None
        [kazakh] = services.preview(before, upcoming, ["kk"])
        assert "Курстың басталуына үш күн қалды" in kazakh.body and "/tickets/" in kazakh.body
        # The twelve confirmed participants; the three on the waiting list get none.
        assert len(services.recipients(before, upcoming)) == 12
