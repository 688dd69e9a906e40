"""The messages pages over HTTP: compose with count and preview, a refused placeholder in the reader's
language, one send per form, the history, and the message on both registration pages."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.messages.models import EventMessage
from tests.conftest import choose_language, translated


def test_compose_preview_send_once_and_read_it_on_the_registration_pages(app, client, create_user, create_event,
                                                                         login, seed, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    organiser = create_user(name="Organiser", preferred_language="ru")
    event = create_event(organiser=organiser)
    waiting_user = create_user(email="w@example.org", name="Waiting Kk")
    seed(event, [("Confirmed Ru", "confirmed", "ru")])
    [waiting_id] = seed(event, [("Waiting Kk", "waiting", "kk", {"user_id": waiting_user.id})])
    login(organiser)
    base = f"/manage/events/{event.slug}/messages"
    page = client.get(f"{base}/new?status=waiting").get_data(as_text=True)
    assert "{ticket_link}" in page and "{session_list}" in page  # the placeholders are listed
    key = "f" * 32
    form = {"form_key": key, "audience": "participants", "status": "waiting", "checked_in": "", "role": "",
            "subject-en": "News for {name}", "body-en": "Dear {name}, *welcome*.",
            "subject-ru": "Новости", "body-ru": "Здравствуйте, {nmae}"}
    refused = client.post(f"{base}/new", data={**form, "action": "preview"})
    assert refused.status_code == 400
    assert translated(app, "ru", "Unknown placeholder {%(name)s}: use one of those listed.", name="nmae") \
        in refused.get_data(as_text=True)
    form["body-ru"] = "Здравствуйте, {name}"
    preview = client.post(f"{base}/new", data={**form, "action": "preview", "preview_for": f"r{waiting_id}"})
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<em>welcome</em>" in text and "Dear Waiting Kk" in text
    sent = client.post(f"{base}/new", data={**form, "action": "send"})
    assert sent.status_code == 302
    again = client.post(f"{base}/new", data={**form, "action": "send"})  # re-posted: the same message
    assert again.headers["Location"] == sent.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventMessage)) == 1
    history = client.get(base).get_data(as_text=True)
    assert "Новости" in history  # the organiser reads Russian
    record = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Waiting Kk" in record and "Confirmed Ru" not in record
    participant_page = client.get(f"/manage/events/{event.slug}/registrations/{waiting_id}").get_data(as_text=True)
    assert "News for Waiting Kk" in participant_page
    # The waiting participant reads it on their own registration page, in full, with the note in Kazakh.
    client.get("/logout")
    login(waiting_user)
    choose_language(client, "kk")
    own = client.get(f"/events/{event.slug}/registration").get_data(as_text=True)
    assert "News for Waiting Kk" in own and "<em>welcome</em>" in own
    assert translated(app, "kk", "Messages from the organisers") in own
