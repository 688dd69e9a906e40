"""Check-in on the day: typed codes and scanned QR URLs, second scans, undo, live counts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.core.models import AuditEntry
from app.extensions import db
from app.registration.models import Registration
from tests.conftest import translated
from tests.registration.test_manage import insert_registrations

JSON = {"Accept": "application/json"}


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org")


@pytest.fixture
def event(create_event, organiser):
    return create_event(organiser=organiser, slug="forum", capacity=10)


@pytest.fixture
def staff(create_user, event, add_role):
    user = create_user(email="desk@example.org", name="Desk Staff")
    add_role(event, user, "checkin")
    return user


def ticket(app, registration_id) -> str:
    with app.app_context():
        return db.session.get(Registration, registration_id).ticket_code


def checked_in_at(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id).checked_in_at


def test_check_in_by_typed_code_without_javascript(app, client, event, staff, login):
    [registration_id] = insert_registrations(app, event, [{"name": "Aliya Nurlanovna", "organisation": "NHRI"}])
    code = ticket(app, registration_id)
    login(staff)
    page = client.get(f"/manage/events/{event.slug}/checkin").get_data(as_text=True)
    assert 'autofocus' in page and 'name="code"' in page and "desk.js" in page
    assert "<script>" not in page and " style=" not in page
    # Typed by hand: lower case, with spaces, is fine.
    typed = " ".join(code[i:i + 4] for i in range(0, len(code), 4)).lower()
    response = client.post(f"/manage/events/{event.slug}/checkin", data={"code": typed})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Aliya Nurlanovna" in page and "NHRI" in page and "result-checked_in" in page
    assert translated(app, "en", "Welcome! Checked in.") in page
    assert f'value="{typed}"' not in page  # the box is empty again for the next person
    assert checked_in_at(app, registration_id) is not None
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "registration.checked_in"))
        assert entry.actor_id == staff.id and entry.details == {"registration": registration_id}
        assert db.session.get(Registration, registration_id).checked_in_by_id == staff.id


def test_scanned_qr_url_checks_in_and_answers_json(app, client, event, organiser, login):
    [registration_id] = insert_registrations(app, event, [{"name": "Boris", "organisation": "OSCE"}, ])
    insert_registrations(app, event, [{"email": "other@example.org"}])
    code = ticket(app, registration_id)
    login(organiser)  # organisers may check people in too
    response = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON,
                           data={"code": f"http://localhost/tickets/{code}"})
    assert response.status_code == 200
    result = response.get_json()
    assert result["outcome"] == "checked_in"
    assert (result["name"], result["organisation"], result["status"]) == ("Boris", "OSCE", "confirmed")
    assert result["status_label"] == "Confirmed"
    assert result["counts"] == {"checked_in": 1, "confirmed": 2}
    assert result["undo_url"] == f"/manage/events/{event.slug}/checkin/{registration_id}/undo"


def test_second_check_in_shows_the_time_of_the_first_in_the_event_time_zone(app, client, event, staff, login):
    [registration_id] = insert_registrations(app, event, [{"name": "Chen"}])
    code = ticket(app, registration_id)
    login(staff)
    client.post(f"/manage/events/{event.slug}/checkin", data={"code": code})
    first = checked_in_at(app, registration_id)
    # The first arrival, moved to a known moment of today in Almaty: 09:07 local time.
    today = datetime.now(ZoneInfo("Asia/Almaty")).replace(hour=9, minute=7, second=0, microsecond=0)
    with app.app_context():
        db.session.get(Registration, registration_id).checked_in_at = today.astimezone(UTC)
        db.session.commit()
    response = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON, data={"code": code})
    assert response.status_code == 200
    result = response.get_json()
    assert result["outcome"] == "already"
    assert result["message"] == translated(app, "en", "Already checked in at %(time)s.", time="09:07")
    assert result["counts"]["checked_in"] == 1
    assert checked_in_at(app, registration_id) == today.astimezone(UTC) != first
    html = client.post(f"/manage/events/{event.slug}/checkin", data={"code": code}).get_data(as_text=True)
    assert "09:07" in html and "result-already" in html
    # Another day: the date is given too.
    with app.app_context():
        db.session.get(Registration, registration_id).checked_in_at = (today - timedelta(days=1)).astimezone(UTC)
        db.session.commit()
    message = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON, data={"code": code}).get_json()["message"]
    assert "09:07" in message and str((today - timedelta(days=1)).day) in message


def test_undo_check_in(app, client, event, staff, login):
    [registration_id] = insert_registrations(app, event, [{"name": "Dana"}])
    login(staff)
    client.post(f"/manage/events/{event.slug}/checkin", data={"code": ticket(app, registration_id)})
    response = client.post(f"/manage/events/{event.slug}/checkin/{registration_id}/undo", headers=JSON)
    assert response.status_code == 200
    result = response.get_json()
    assert result["outcome"] == "undone" and result["counts"]["checked_in"] == 0 and result["undo_url"] is None
    assert checked_in_at(app, registration_id) is None
    # Without JavaScript the check-in page is shown again.
    page = client.post(f"/manage/events/{event.slug}/checkin/{registration_id}/undo").get_data(as_text=True)
    assert 'name="code"' in page
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("registration.%"))).all()
    assert actions == ["registration.checked_in", "registration.check_in_undone"]


def test_counts_json(app, client, event, staff, login):
    now = datetime.now(UTC)
    insert_registrations(app, event, [{"checked_in_at": now}, {}, {}, {"status": "waiting"}, {"status": "pending"}])
    login(staff)
    response = client.get(f"/manage/events/{event.slug}/checkin/counts.json")
    assert response.status_code == 200
    assert response.get_json() == {"checked_in": 1, "confirmed": 3}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("status", ["pending", "waiting", "cancelled", "rejected"])
def test_tickets_without_a_seat_are_refused(app, client, event, staff, login, status):
    [registration_id] = insert_registrations(app, event, [{"name": "Erlan", "status": status}])
    login(staff)
    response = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON,
                           data={"code": ticket(app, registration_id)})
    assert response.status_code == 409
    result = response.get_json()
    assert result["outcome"] == "refused" and result["name"] == "Erlan" and result["status"] == status
    assert result["message"] == translated(app, "en", "This ticket is not valid: the registration is not confirmed.")
    assert result["undo_url"] is None
    assert checked_in_at(app, registration_id) is None


def test_unknown_or_other_events_codes_are_not_found(app, client, create_event, event, staff, login):
    elsewhere = create_event(slug="elsewhere")
    [foreign_id] = insert_registrations(app, elsewhere, [{"name": "Elsewhere Person"}])
    login(staff)
    for code in (ticket(app, foreign_id), "NOSUCHCODE", "http://localhost/tickets/", "ERASED1"):
        response = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON, data={"code": code})
        assert response.status_code == 404, code
        result = response.get_json()
        assert result["outcome"] == "not_found" and "name" not in result
        assert result["message"] == translated(app, "en", "Ticket not found. Check the code: it may be mistyped or for another event.")
    html = client.post(f"/manage/events/{event.slug}/checkin", data={"code": ticket(app, foreign_id)})
    assert html.status_code == 404 and "Elsewhere Person" not in html.get_data(as_text=True)
    assert checked_in_at(app, foreign_id) is None


def test_erased_registrations_have_no_ticket(app, client, event, staff, login, create_user, register):
    from app.events.models import Event
    from app.registration import services

    registration_id, _ = register(event, create_user(email="gone@example.org"))
    with app.test_request_context():
        registration = db.session.get(Registration, registration_id)
        services.erase(registration, db.session.get(Event, event.id))
        db.session.commit()
    login(staff)
    response = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON, data={"code": f"ERASED{registration_id}"})
    assert response.status_code == 404


def test_empty_code_is_a_bad_request(app, client, event, staff, login):
    login(staff)
    response = client.post(f"/manage/events/{event.slug}/checkin", data={"code": "  "})
    assert response.status_code == 400
    assert translated(app, "en", "Type or scan a ticket code.") in response.get_data(as_text=True)
    assert client.post(f"/manage/events/{event.slug}/checkin", headers=JSON, data={}).status_code == 400


def test_check_in_page_in_russian(app, client, create_user, event, add_role, login):
    staff = create_user(email="ru-desk@example.org", preferred_language="ru")
    add_role(event, staff, "checkin")
    [registration_id] = insert_registrations(app, event, [{"name": "Фариза"}])
    login(staff)
    client.post(f"/manage/events/{event.slug}/checkin", data={"code": ticket(app, registration_id)})
    result = client.post(f"/manage/events/{event.slug}/checkin", headers=JSON,
                         data={"code": ticket(app, registration_id)}).get_json()
    assert result["status_label"] == translated(app, "ru", "Confirmed")
    assert result["message"].startswith(translated(app, "ru", "Already checked in at %(time)s.", time="")[:5])
