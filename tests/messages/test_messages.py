"""Organiser messages at service level: each recipient's language with a fallback note, placeholders,
every recipient filter, one send per form, batches, scheduling and cancelling, the daily limit, headers,
and a permanent refusal recorded with the server's reason."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.models import OutboxMessage
from app.db import utcnow
from app.extensions import db
from app.messages import rendering, services
from app.messages.models import EventMessage, MessageRecipient, MessageStatus
from app.messages.recipients import RecipientFilter, candidates
from tests.conftest import translated

SUBJECT = {"en": "Venue changed: {event}", "ru": "Место изменилось: {event}", "kk": "Орын өзгерді: {event}"}
BODY = {"en": "Dear {name},\n\nthe forum moves. Your ticket: {ticket_link}",
        "ru": "Уважаемый(ая) {name},\n\nфорум переезжает. Ваш билет: {ticket_link}",
        "kk": "Құрметті {name},\n\nфорум көшеді. Билетіңіз: {ticket_link}"}


def _event(ctx_app, event):
    from app.events.models import Event

    return db.session.get(Event, event.id)


def _send(app, event, spec=None, subject=SUBJECT, body=BODY, key="k" * 32, **kwargs) -> int:
    with app.test_request_context():
        message = services.send_message(_event(app, event), None, subject=subject, body=body,
                                        spec=spec or RecipientFilter(status="confirmed"), form_key=key, **kwargs)
        db.session.commit()
        return message.id


def test_each_recipient_gets_their_language_and_a_missing_one_falls_back_with_a_note(app, create_event, seed,
                                                                                    mailbox):
    event = create_event()
    seed(event, [("Aigerim", "confirmed", "kk"), ("Ivan", "confirmed", "ru"), ("Anna", "confirmed", "en")])
    _send(app, event, subject={"en": SUBJECT["en"], "ru": SUBJECT["ru"]}, body={"en": BODY["en"], "ru": BODY["ru"]})
    [ru] = mailbox.wait_for("ivan1@example.org")
    [kk] = mailbox.wait_for("aigerim0@example.org")
    assert ru["Subject"] == "Место изменилось: Форум о предупреждении"
    ru_text = ru.get_body(("plain",)).get_content()
    assert ru_text.startswith("Уважаемый(ая) Ivan") and "/tickets/" in ru_text and "lang=ru" in ru_text
    assert "<a href=" in ru.get_body(("html",)).get_content()
    # Kazakh not written: the English version, with a note in Kazakh saying so.
    assert kk["Subject"] == "Venue changed: Forum on prevention"
    note = translated(app, "kk", "This message was not written in %(language)s: here is its %(original)s version.",
                      language="қазақ тілі", original="ағылшын тілі")
    kk_text = kk.get_body(("plain",)).get_content()
    assert kk_text.startswith(note) and "Dear Aigerim" in kk_text
    assert kk["Content-Language"] == "kk"


def test_placeholders_are_filled_escaped_in_html_and_unknown_ones_refused(app, create_event):
    event = create_event()
    with app.test_request_context():
        ev = _event(app, event)
        person = rendering.Person("*Bold* <b>", "en", ticket_code="ABC")
        rendered = rendering.render(ev, {"en": "Hi {name}"}, {"en": "[ticket]({ticket_link}) or {event_link}"}, person)
        assert rendered.subject == "Hi *Bold* <b>"
        assert 'href="http://localhost/tickets/ABC?lang=en' in rendered.html
        assert "/events/" in rendered.html and "<b>" not in rendered.html
        assert rendering.unknown_placeholders("Hello {nme} {name} {nme}") == ["nme"]
        with pytest.raises(DomainError) as refused:
            services.send_message(ev, None, subject={"en": "Hi {nme}"}, body={"en": "x"},
                                  spec=RecipientFilter(), form_key="u" * 32)
        assert "{nme}" in str(refused.value)


def test_filters_by_status_answer_checked_in_place_and_never_erased(app, create_event, create_session, seed):
    from app.registration.models import FieldKind, RegistrationField, SessionRegistration, SessionRegistrationStatus

    event = create_event()
    session_id = create_session(event, "Workshop", capacity=5)
    ids = seed(event, [
        ("Waiting One", "waiting", "en"), ("Pending", "pending", "en"), ("Cancelled", "cancelled", "en"),
        ("Gov Checked", "confirmed", "ru", {"answers": {"sector": "gov"}, "checked_in_at": utcnow()}),
        ("Ngo Placed", "confirmed", "kk", {"answers": {"sector": "ngo"}}),
        ("Erased", "confirmed", "en", {"erased_at": utcnow()}),
    ])
    with app.app_context():
        db.session.add(RegistrationField(event_id=event.id, key="sector", kind=FieldKind.SINGLE_CHOICE,
                                         label={"en": "Sector"}, choices=[{"key": "gov"}, {"key": "ngo"}]))
        db.session.add(SessionRegistration(session_id=session_id, registration_id=ids[4],
                                           status=SessionRegistrationStatus.CONFIRMED))
        db.session.commit()
    with app.test_request_context():
        ev = _event(app, event)

        def names(**filters):
            return [c.name for c in candidates(ev, RecipientFilter(**filters))]

        assert names(status="waiting") == ["Waiting One"]
        assert names(status="pending") == ["Pending"]
        assert names(status="cancelled") == ["Cancelled"]
        assert names(status="confirmed") == ["Gov Checked", "Ngo Placed"]  # the erased one never
        assert names(status="", answers={"sector": "gov"}) == ["Gov Checked"]
        assert names(status="confirmed", checked_in="yes") == ["Gov Checked"]
        assert names(status="confirmed", checked_in="no") == ["Ngo Placed"]
        assert names(status="", place=session_id) == ["Ngo Placed"]
        # The same, read from a form with the participant table's names.
        spec = RecipientFilter.from_args({"status": "confirmed", "f_sector": "ngo", "place": str(session_id),
                                          "checked_in": "bogus"}, ev)
        assert (spec.answers, spec.place, spec.checked_in) == ({"sector": "ngo"}, session_id, "")
        assert [c.language for c in candidates(ev, spec)] == ["kk"]


def test_filters_team_roles_and_speakers_without_material(app, create_event, create_user, create_session, add_role):
    from app.agenda.models import Person
    from app.materials.models import Material, MaterialKind

    checkin = create_user(email="desk@example.org", name="Desk", preferred_language="ru")
    event = create_event()
    add_role(event, checkin, "checkin")
    with_slides = create_session(event, "Opening", people=[("Has Slides", "speaker")])
    create_session(event, "Panel", people=[("No Slides", "speaker"), ("A Chair", "chair")])
    with app.app_context():
        for person in db.session.scalars(select(Person).where(Person.event_id == event.id)):
            person.email = f"{person.name.split()[0].lower()}@example.org"
        db.session.add(Material(event_id=event.id, session_id=with_slides, kind=MaterialKind.LINK,
                                title={"en": "Slides"}, url="https://example.org/s", language="en"))
        db.session.commit()
    with app.test_request_context():
        ev = _event(app, event)
        assert [(c.email, c.language) for c in candidates(ev, RecipientFilter(audience="team", role="checkin"))] \
            == [("desk@example.org", "ru")]
        assert {c.name for c in candidates(ev, RecipientFilter(audience="team"))} == {"Desk", "Organiser"}
        assert [c.email for c in candidates(ev, RecipientFilter(audience="speakers"))] == ["no@example.org"]


def test_attendance_below_the_completion_rule(app, create_event, create_user, create_session, seed):
    from app.accounts.models import User
    from app.agenda.publishing import publish
    from app.events.models import EventKind
    from app.trainings.models import Attendance

    organiser = create_user(name="Trainer")
    event = create_event(organiser=organiser, kind=EventKind.TRAINING)
    modules = [create_session(event, f"Module {n}", day=1, start=__import__("datetime").time(9 + n),
                              kind="training_module") for n in range(2)]
    done, partial = seed(event, [("Done", "confirmed", "en"), ("Partial", "confirmed", "en")])
    with app.test_request_context():
        ev = _event(app, event)
        publish(ev, db.session.get(User, organiser.id))
        for module in modules:
            db.session.add(Attendance(event_id=event.id, session_id=module, registration_id=done))
        db.session.add(Attendance(event_id=event.id, session_id=modules[0], registration_id=partial))
        db.session.commit()
        assert [c.name for c in candidates(ev, RecipientFilter(below_completion=True))] == ["Partial"]


def test_the_same_form_posted_twice_sends_once_and_batches_queue_each_recipient_once(app, create_event, seed,
                                                                                     monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")  # the console: no SMTP needed to count
    event = create_event()
    seed(event, [(f"P{n}", "confirmed", "en") for n in range(5)])
    first = _send(app, event)
    again = _send(app, event)  # a double click: same form key
    assert first == again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventMessage)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 5
        assert db.session.get(EventMessage, first).status == MessageStatus.SENT
        # A batch run again (a retried job) queues nothing twice: the message is sent; and the key is unique.
        assert services.queue_batch(first) == 0
        row = db.session.scalar(select(MessageRecipient).where(MessageRecipient.message_id == first))
        from sqlalchemy.exc import IntegrityError

        from app.core.mail import queue_mail
        with pytest.raises(IntegrityError), app.test_request_context():
            queue_mail("x@example.org", "organiser_message", "en", "x", message=rendering.RenderedMessage(
                "x", "x", "", "en", "en", ""), idempotency_key=row.idempotency_key)
            db.session.flush()
        db.session.rollback()


def test_scheduled_message_waits_then_the_periodic_job_sends_it_and_cancel_keeps_what_was_sent(
        app, create_event, seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    event = create_event()
    seed(event, [(f"P{n}", "confirmed", "en") for n in range(3)])
    later = utcnow() + timedelta(hours=2)
    scheduled = _send(app, event, scheduled_for=later)
    with app.app_context():
        assert db.session.get(EventMessage, scheduled).status == MessageStatus.SCHEDULED
        services.release_due_messages()  # not due yet
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        db.session.get(EventMessage, scheduled).scheduled_for = utcnow() - timedelta(seconds=1)
        db.session.commit()
        services.release_due_messages()
        assert db.session.get(EventMessage, scheduled).status == MessageStatus.SENT
        assert services.delivery_counts([scheduled])[scheduled] == {"sent": 3}
    # A partly sent message: one recipient queued and sent, the rest cancelled.
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    with app.app_context():
        monkeypatch.setattr(services, "enqueue_after_commit", lambda *a: None)  # the next batch never comes
        partly = _send(app, event, key="p" * 32)
        services.queue_batch(partly, size=1)
        db.session.commit()
        from app.core.mail import deliver_due
        deliver_due()
        services.cancel(db.session.get(EventMessage, partly), _event(app, event), None)
        db.session.commit()
        assert services.delivery_counts([partly])[partly] == {"sent": 1, "cancelled": 2}
        with pytest.raises(DomainError):
            services.cancel(db.session.get(EventMessage, scheduled), _event(app, event), None)


def test_daily_limit_set_by_the_administrator_refuses_a_send_over_it(app, create_event, seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    monkeypatch.setitem(app.config, "MESSAGES_DAILY_LIMIT", 3)
    event = create_event()
    seed(event, [(f"P{n}", "confirmed", "en") for n in range(2)])
    _send(app, event)
    with pytest.raises(DomainError):
        _send(app, event, key="b" * 32)  # 2 + 2 > 3
    with app.app_context():
        services.save_daily_limit(_event(app, event), None, 4)
        db.session.commit()
    _send(app, event, key="c" * 32)
    with app.app_context():
        assert services.recipients_in_24_hours(_event(app, event), utcnow()) == 4


def test_bulk_headers_only_on_messages_and_a_permanent_refusal_is_failed_with_the_reason(app, create_event, seed,
                                                                                        mailbox):
    event = create_event()
    seed(event, [("Good", "confirmed", "en")])
    refused = seed(event, [("Bad", "confirmed", "en")])[0]
    with app.app_context():
        from app.registration.models import Registration
        db.session.get(Registration, refused).email = "nobody@refused.invalid"
        services.save_reply_to(_event(app, event), None, "team@forum.example.org")
        db.session.commit()
    message_id = _send(app, event)
    [received] = mailbox.wait_for("good0@example.org")
    assert received["Reply-To"] == "team@forum.example.org"
    assert received["Auto-Submitted"] == "auto-generated"
    # RFC 8058: the participant's one-click link first, the organisers' address after it.
    one_click, mailto = received["List-Unsubscribe"].split(", ")
    assert one_click.startswith("<http://localhost/unsubscribe/") and mailto.startswith("<mailto:team@forum.example.org")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with app.app_context():
        failed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "nobody@refused.invalid"))
        assert failed.status == OutboxMessage.FAILED and failed.attempts == 1
        assert "550" in failed.last_error and "User unknown" in failed.last_error
        assert services.delivery_counts([message_id])[message_id] == {"sent": 1, "failed": 1}
    # Transactional mail keeps none of these headers.
    mailbox.clear()
    with app.test_request_context():
        from app.core.mail import mail_link, queue_mail
        queue_mail("t@example.org", "verify_email", "en", "Confirm", user=None,
                   link=mail_link("accounts.verify", token="x"))
        db.session.commit()
    [plain] = mailbox.wait_for("t@example.org")
    assert plain["Auto-Submitted"] is None and plain["List-Unsubscribe"] is None and plain["Reply-To"] is None
    assert plain["List-Unsubscribe-Post"] is None


def test_a_sending_message_whose_next_batch_was_lost_goes_on_with_the_periodic_job(app, create_event, seed,
                                                                                   monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    event = create_event()
    seed(event, [(f"P{n}", "confirmed", "en") for n in range(3)])
    with app.app_context():
        monkeypatch.setattr(services, "enqueue_after_commit", lambda *a: None)  # the first batch is lost
        message_id = _send(app, event)
        monkeypatch.undo()
        monkeypatch.setitem(app.config, "MAIL_SERVER", "")
        services.release_due_messages()  # just sent: not stalled yet
        assert db.session.get(EventMessage, message_id).status == MessageStatus.SENDING
        db.session.get(EventMessage, message_id).created_at = utcnow() - timedelta(minutes=3)
        db.session.commit()
        services.release_due_messages()
        assert db.session.get(EventMessage, message_id).status == MessageStatus.SENT
        assert services.delivery_counts([message_id])[message_id] == {"sent": 3}


def test_a_message_to_a_speaker_is_erased_with_the_speaker(app, create_event, create_session, monkeypatch):
    from app.agenda import builder
    from app.agenda.models import Person

    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    event = create_event()
    create_session(event, "Panel", people=[("No Slides", "speaker")])
    with app.app_context():
        [person] = db.session.scalars(select(Person).where(Person.event_id == event.id)).all()
        person.email = "speaker@example.org"
        db.session.commit()
        person_id = person.id
    _send(app, event, spec=RecipientFilter(audience="speakers"), subject={"en": "Slides, {name}?"},
          body={"en": "Dear {name}, your slides please."})
    with app.test_request_context():
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert mail.about == f"person:{person_id}" and "No Slides" in mail.body_html
        builder.delete_person(db.session.get(Person, person_id), None)
        db.session.commit()
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert mail.body_text == "" and mail.body_html is None and mail.recipient == f"erased-person-{person_id}@invalid"
        [recipient] = db.session.scalars(select(MessageRecipient)).all()  # the record forgets them too
        assert (recipient.email, recipient.name) == (f"erased-person-{person_id}@invalid", "—")
