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
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("registration.%"))
                                      .order_by(AuditEntry.id)).all()
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


# --- people without their ticket: the desk's search ---------------------------------------------

DESK_PEOPLE = [
    {"name": "Әлия Нұрланқызы", "email": "a.nurlan@ombudsman.kz", "organisation": "Ұлттық орталық"},
    {"name": "José Müller", "email": "JMuller@Example.org", "organisation": "OSCE ODIHR"},
    {"name": "Ерлан Қасымов", "email": "erlan@example.kz", "organisation": "Министерство юстиции",
     "checked_in_at": datetime.now(UTC)},
    {"name": "Сергей Ёлкин", "email": "sergei@example.ru", "organisation": "МВД", "status": "cancelled"},
    {"name": "Aliya Smith", "email": "smith@example.org", "organisation": "UN Women", "status": "waiting"},
]


def desk_names(page: str) -> list[str]:
    import re

    return re.findall(r'<p class="desk-match-name">([^<]+)</p>', page)


def test_desk_finds_people_by_name_organisation_or_email_whatever_the_case_and_accents(app, client, event, staff,
                                                                                        login):
    ids = insert_registrations(app, event, DESK_PEOPLE)
    login(staff)

    def found(typed: str) -> list[str]:
        response = client.get(f"/manage/events/{event.slug}/checkin", query_string={"q": typed})
        assert response.status_code == 200
        return desk_names(response.get_data(as_text=True))

    # Cyrillic in any case (SQLite's lower() folds only ASCII), Kazakh letters typed as Russian ones.
    assert found("ӘЛИЯ") == found("әлия") == found("алия") == ["Әлия Нұрланқызы"]
    assert found("нурланкызы") == found("НҰРЛАНҚЫЗЫ") == ["Әлия Нұрланқызы"]
    assert found("ёлкин") == found("ЕЛКИН") == ["Сергей Ёлкин"]
    # Latin without its accents, and the words in any order.
    assert found("jose") == found("MÜLLER josé") == found("muller") == ["José Müller"]
    assert found("aliya") == ["Aliya Smith"]  # (no transliteration: Әлия is another spelling)
    # By organisation and by e-mail (shown: never the address itself).
    assert found("юстиции") == found("ЮСТИЦИИ") == ["Ерлан Қасымов"]
    assert found("odihr") == found("jmuller@example") == ["José Müller"]
    page = client.get(f"/manage/events/{event.slug}/checkin?q=example").get_data(as_text=True)
    assert desk_names(page) == ["José Müller", "Ерлан Қасымов", "Aliya Smith", "Сергей Ёлкин"]  # confirmed first
    for hidden in ("erlan@example.kz", "JMuller@Example.org", "smith@example.org", "a.nurlan@ombudsman.kz"):
        assert hidden not in page
    # A LIKE wildcard is a letter like any other; one letter is not enough to list people.
    assert found("%") == found("_") == found("a") == [] and found("zz") == []
    assert translated(app, "en", "Type at least two letters.") in client.get(
        f"/manage/events/{event.slug}/checkin?q=a").get_data(as_text=True)
    # Who is in already, and who may not come in: no check-in button for them.
    page = client.get(f"/manage/events/{event.slug}/checkin?q=example").get_data(as_text=True)
    rows = {row.split('"', 1)[0]: row for row in page.split('data-match="')[1:]}
    erlan, jose, smith, sergei = (rows[str(i)] for i in (ids[2], ids[1], ids[4], ids[3]))
    # "at 09:07" today, "on 16 May at 23:50" when that was another day in the event's zone (near midnight there)
    assert "Already checked in " in erlan.split("data-match-form")[0]
    assert "data-match-form hidden" in erlan and "data-match-form>" in jose
    assert "data-match-form" not in smith and "data-match-form" not in sergei
    assert translated(app, "en", "On the waiting list") in smith and translated(app, "en", "Cancelled") in sergei


def test_checking_in_someone_found_by_name(app, client, event, create_event, staff, login):
    ids = insert_registrations(app, event, DESK_PEOPLE)
    aliya, sergei = ids[0], ids[3]
    [foreign] = insert_registrations(app, create_event(slug="elsewhere"), [{"name": "Elsewhere Person"}])
    login(staff)
    response = client.post(f"/manage/events/{event.slug}/checkin/{aliya}", headers=JSON)
    assert response.status_code == 200
    result = response.get_json()
    assert (result["outcome"], result["name"], result["registration_id"]) == ("checked_in", "Әлия Нұрланқызы", aliya)
    assert result["checked_in_text"].startswith(translated(app, "en", "Already checked in at %(time)s.", time="")[:-1])
    assert "email" not in result and result["counts"] == {"checked_in": 2, "confirmed": 3}
    assert checked_in_at(app, aliya) is not None
    with app.app_context():
        assert db.session.get(Registration, aliya).checked_in_by_id == staff.id
    # Twice is harmless; without JavaScript the desk comes back with the same search, now showing the arrival.
    page = client.post(f"/manage/events/{event.slug}/checkin/{aliya}", data={"q": "алия"}).get_data(as_text=True)
    assert "result-already" in page and desk_names(page) == ["Әлия Нұрланқызы"] and "data-match-form hidden" in page
    refused = client.post(f"/manage/events/{event.slug}/checkin/{sergei}", headers=JSON)
    assert refused.status_code == 409 and refused.get_json()["outcome"] == "refused"
    assert checked_in_at(app, sergei) is None
    assert client.post(f"/manage/events/{event.slug}/checkin/{foreign}", headers=JSON).status_code == 404
    assert checked_in_at(app, foreign) is None


def test_desk_search_follows_changes_and_forgets_erased_people(app, client, event, staff, login, create_user, register):
    from app.events.models import Event
    from app.registration import services

    user = create_user(email="dana@example.org", name="Dana Ospanova")
    registration_id, _ = register(event, user)
    login(staff)
    assert desk_names(client.get(f"/manage/events/{event.slug}/checkin?q=оспанова").get_data(as_text=True)) == []
    with app.test_request_context():
        registration = db.session.get(Registration, registration_id)
        registration.name = "Дана Оспанова"
        db.session.commit()
    assert desk_names(client.get(f"/manage/events/{event.slug}/checkin?q=оспанова").get_data(as_text=True)) == \
        ["Дана Оспанова"]
    with app.test_request_context():
        services.erase(db.session.get(Registration, registration_id), db.session.get(Event, event.id))
        db.session.commit()
    for typed in ("оспанова", "dana@example"):
        assert desk_names(client.get(f"/manage/events/{event.slug}/checkin?q={typed}").get_data(as_text=True)) == []
    assert client.post(f"/manage/events/{event.slug}/checkin/{registration_id}", headers=JSON).status_code == 404


def test_check_in_staff_get_the_desk_but_not_the_participant_list(app, client, event, staff, login):
    [registration_id] = insert_registrations(app, event, DESK_PEOPLE[:1])
    login(staff)
    assert client.get(f"/manage/events/{event.slug}/checkin?q=алия").status_code == 200
    for path in ("registrations", "registrations.csv", "registrations.xlsx", f"registrations/{registration_id}",
                 f"registrations/{registration_id}/badge"):
        assert client.get(f"/manage/events/{event.slug}/{path}").status_code == 403, path
