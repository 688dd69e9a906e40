"""Unsubscribing (RFC 8058 one-click, the confirming page, the registration page's switch), what the composer
and the send do with people who unsubscribed, and the subjects the history shows."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.core.models import OutboxMessage
from app.db import utcnow
from app.extensions import db
from app.messages import optout, rendering, services
from app.messages.models import EventMessage, MessageOptOut, MessageRecipient, RecipientState
from app.messages.recipients import RecipientFilter, choose
from app.registration.models import Registration
from tests.conftest import choose_language, translated

SUBJECT = {"en": "{event}: news for {name}", "ru": "{event}: новости для {name}"}
BODY = {"en": "Dear {name}, see you.", "ru": "Здравствуйте, {name}."}


def _event(event):
    from app.events.models import Event

    return db.session.get(Event, event.id)


def _send(app, event, key="k" * 32, spec=None, **kwargs) -> int:
    with app.test_request_context():
        message = services.send_message(_event(event), None, subject=SUBJECT, body=BODY,
                                        spec=spec or RecipientFilter(status="confirmed"), form_key=key, **kwargs)
        db.session.commit()
        return message.id


def _opt_out(app, registration_id):
    with app.test_request_context():
        registration = db.session.get(Registration, registration_id)
        from app.events.models import Event

        optout.opt_out(registration, db.session.get(Event, registration.event_id), via="test")
        db.session.commit()


def _token_url(app, registration_id) -> str:
    with app.test_request_context():
        return f"/unsubscribe/{optout.token_for(registration_id)}"


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_one_click_post_from_a_mail_program_needs_no_csrf_token_and_a_get_changes_nothing(app, client, create_event,
                                                                                        seed, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    event = create_event()
    [anna] = seed(event, [("Anna", "confirmed", "ru")])
    url = _token_url(app, anna)
    page = client.get(url + "?lang=ru")
    assert page.status_code == 200 and translated(app, "ru", "Unsubscribe") in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    with app.app_context():
        assert db.session.get(MessageOptOut, anna) is None  # a link scanner's GET unsubscribes nobody
    # Anything but the RFC 8058 body needs the page's CSRF token.
    assert client.post(url, data={"List-Unsubscribe": "yes"}).status_code == 400
    assert client.post(url[:-3] + "xyz", data={"List-Unsubscribe": "One-Click"}).status_code == 400
    assert client.get(url[:-3] + "xyz").status_code == 404
    with app.app_context():
        assert db.session.get(MessageOptOut, anna) is None
    # The mail program's one click: no cookie, no CSRF token, the signed URL alone.
    fresh = app.test_client()
    answer = fresh.post(url, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    with app.app_context():
        assert db.session.get(MessageOptOut, anna) is not None
    assert fresh.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # twice: still fine
    assert translated(app, "ru", "You will receive no more messages or reminders from the organisers of this event.") \
        in client.get(url + "?lang=ru").get_data(as_text=True)


def test_the_pages_button_unsubscribes_with_its_csrf_token(app, client, create_event, seed, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    event = create_event()
    [anna] = seed(event, [("Anna", "confirmed", "kk")])
    url = _token_url(app, anna)
    token = _csrf(client.get(url).get_data(as_text=True))
    answer = client.post(url, data={"csrf_token": token})
    assert answer.status_code == 303
    with app.app_context():
        assert db.session.get(MessageOptOut, anna) is not None


def test_the_composer_and_the_send_leave_out_who_unsubscribed_and_say_how_many(app, client, create_user, create_event,
                                                                            login, seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    organiser = create_user(name="Organiser", preferred_language="ru")
    event = create_event(organiser=organiser)
    anna, boris, _carl = seed(event, [("Anna", "confirmed", "en"), ("Boris", "confirmed", "ru"),
                                      ("Carl", "confirmed", "en")])
    _opt_out(app, boris)
    with app.test_request_context():
        chosen = choose(_event(event), RecipientFilter(status="confirmed"))
        assert sorted(p.name for p in chosen.people) == ["Anna", "Carl"] and chosen.opted_out == 1
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/messages/new?status=confirmed").get_data(as_text=True)
    assert translated(app, "ru", "%(num)d more person matches these filters but has unsubscribed from this event's "
                      "messages: they are not counted and will not get it.", num=1) in page
    message_id = _send(app, event)
    with app.app_context():
        message = db.session.get(EventMessage, message_id)
        assert message.recipient_count == 2 and message.opted_out_count == 1
        assert boris not in set(db.session.scalars(select(MessageRecipient.registration_id)
                                                   .where(MessageRecipient.message_id == message_id)))
    record = client.get(f"/manage/events/{event.slug}/messages/{message_id}").get_data(as_text=True)
    assert translated(app, "ru", "and %(num)d person who unsubscribed: not sent to them", num=1) in record
    # Someone who unsubscribes after a message was scheduled does not get it at their turn.
    scheduled = _send(app, event, key="s" * 32, scheduled_for=utcnow() + timedelta(hours=1))
    _opt_out(app, anna)
    with app.app_context():
        db.session.get(EventMessage, scheduled).scheduled_for = utcnow() - timedelta(seconds=1)
        db.session.commit()
        services.release_due_messages()
        states = dict(db.session.execute(select(MessageRecipient.registration_id, MessageRecipient.state)
                                         .where(MessageRecipient.message_id == scheduled)).all())
        assert states[anna] == RecipientState.OPTED_OUT and states[_carl] == RecipientState.QUEUED
        assert services.delivery_counts([scheduled])[scheduled].get("opted-out") == 1
    # Everyone chosen has unsubscribed: refused with a reason, not "no one matches".
    _opt_out(app, _carl)
    with app.test_request_context():
        import pytest

        from app.core.errors import DomainError
        with pytest.raises(DomainError) as refused:
            services.send_message(_event(event), None, subject=SUBJECT, body=BODY,
                                  spec=RecipientFilter(status="confirmed"), form_key="e" * 32)
        assert "unsubscribed" in str(refused.value)


def test_a_participant_opts_out_and_back_in_on_their_registration_page(app, client, create_user, create_event, login,
                                                                      seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    event = create_event()
    user = create_user(email="p@example.org", name="Participant")
    [reg] = seed(event, [("Participant", "confirmed", "kk", {"user_id": user.id})])
    _send(app, event)
    login(user)
    choose_language(client, "kk")
    own = client.get(f"/events/{event.slug}/registration").get_data(as_text=True)
    assert translated(app, "kk", "Unsubscribe from messages and reminders") in own
    answer = client.post(f"/events/{event.slug}/registration/messages", data={"receive": "no"})
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.get(MessageOptOut, reg) is not None
    own = client.get(f"/events/{event.slug}/registration").get_data(as_text=True)
    assert translated(app, "kk", "Receive messages and reminders again") in own
    client.post(f"/events/{event.slug}/registration/messages", data={"receive": "yes"})
    with app.app_context():
        assert db.session.get(MessageOptOut, reg) is None
    # Someone without a registration has nothing to switch.
    client.get("/logout")
    login(create_user(email="other@example.org"))
    assert client.post(f"/events/{event.slug}/registration/messages", data={"receive": "no"}).status_code == 404


def test_the_history_fills_the_events_placeholders_and_marks_each_recipients_own(app, client, create_user,
                                                                                create_event, login, seed,
                                                                                monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    organiser = create_user(name="Organiser", preferred_language="ru")
    event = create_event(organiser=organiser)
    user = create_user(email="k@example.org", name="Kairat")
    [reg] = seed(event, [("Kairat", "confirmed", "ru", {"user_id": user.id})])
    message_id = _send(app, event)
    with app.test_request_context():
        ev = _event(event)
        title = rendering.localize(ev.title, ev.default_language, lang="ru")
        from flask_babel import force_locale

        reader = next(lang for lang in ("kk", "ru", "en") if lang != ev.default_language)
        with force_locale(reader):  # not written in the reader's language: the main one, marked as such
            shown = rendering.history_subject(ev, {ev.default_language: "{event} <b>{name}</b> {nope}"})
        assert shown.startswith(f'<span lang="{ev.default_language}">') and "&lt;b&gt;" in shown
        assert "{nope}" in shown
        name = translated(app, reader, "recipient's name")
        assert f'<span class="placeholder-token">‹{name}›</span>' in shown
    login(organiser)
    token = translated(app, "ru", "recipient's name")
    for url in (f"/manage/events/{event.slug}/messages", f"/manage/events/{event.slug}/messages/{message_id}"):
        page = client.get(url).get_data(as_text=True)
        assert f"{title}: новости для <span class=\"placeholder-token\">‹{token}›</span>" in page
        assert "{event}: новости" not in page.split('id="versions-heading"')[0]
    # The participant's pages: the subject as they got it.
    got = f"{title}: новости для Kairat"
    assert got in client.get(f"/manage/events/{event.slug}/registrations/{reg}").get_data(as_text=True)
    client.get("/logout")
    login(user)
    assert got in client.get(f"/events/{event.slug}/registration").get_data(as_text=True)


def test_erasing_a_registration_blanks_the_html_of_the_messages_it_got(app, create_event, seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    event = create_event()
    [reg] = seed(event, [("Erin", "confirmed", "en")])
    _send(app, event)
    with app.test_request_context():
        from app.core.mail import deliver_due
        from app.registration import services as registration_services

        deliver_due()
        [sent] = db.session.scalars(select(OutboxMessage)).all()
        assert sent.status == OutboxMessage.SENT and "Erin" in sent.body_html
        registration = db.session.get(Registration, reg)
        registration_services.erase(registration, _event(event))
        db.session.commit()
        [sent] = db.session.scalars(select(OutboxMessage)).all()
        assert sent.body_text == "" and sent.body_html is None and sent.recipient == f"erased-{reg}@invalid"
