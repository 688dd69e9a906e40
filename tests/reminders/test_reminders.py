"""Automatic reminders: who gets each kind, when (in the event's time zone), in which language, once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.agenda.models import Person, PersonRole, Session, SessionPerson
from app.core.models import OutboxMessage
from app.events.models import Event, EventKind
from app.extensions import db
from app.materials.models import Material, MaterialKind, MaterialVisibility
from app.registration.models import Registration, RegistrationStatus, SessionRegistration, SessionRegistrationStatus
from app.reminders import services
from app.reminders.models import Reminder, ReminderDelivery, ReminderKind
from app.trainings.models import Certificate, FeedbackSurvey
from tests.conftest import at_once

K = ReminderKind
S = RegistrationStatus
ALMATY = ZoneInfo("Asia/Almaty")


def local(event, day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A moment in the event's zone, `day_offset` days from its first day, as UTC."""
    day = event.start_date + timedelta(days=day_offset)
    return datetime.combine(day, time_of_day(hour, minute), ZoneInfo(event.timezone)).astimezone(UTC)


def register(event, email: str, status=S.CONFIRMED, language: str = "en", **fields) -> Registration:
    registration = Registration(event_id=event.id, email=email, name=email.split("@")[0].title(), language=language,
                                status=status, **fields)
    db.session.add(registration)
    db.session.flush()
    return registration


def switch_on(event, kind: ReminderKind, days: int = 0, hour: int = 9, **texts) -> Reminder:
    reminder = services.save_reminder(event, None, kind, enabled=True, days=days, hour=hour,
                                      subject=texts.get("subject", {}), body=texts.get("body", {}))
    db.session.commit()
    return reminder


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def recipients_of_outbox() -> list[str]:
    return sorted(message.recipient for message in outbox())


@pytest.fixture
def event(ctx, create_event):
    created = create_event()
    return db.session.get(Event, created.id)


def test_before_event_goes_to_confirmed_reachable_participants_in_their_language(ctx, event, create_user):
    disabled = create_user("disabled@example.org")
    register(event, "ru@example.org", language="ru")
    register(event, "kk@example.org", language="kk")
    register(event, "waiting@example.org", S.WAITING, waiting_since=datetime.now(UTC))
    register(event, "cancelled@example.org", S.CANCELLED)
    register(event, "pending@example.org", S.PENDING)
    register(event, "erased@example.org", erased_at=datetime.now(UTC))
    db.session.get(User, disabled.id).disabled_at = datetime.now(UTC)
    register(event, "disabled@example.org", user_id=disabled.id)
    switch_on(event, K.BEFORE_EVENT, days=2, hour=9)

    assert services.send_due(local(event, -2, 9, 1)) == 2

    assert recipients_of_outbox() == ["kk@example.org", "ru@example.org"]
    by_address = {m.recipient: m for m in outbox()}
    russian, kazakh = by_address["ru@example.org"], by_address["kk@example.org"]
    assert (russian.locale, kazakh.locale) == ("ru", "kk")
    assert russian.subject.startswith("Скоро") and "Форум о предупреждении" in russian.subject
    assert "Ваш билет" in russian.body_text and "/tickets/" in russian.body_text and "Astana" in russian.body_text
    assert "/my/agenda" in russian.body_text
    assert "Алдын алу форумы" in kazakh.subject
    # Run again (the next sweep): nobody gets it twice.
    assert services.send_due(local(event, -2, 9, 6)) == 0
    assert len(outbox()) == 2


def test_timing_is_the_hour_in_the_events_time_zone_and_nothing_goes_late(ctx, event):
    register(event, "a@example.org")
    reminder = switch_on(event, K.BEFORE_EVENT, days=2, hour=9)
    moment = services.moment_of(reminder, event)
    assert moment == datetime.combine(event.start_date - timedelta(days=2), time_of_day(9), ALMATY)
    assert moment.astimezone(UTC).hour == 4  # Almaty is UTC+5

    assert services.send_due(moment - timedelta(minutes=1)) == 0
    # Switched on (or the worker back) more than a day after its moment: skipped, not sent late.
    assert services.send_due(moment + services.LATE_LIMIT + timedelta(minutes=1)) == 0
    assert services.next_run(reminder, event, moment + timedelta(hours=1)) is None
    assert services.next_run(reminder, event, moment - timedelta(days=3)) == moment
    # Within the day after its moment it still goes.
    assert services.send_due(moment + timedelta(hours=20)) == 1


