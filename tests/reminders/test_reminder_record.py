"""Reminders and the participant: left out once they unsubscribed, a one-click unsubscribe link on theirs,
the reminders they got on both registration pages, and a deleted speaker's reminders erased."""
from __future__ import annotations

from datetime import time as time_of_day

from sqlalchemy import select

from app.agenda import builder
from app.agenda.models import Person, PersonRole, Session, SessionPerson
from app.core.models import OutboxMessage
from app.events.models import Event
from app.extensions import db
from app.messages import optout
from app.registration.models import Registration
from app.reminders import services
from app.reminders.models import ReminderDelivery, ReminderKind
from tests.conftest import choose_language, translated
from tests.reminders.test_reminders import local, outbox, register, switch_on

K = ReminderKind


def test_a_participant_who_unsubscribed_gets_no_reminder_and_the_others_can_in_one_click(app, create_event):
    with app.test_request_context():
        event = db.session.get(Event, create_event().id)
        stays = register(event, "stays@example.org", language="kk")
        leaves = register(event, "leaves@example.org")
        optout.opt_out(leaves, event, via="test")
        db.session.commit()
        switch_on(event, K.BEFORE_EVENT, days=2, hour=9)
        assert services.send_due(local(event, -2, 9, 1)) == 1
        [message] = outbox()
        assert message.recipient == "stays@example.org"
        headers = message.headers
        assert headers["Auto-Submitted"] == "auto-generated"
        assert headers["List-Unsubscribe"].startswith(f"<http://localhost/unsubscribe/{optout.token_for(stays.id)}?lang=kk")
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_speakers_reminder_has_no_one_click_link_and_is_erased_with_the_speaker(app, create_event, create_session):
    with app.test_request_context():
        event = db.session.get(Event, create_event().id)
        bare = db.session.get(Session, create_session(event, "Opening", day=2, start=time_of_day(10)))
        sent_to = Person(event_id=event.id, name="Sent Speaker", email="sent@example.org")
        waiting = Person(event_id=event.id, name="Waiting Speaker", email="waiting@example.org")
        db.session.add_all([SessionPerson(session=bare, person=sent_to, role=PersonRole.SPEAKER),
                            SessionPerson(session=bare, person=waiting, role=PersonRole.SPEAKER)])
        db.session.commit()
        switch_on(event, K.SPEAKER_MATERIAL, days=3, hour=10)
        assert services.send_due(local(event, 1 - 3, 10, 0)) == 2
        by_address = {m.recipient: m for m in outbox()}
        assert "List-Unsubscribe-Post" not in by_address["sent@example.org"].headers
        assert by_address["sent@example.org"].headers["List-Unsubscribe"].startswith("<mailto:")
        by_address["sent@example.org"].status = OutboxMessage.SENT
        by_address["waiting@example.org"].status = OutboxMessage.PENDING  # not delivered yet
        db.session.commit()
        sent_id, waiting_id = sent_to.id, waiting.id
        builder.delete_person(db.session.get(Person, sent_id), None)
        builder.delete_person(db.session.get(Person, waiting_id), None)
        db.session.commit()
        # What was sent keeps its subject and state, addressed to no one; what was not is never sent.
        [kept] = outbox()
        assert kept.status == OutboxMessage.SENT and kept.body_text == "" and kept.body_html is None
        assert kept.recipient == f"erased-person-{sent_id}@invalid" and "Sent Speaker" not in kept.body_text
        assert set(db.session.scalars(select(ReminderDelivery.outbox_message_id))) == {kept.id, None}


def test_the_reminders_a_participant_got_show_on_both_registration_pages(app, client, create_user, create_event,
                                                                         create_session, login, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    organiser = create_user("org@example.org", preferred_language="ru")
    participant = create_user("p@example.org")
    created = create_event(organiser=organiser)
    with app.test_request_context():
        event = db.session.get(Event, created.id)
        registration = register(event, "p@example.org", language="kk", user_id=participant.id)
        other = register(event, "other@example.org", language="ru")
        db.session.commit()
        registration_id, other_id = registration.id, other.id
        switch_on(event, K.BEFORE_EVENT, days=2, hour=9)
        services.send_due(local(event, -2, 9, 1))
        got = db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.recipient == "p@example.org"))
        not_theirs = db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.recipient == "other@example.org"))
        assert [kind for kind, _ in services.received_by(db.session.get(Registration, registration_id))] \
            == [K.BEFORE_EVENT]
    login(organiser)
    page = client.get(f"/manage/events/{created.slug}/registrations/{registration_id}").get_data(as_text=True)
    assert got in page and not_theirs not in page
    assert translated(app, "ru", "Before the event") in page and translated(app, "ru", "sent") in page
    assert got not in client.get(f"/manage/events/{created.slug}/registrations/{other_id}").get_data(as_text=True)
    client.get("/logout")
    login(participant)
    choose_language(client, "kk")
    own = client.get(f"/events/{created.slug}/registration").get_data(as_text=True)
    assert got in own and translated(app, "kk", "Before the event") in own
    assert translated(app, "kk", "Reminders") in own
