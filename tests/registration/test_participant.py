"""The participant's side over HTTP: register with custom fields, see, edit, cancel, data, erasure, ticket."""
import json
from datetime import UTC

from app.events.models import RegistrationMode, Visibility
from app.extensions import db
from app.registration.models import Registration
from tests.browser.helpers import catalog_text
from tests.conftest import translated

SECTORS = [{"key": "gov", "label": {"en": "Government", "ru": "Госорган"}},
           {"key": "ngo", "label": {"en": "Civil society", "ru": "Гражданское общество"}}]


def _event_with_fields(create_event, add_field, **fields):
    event = create_event(slug="forum", **fields)
    add_field(event, "organisation", "text", required=True, label={"en": "Organisation", "ru": "Организация"})
    add_field(event, "sector", "single_choice", required=True, choices=SECTORS, label={"en": "Sector", "ru": "Сектор"})
    add_field(event, "country", "country", label={"en": "Country", "ru": "Страна"})
    add_field(event, "interpretation", "language", label={"en": "Interpretation", "ru": "Перевод"})
    add_field(event, "needs", "long_text", label={"en": "Accessibility needs", "ru": "Особые потребности"})
    return event


def _registration(app):
    with app.app_context():
        return db.session.scalar(db.select(Registration))


def test_register_in_russian_with_custom_fields_and_get_russian_mail(client, app, create_event, add_field, create_user,
                                                                    login, mailbox):
    _event_with_fields(create_event, add_field, capacity=10)
    login(create_user(email="p@example.org", name="Пётр Иванов"))
    page = client.get("/events/forum/register?lang=ru").get_data(as_text=True)
    assert "Организация" in page and "Госорган" in page and "Казахстан" in page
    response = client.post("/events/forum/register?lang=ru", data={
        "f_organisation": "Бюро по правам человека", "f_sector": "ngo", "f_country": "KZ",
        "f_interpretation": "ru", "f_needs": ""})
    assert response.status_code == 302
    registration = _registration(app)
    assert registration.status.value == "confirmed" and registration.language == "ru"
    assert registration.answers["organisation"] == "Бюро по правам человека"
    [message] = mailbox.wait_for("p@example.org")
    assert message["Subject"] == translated(app, "ru", "Your registration is confirmed")
    assert registration.ticket_code in message.get_body(preferencelist=("plain",)).get_content()
    assert [part.get_filename() for part in message.iter_attachments()] == ["ticket-qr.png"]