def test_a_reminder_switched_off_sends_nothing(ctx, event):
    register(event, "a@example.org")
    switch_on(event, K.BEFORE_EVENT, days=1, hour=9)
    services.switch(event, None, K.BEFORE_EVENT, False)
    db.session.commit()
    assert services.send_due(local(event, -1, 9, 1)) == 0


def test_the_job_is_periodic_and_the_overview_counts_mail_by_its_outbox_state(ctx, event):
    from app.core.jobs import _SPECS
    from app.reminders.jobs import send_reminders

    assert _SPECS[send_reminders].schedule is not None
    register(event, "a@example.org")
    register(event, "b@example.org")
    switch_on(event, K.BEFORE_EVENT, days=1)
    services.send_due(local(event, -1, 9, 0))  # delivered at once to the test SMTP server (JOBS_IMMEDIATE)
    assert services.counts(event)[K.BEFORE_EVENT] == services.Counts(queued=0, sent=2, failed=0)
    outbox()[0].status = OutboxMessage.FAILED
    db.session.commit()
    assert services.counts(event)[K.BEFORE_EVENT] == services.Counts(queued=0, sent=1, failed=1)


def _limited_session(event, create_session, capacity=5, hour=10):
    session_id = create_session(event, "Workshop on interviews", start=time_of_day(hour), capacity=capacity)
    return db.session.get(Session, session_id)


def _place(session, registration, status=SessionRegistrationStatus.CONFIRMED):
    db.session.add(SessionRegistration(session_id=session.id, registration_id=registration.id, status=status))
    db.session.flush()


def test_session_morning_goes_to_people_with_a_place_before_the_session(ctx, event, create_session):
    workshop = _limited_session(event, create_session)
    open_session = db.session.get(Session, create_session(event, "Plenary", start=time_of_day(11)))
    with_place = register(event, "place@example.org", language="ru")
    waiting = register(event, "waiting@example.org")
    left = register(event, "left@example.org")
    cancelled = register(event, "cancelled@example.org", S.CANCELLED)
    erased = register(event, "erased@example.org", erased_at=datetime.now(UTC))
    _place(workshop, with_place)
    _place(workshop, waiting, SessionRegistrationStatus.WAITING)
    _place(workshop, left, SessionRegistrationStatus.CANCELLED)
    _place(workshop, cancelled)
    _place(workshop, erased)
    assert open_session.capacity is None
    switch_on(event, K.SESSION_MORNING, hour=8)

    assert services.send_due(local(event, 0, 7, 59)) == 0
    assert services.send_due(local(event, 0, 8, 0)) == 1
    [message] = outbox()
    assert message.recipient == "place@example.org" and message.locale == "ru"
    assert "Workshop on interviews" in message.subject and "10:00" in message.body_text


def test_session_morning_is_the_local_morning_even_when_utc_is_still_the_day_before(ctx, event, create_session):
    early = _limited_session(event, create_session, hour=4)  # 04:00 in Almaty is 23:00 UTC the day before
    _place(early, register(event, "place@example.org"))
    reminder = switch_on(event, K.SESSION_MORNING, hour=3)
    moment = services.moment_of(reminder, event, early)
    assert moment == local(event, 0, 3, 0)
    assert moment.astimezone(UTC).date() == event.start_date - timedelta(days=1)  # 22:00 UTC the evening before
    assert services.send_due(local(event, 0, 3, 0)) == 1


def test_session_morning_stops_when_the_session_starts(ctx, event, create_session):
    workshop = _limited_session(event, create_session, hour=9)
    _place(workshop, register(event, "place@example.org"))
    switch_on(event, K.SESSION_MORNING, hour=8)
    assert services.send_due(local(event, 0, 9, 1)) == 0


def test_speakers_of_a_session_without_material_are_reminded(ctx, event, create_session, create_user):
    speaker_user = create_user("speaker@example.org", preferred_language="kk")
    bare = db.session.get(Session, create_session(event, "Opening", day=2, start=time_of_day(10)))
    done = db.session.get(Session, create_session(event, "Closing", day=2, start=time_of_day(16)))
    speaker = Person(event_id=event.id, name="Speaker", user_id=speaker_user.id)
    chair = Person(event_id=event.id, name="Chair", email="chair@example.org")
    other = Person(event_id=event.id, name="Other", email="other@example.org")
    nobody = Person(event_id=event.id, name="No address")
    db.session.add_all([
        SessionPerson(session=bare, person=speaker, role=PersonRole.SPEAKER),
        SessionPerson(session=bare, person=chair, role=PersonRole.CHAIR),
        SessionPerson(session=bare, person=nobody, role=PersonRole.SPEAKER),
        SessionPerson(session=done, person=other, role=PersonRole.SPEAKER),
        Material(event_id=event.id, session_id=done.id, kind=MaterialKind.LINK, title={"en": "Slides"},
                 url="https://example.org/slides", visibility=MaterialVisibility.PUBLIC),
    ])
    db.session.commit()
    switch_on(event, K.SPEAKER_MATERIAL, days=3, hour=10)

    assert services.send_due(local(event, 1 - 3, 10, 0)) == 1
    [message] = outbox()
    assert message.recipient == "speaker@example.org" and message.locale == "kk"
    assert "/speaker/events/" in message.body_text


