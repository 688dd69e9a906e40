"""A message to 1,000 participants reaches the real SMTP server of the tests, each recipient once."""
from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import insert

from app.extensions import db
from app.messages import services
from app.messages.recipients import RecipientFilter

RECIPIENTS = int(__import__("os").environ.get("BIG_SEND", "1000"))


@pytest.fixture
def big_event(app, create_event, backend):
    if backend != "sqlite":
        pytest.skip("one database is enough for the volume (about 10 s); every other test runs on both")
    from app.registration.models import Registration, RegistrationStatus, new_ticket_code

    event = create_event(capacity=None)
    with app.app_context():
        db.session.execute(insert(Registration), [
            {"event_id": event.id, "email": f"p{i:04d}@big.example.org", "name": f"Participant {i:04d}",
             "language": ("en", "ru", "kk")[i % 3], "status": RegistrationStatus.CONFIRMED,
             "ticket_code": new_ticket_code(), "answers": {}, "organisation": "", "search_key": f"p{i}"}
            for i in range(RECIPIENTS)])
        db.session.commit()
    return event


def test_a_thousand_recipients_each_receive_the_message_once(app, big_event, mailbox):
    from app.events.models import Event

    with app.test_request_context():
        message = services.send_message(db.session.get(Event, big_event.id), None,
                                        subject={"en": "Venue: {event}", "ru": "Место: {event}"},
                                        body={"en": "Dear {name}: {ticket_link}", "ru": "{name}: {ticket_link}"},
                                        spec=RecipientFilter(status="confirmed"), form_key="big" * 11)
        db.session.commit()  # the batches and deliveries run as jobs (at once in the tests)
        message_id = message.id
    deadline = time.monotonic() + 60
    while len(mailbox.messages) < RECIPIENTS and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # a duplicate would arrive now
    received = Counter(m["To"] for m in mailbox.messages)
    assert len(received) == RECIPIENTS and set(received.values()) == {1}
    subjects = Counter(m["Subject"].split(":")[0] for m in mailbox.messages)
    assert subjects == {"Venue": RECIPIENTS - RECIPIENTS // 3, "Место": RECIPIENTS // 3}  # English and Kazakh readers get English (kk not written)
    with app.app_context():
        assert services.delivery_counts([message_id])[message_id] == {"sent": RECIPIENTS}
