"""The organisers' reminders page and editor: what it lists, what it saves, what it refuses."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.reminders.models import Reminder, ReminderKind
from tests.conftest import choose_language, translated


@pytest.fixture
def organiser_client(create_user, create_event, login):
    organiser = create_user("org@example.org")
    event = create_event(organiser=organiser)
    return login(organiser), event


def _stored(app, event) -> list[Reminder]:
    with app.app_context():
        return list(db.session.scalars(select(Reminder).where(Reminder.event_id == event.id)))


def test_the_overview_lists_every_reminder_off_at_first(organiser_client):
    client, event = organiser_client
    response = client.get(f"/manage/events/{event.slug}/reminders")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for label in ("Before the event", "The morning of a limited session", "Speakers without material",
                  "After the event"):
        assert label in html
    assert html.count("Switch on") == 4
    assert "0 sent" in html


def test_switching_on_from_the_overview_shows_the_next_run(app, organiser_client):
    client, event = organiser_client
    url = f"/manage/events/{event.slug}/reminders"
    response = client.post(f"{url}/before-event/switch", data={"enabled": "1"})
    assert response.status_code == 302
    [reminder] = _stored(app, event)
    assert reminder.enabled and reminder.kind == ReminderKind.BEFORE_EVENT and reminder.days == 2
    html = client.get(url).get_data(as_text=True)
    assert "Switch off" in html and "09:00" in html


def test_the_editor_saves_timing_and_texts_and_previews_each_language(app, organiser_client):
    client, event = organiser_client
    url = f"/manage/events/{event.slug}/reminders/after-event"
    response = client.post(url, data={"enabled": "y", "days": "3", "hour": "18",
                                      "subject-ru": "Спасибо!", "body-ru": "Материалы уже на сайте."})
    assert response.status_code == 302
    [reminder] = _stored(app, event)
    assert (reminder.enabled, reminder.days, reminder.hour) == (True, 3, 18)
    assert reminder.subject == {"ru": "Спасибо!"} and reminder.body == {"ru": "Материалы уже на сайте."}
    html = client.get(url).get_data(as_text=True)
    assert "Спасибо!" in html and "Материалы уже на сайте." in html  # the Russian preview
    assert "Thank you for taking part in" in html  # the English one keeps the built-in text


@pytest.mark.parametrize("days, hour", [("-1", "9"), ("abc", "9"), ("61", "9"), ("2", "24"), ("", "x")])
def test_the_editor_refuses_bad_timing_and_changes_nothing(app, organiser_client, days, hour):
    client, event = organiser_client
    url = f"/manage/events/{event.slug}/reminders/before-event"
    response = client.post(url, data={"enabled": "y", "days": days, "hour": hour})
    assert response.status_code == 400
    assert _stored(app, event) == []


def test_the_error_is_translated(app, organiser_client):
    client, event = organiser_client
    choose_language(client, "kk")
    url = f"/manage/events/{event.slug}/reminders/before-event"
    response = client.post(url, data={"days": "-5", "hour": "9"})
    assert response.status_code == 400
    message = translated(app, "kk", "Give a number of days from 0 to %(max)d.", max=60)
    assert message in response.get_data(as_text=True)


def test_the_editor_refuses_a_post_without_csrf(app, organiser_client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client, event = organiser_client
    response = client.post(f"/manage/events/{event.slug}/reminders/before-event", data={"days": "1", "hour": "9"})
    assert response.status_code == 400
    assert _stored(app, event) == []


def test_an_unknown_kind_is_404(organiser_client):
    client, event = organiser_client
    assert client.get(f"/manage/events/{event.slug}/reminders/every-hour").status_code == 404


def test_someone_outside_the_team_cannot_open_the_page(create_user, create_event, login):
    event = create_event()
    client = login(create_user("someone@example.org"))
    assert client.get(f"/manage/events/{event.slug}/reminders").status_code == 403
    assert client.get(f"/manage/events/{event.slug}/reminders/before-event").status_code == 403


def test_every_kind_has_an_editor_and_the_session_kinds_wait_for_a_session(organiser_client):
    client, event = organiser_client
    for kind in ReminderKind:
        response = client.get(f"/manage/events/{event.slug}/reminders/{kind.value}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, kind
        assert ('name="days"' in html) == (kind != ReminderKind.SESSION_MORNING)
        assert ("No preview yet" in html) == (kind in (ReminderKind.SESSION_MORNING, ReminderKind.SPEAKER_MATERIAL))