def test_after_a_training_participants_get_the_survey_and_their_certificate(ctx, create_event):
    event = db.session.get(Event, create_event(kind=EventKind.TRAINING).id)
    holder = register(event, "holder@example.org")
    register(event, "other@example.org")
    db.session.add_all([
        Certificate(event_id=event.id, registration_id=holder.id, code="CERT1", holder_name="Holder", language="en"),
        FeedbackSurvey(event_id=event.id, is_open=True),
    ])
    db.session.commit()
    switch_on(event, K.AFTER_EVENT, days=1, hour=10)

    assert services.send_due(local(event, 2, 10, 0)) == 2  # the last day is the second: one day after it
    by_address = {m.recipient: m.body_text for m in outbox()}
    assert "/certificate.pdf" in by_address["holder@example.org"]
    assert "/certificate.pdf" not in by_address["other@example.org"]
    assert all("/feedback" in body for body in by_address.values())


def test_after_a_forum_participants_get_thanks_and_the_materials(ctx, event):
    register(event, "a@example.org", language="ru")
    switch_on(event, K.AFTER_EVENT, days=0, hour=18, body={"ru": "Спасибо, что были с нами!"})

    assert services.send_due(local(event, 1, 18, 0)) == 1
    [message] = outbox()
    assert "Спасибо, что были с нами!" in message.body_text and "/materials" in message.body_text
    assert "/feedback" not in message.body_text


def test_the_organisers_own_text_replaces_the_built_in_one_only_in_its_language(ctx, event):
    register(event, "ru@example.org", language="ru")
    register(event, "en@example.org", language="en")
    switch_on(event, K.BEFORE_EVENT, days=1, subject={"ru": "Ждём вас завтра"}, body={"ru": "Регистрация с 8:30."})
    services.send_due(local(event, -1, 9, 0))
    by_address = {m.recipient: m for m in outbox()}
    assert by_address["ru@example.org"].subject == "Ждём вас завтра"
    assert "Регистрация с 8:30." in by_address["ru@example.org"].body_text
    assert by_address["en@example.org"].subject.startswith("Soon:")
    assert "/tickets/" in by_address["ru@example.org"].body_text  # the links are always there


def test_preview_shows_the_mail_in_each_language(app, event):
    reminder = switch_on(event, K.BEFORE_EVENT, days=1)
    with app.test_request_context():
        previews = services.preview(reminder, db.session.get(Event, event.id), ["en", "ru", "kk"])
    assert [p.language for p in previews] == ["en", "ru", "kk"]
    assert previews[1].subject.startswith("Скоро")
    assert "/tickets/" in previews[0].body
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_concurrent_reminder_runs_mail_each_person_once(app, create_event, mailbox, monkeypatch):
    """Two workers run the reminder job at the same moment: one mail per person reaches the SMTP server.
    Neither skips anyone on its own (the read of what was sent is emptied): the unique row decides."""
    monkeypatch.setattr(services, "_delivered_targets", lambda reminder: set())
    with app.app_context():
        event = db.session.get(Event, create_event().id)
        addresses = [f"p{i}@example.org" for i in range(8)]
        for address in addresses:
            register(event, address)
        switch_on(event, K.BEFORE_EVENT, days=2, hour=9)
        now = local(event, -2, 9, 1)

    results, errors = at_once(app, lambda _: services.send_due(now), range(2))

    assert errors == []
    assert sum(results) == 8
    for address in addresses:
        mailbox.wait_for(address)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReminderDelivery.id))) == 8
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 8
    assert sorted(m["To"] for m in mailbox.messages) == sorted(addresses)


def test_a_language_the_site_does_not_offer_falls_back_to_the_events_main_language(ctx, create_event):
    event = db.session.get(Event, create_event(default_language="ru").id)
    register(event, "de@example.org", language="de")
    switch_on(event, K.BEFORE_EVENT, days=1)
    services.send_due(local(event, -1, 9, 0))
    [message] = outbox()
    assert message.locale == "ru" and message.subject.startswith("Скоро")