def test_bad_answers_are_refused_translated_and_nothing_is_stored(client, app, create_event, add_field, create_user, login):
    _event_with_fields(create_event, add_field)
    login(create_user(email="p@example.org"))
    response = client.post("/events/forum/register?lang=ru", data={"f_sector": "not-a-choice", "f_country": "XX"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert translated(app, "ru", "This field is required.") in page
    assert _registration(app) is None


def test_anonymous_visitor_is_asked_to_sign_in(client, create_event, add_field):
    _event_with_fields(create_event, add_field)
    page = client.get("/events/forum/register?lang=en").get_data(as_text=True)
    assert "/account/login?next=/events/forum/register" in page
    assert client.post("/events/forum/register", data={}).status_code == 200
    assert client.get("/events/forum/registration").status_code == 302


def test_my_registration_edit_cancel_data_and_erase(client, app, create_event, add_field, create_user, login):
    _event_with_fields(create_event, add_field, capacity=1)
    login(create_user(email="p@example.org", name="Aliya"))
    client.post("/events/forum/register", data={"f_organisation": "NGO", "f_sector": "ngo"})
    page = client.get("/events/forum/registration?lang=en").get_data(as_text=True)
    assert "Confirmed" in page and "/tickets/" in page

    assert client.post("/events/forum/registration", data={"f_organisation": "New NGO", "f_sector": "gov"}).status_code == 302
    assert _registration(app).answers["organisation"] == "New NGO"

    data = client.get("/events/forum/registration/data.json")
    assert data.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(data.get_data(as_text=True))["answers"]["sector"] == "gov"

    assert "Yes, cancel" in client.get("/events/forum/registration/cancel?lang=en").get_data(as_text=True)
    assert _registration(app).status.value == "confirmed"  # the GET only asks
    client.post("/events/forum/registration/cancel")
    assert _registration(app).status.value == "cancelled"

    client.post("/events/forum/registration/erase")
    erased = _registration(app)
    assert erased.erased_at is not None and erased.name == "—" and erased.answers == {}


def test_answers_are_shown_as_words_in_the_readers_language_after_cancelling(client, app, create_event, add_field,
                                                                            create_user, login, mailbox):
    """Stored keys ("ngo", "KZ", "kk", True) never reach the reader: the page and the mail word them."""
    event = _event_with_fields(create_event, add_field, capacity=10)
    add_field(event, "diet", "multiple_choice", label={"en": "Meals", "ru": "Питание", "kk": "Тамақ"},
              choices=[{"key": "vegetarian", "label": {"en": "Vegetarian", "ru": "Вегетарианское", "kk": "Вегетариандық"}},
                       {"key": "halal", "label": {"en": "Halal", "ru": "Халяль", "kk": "Халал"}}])
    add_field(event, "wheelchair", "checkbox", label={"en": "Wheelchair access", "ru": "Доступ для колясок"})
    login(create_user(email="p@example.org", name="Әлия", preferred_language="kk"))
    response = client.post("/events/forum/register", data={
        "f_organisation": "ҰАТ", "f_sector": "ngo", "f_country": "KZ", "f_interpretation": "kk",
        "f_diet": ["vegetarian", "halal"], "f_wheelchair": "y"})
    assert response.status_code == 302
    [message] = mailbox.wait_for("p@example.org")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert catalog_text(app, "kk", "Your answers:") in body
    assert "Қазақстан" in body and "Вегетариандық; Халал" in body and "Civil society" in body  # no kk label: the event's
    assert "- Тамақ: " in body and f"Wheelchair access: {translated(app, 'kk', 'Yes')}" in body
    assert "vegetarian" not in body and ": KZ" not in body
    client.post("/events/forum/registration/cancel")
    for lang, words in [("ru", ["Казахстан", "Вегетарианское; Халяль", "Гражданское общество", "Казахский",
                                "Доступ для колясок"]),
                        ("kk", ["Қазақстан", "Вегетариандық; Халал", "Қазақ тілі", "Civil society"]),
                        ("en", ["Kazakhstan", "Vegetarian; Halal", "Civil society", "Kazakh", "Wheelchair access"])]:
        page = client.get(f"/events/forum/registration?lang={lang}").get_data(as_text=True)
        answers = page.split('id="answers-heading"')[1].split("</section>")[0]
        assert "<form" not in answers  # cancelled: the answers are shown, not edited
        for word in words:
            assert word in answers, (lang, word)
        for key in ("vegetarian", "halal", ">KZ<", ">kk<", ">ngo<", "True"):
            assert key not in answers, (lang, key)


def test_answers_cannot_be_edited_after_registration_closes(client, app, create_event, add_field, create_user, login):
    from datetime import datetime, timedelta

    event = _event_with_fields(create_event, add_field)
    login(create_user(email="p@example.org"))
    client.post("/events/forum/register", data={"f_organisation": "NGO", "f_sector": "ngo"})
    with app.app_context():
        from app.events.models import Event
        db.session.get(Event, event.id).registration_closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    assert client.post("/events/forum/registration", data={"f_organisation": "Changed", "f_sector": "gov"}).status_code == 400
    assert _registration(app).answers["organisation"] == "NGO"


def test_a_participant_sees_only_their_own_registration(client, app, create_event, add_field, create_user, login, register):
    event = _event_with_fields(create_event, add_field)
    register(event, create_user(email="other@example.org", name="Other Person"),
             answers={"organisation": "Secret org"})
    login(create_user(email="me@example.org"))
    assert client.get("/events/forum/registration").status_code == 404
    assert client.get("/events/forum/registration/data.json").status_code == 404
    assert client.post("/events/forum/registration/cancel").status_code == 404
    assert client.post("/events/forum/registration/erase").status_code == 404
    assert _registration(app).status.value == "confirmed"


def test_ticket_page_by_unguessable_code(client, app, create_event, add_field, create_user, register):
    event = _event_with_fields(create_event, add_field)
    register(event, create_user(email="p@example.org", name="Aliya Nur"))
    code = _registration(app).ticket_code
    assert len(code) >= 20
    page = client.get(f"/tickets/{code}?lang=en").get_data(as_text=True)
    assert "Aliya Nur" in page and "<svg" in page and code in page
    assert client.get("/tickets/AAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get(f"/tickets/{code}").headers["Cache-Control"] == "private, no-store"


def test_invitation_only_event_needs_the_link(client, create_event, add_field, create_user, login):
    create_event(slug="closed-forum", registration_mode=RegistrationMode.INVITATION)
    login(create_user(email="p@example.org"))
    response = client.get("/events/closed-forum/register?lang=en")
    assert response.status_code == 200  # a page that explains, not a bad request
    assert "by invitation only" in response.get_data(as_text=True)
    assert client.post("/events/closed-forum/register", data={}).status_code == 400


def test_private_event_registration_is_hidden(client, create_event, create_user, login):
    create_event(slug="secret", visibility=Visibility.PRIVATE)
    login(create_user(email="p@example.org"))
    assert client.get("/events/secret/register").status_code == 404


def test_invited_person_registers_for_a_private_event_and_then_sees_it(app, client, create_event, create_user, login,
                                                                      mailbox):
    from app.accounts.models import User
    from app.core.mail import deliver_due
    from app.events.models import Event
    from app.registration import invitations

    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, slug="closed", visibility=Visibility.PRIVATE,
                         registration_mode=RegistrationMode.INVITATION)
    with app.test_request_context():
        invitations.invite(db.session.get(Event, event.id), db.session.get(User, organiser.id), ["guest@example.org"], "en")
        db.session.commit()
        deliver_due()
    link = mailbox.wait_for("guest@example.org")[0].get_content().split("http://localhost")[1].split()[0]
    assert "invitation=" in link
    # Without signing in, the link leads to "sign in first"; a forged token reveals nothing.
    assert client.get(link).status_code == 200
    assert client.get("/events/closed/register?invitation=forged").status_code == 403
    guest = create_user(email="guest@example.org")
    login(guest)
    assert client.get("/events/closed").status_code == 404
    assert client.get("/events/closed/register?invitation=forged").status_code == 403
    response = client.post(link, data={})
    assert response.status_code == 302, response.get_data(as_text=True)
    # Registered, the guest sees the private event and their registration; other people still do not.
    assert client.get("/events/closed").status_code == 200
    assert client.get("/events/closed/registration").status_code == 200
    login(create_user(email="nosy@example.org"))
    assert client.get("/events/closed").status_code == 404
    assert client.get(link).status_code == 403  # the used link opens nothing for anyone else


def test_erasure_blanks_every_mail_that_carried_the_ticket_text_html_and_qr(client, app, create_event, add_field,
                                                                          create_user, login, mailbox):
    """The confirmation (ticket link and QR code) and an organiser's message with {ticket_link}
    (a text and an HTML part) and {name} in its subject were delivered; after the erasure no
    outbox row holds the ticket, the name or the address in any part of it."""
    from app.core.models import OutboxMessage
    from app.messages import services as messages
    from app.messages.recipients import RecipientFilter

    event = _event_with_fields(create_event, add_field, capacity=10)
    login(create_user(email="p@example.org", name="Aliya Nur"))
    client.post("/events/forum/register", data={"f_organisation": "NGO", "f_sector": "ngo"})
    code = _registration(app).ticket_code
    with app.test_request_context():
        from app.events.models import Event

        messages.send_message(db.session.get(Event, event.id), None, subject={"en": "Your ticket, {name}"},
                              body={"en": "Dear {name}, your ticket: {ticket_link}"},
                              spec=RecipientFilter(status="confirmed"), form_key="t" * 32)
        db.session.commit()
    delivered = mailbox.wait_for("p@example.org", count=2)
    assert any(code in part.get_content() for message in delivered for part in message.walk()
               if part.get_content_type() == "text/html")

    assert client.post("/events/forum/registration/erase").status_code == 302
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMessage)).all()
        assert {row.status for row in rows} == {OutboxMessage.SENT}  # the unsent cancellation was deleted
        for row in rows:
            stored = " ".join([row.recipient, row.subject, row.body_text, row.body_html or "", json.dumps(row.attachments)])
            assert code not in stored and "Aliya" not in stored and "p@example.org" not in stored, stored
        assert "Your ticket, —" in {row.subject for row in rows}
