"""The demo's organiser messages: one already sent (its outbox rows recorded as delivered, since the demo's
past sends nothing now) and one scheduled for later."""
from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update

from app.accounts import services as accounts
from app.core.models import OutboxMessage
from app.db import utcnow
from app.extensions import db
from app.messages import services
from app.messages.models import EventMessage, MessageRecipient
from app.messages.recipients import RecipientFilter


def load_messages(event, spec: dict, organiser_email: str) -> None:
    # The mail links need a base URL; `flask demo` on a development machine may have none configured.
    base = nullcontext() if current_app.config.get("SERVER_NAME") else current_app.test_request_context(
        base_url="http://127.0.0.1:5000")
    with base:
        _load_messages(event, spec, organiser_email)


def _load_messages(event, spec: dict, organiser_email: str) -> None:
    if db.session.scalar(select(EventMessage.id).where(EventMessage.event_id == event.id).limit(1)):
        return  # loaded before
    author = accounts.find_user_by_email(organiser_email)
    now = utcnow()
    for item in spec.get("messages", []):
        spec_filter = RecipientFilter(status=item["to"])
        key = f"demo-{event.slug}-{item['key']}"[:64]
        if item.get("sent_days_ago") is not None:
            sent_at = now - timedelta(days=item["sent_days_ago"])
            message = services.send_message(event, author, subject=item["subject"], body=item["body"],
                                            spec=spec_filter, form_key=key, now=sent_at)
            message.created_at = sent_at
            while services.queue_batch(message.id):
                pass
            message.queued_at = sent_at
            outbox_ids = select(MessageRecipient.outbox_id).where(MessageRecipient.message_id == message.id)
            db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(outbox_ids))
                               .values(status=OutboxMessage.SENT, attempts=1, created_at=sent_at,
                                       sent_at=sent_at + timedelta(seconds=30))
                               .execution_options(synchronize_session=False))
        else:
            day = event.start_date - timedelta(days=item["send_days_before"])
            when = datetime.combine(day, time(9, 0), ZoneInfo(event.timezone)).astimezone(UTC)
            services.send_message(event, author, subject=item["subject"], body=item["body"], spec=spec_filter,
                                  form_key=key, scheduled_for=when, now=now)
    db.session.flush()
