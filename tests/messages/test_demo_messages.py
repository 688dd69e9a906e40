"""The demo's upcoming training has a sent message and a scheduled one."""
from __future__ import annotations

from sqlalchemy import select

from app.events.models import Event
from app.extensions import db
from app.messages import services
from app.messages.models import MessageStatus


def test_the_upcoming_training_has_a_sent_and_a_scheduled_message(demo_data):
    with demo_data.app_context():
        upcoming = db.session.scalar(select(Event).where(Event.slug.like("npm-monitors-training-%"))
                                     .order_by(Event.start_date.desc()).limit(1))
        sent, scheduled = sorted(services.messages_of(upcoming), key=lambda m: m.status != MessageStatus.SENT)
        assert sent.status == MessageStatus.SENT and scheduled.status == MessageStatus.SCHEDULED
        assert services.delivery_counts([sent.id])[sent.id] == {"sent": 12}
        assert scheduled.recipient_count == 3 and scheduled.scheduled_for.date() < upcoming.start_date
