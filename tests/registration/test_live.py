"""The live on-the-day view: its numbers against a hand-computed day, who may see it, and its poll."""
from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import update

from app.agenda.models import SessionKind
from app.extensions import db
from app.registration.models import Registration
from app.trainings.models import Attendance
from tests.conftest import EVENT_YEAR
from tests.registration.test_manage import insert_registrations

JSON = {"Accept": "application/json"}


def utc(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(EVENT_YEAR, 5, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org")


@pytest.fixture
def event(create_event, organiser):
    # Kolkata is UTC+05:30: a half-hour offset shows that quarters and days are the event's own.
    return create_event(organiser=organiser, slug="live-forum", timezone="Asia/Kolkata")


@pytest.fixture
def staff(create_user, event, add_role):
    user = create_user(email="desk@example.org", name="Desk Staff")
    add_role(event, user, "checkin")
    return user


@pytest.fixture
def arrivals(app, event):
    """Six people expected (confirmed), five of them in; a cancelled and a waiting person are not expected."""
    return insert_registrations(app, event, [
        {"name": "Aliya", "checked_in_at": utc(16, 3, 20)},        # 08:50 local, 16 May
        {"name": "Boris", "checked_in_at": utc(16, 3, 35)},        # 09:05
        {"name": "Chen", "checked_in_at": utc(16, 3, 44, 59)},     # 09:14:59, still the 09:00 quarter
        {"name": "Dana", "checked_in_at": utc(16, 4, 16)},         # 09:46, after two quiet quarters
        {"name": "Erlan", "checked_in_at": utc(16, 18, 40)},       # 00:10 local on 17 May
        {"name": "Farida Not Here", "organisation": "Ombudsman"},  # expected, not arrived
        {"name": "Gulnara Cancelled", "status": "cancelled", "checked_in_at": utc(16, 3, 30)},
        {"name": "Farhad Waiting", "status": "waiting"},
    ])


def numbers(client, event, **args) -> dict:
    response = client.get(f"/manage/events/{event.slug}/live.json", query_string=args, headers=JSON)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_json()


def test_live_numbers_count_confirmed_people_in_the_events_quarters_and_days(client, login, event, staff, arrivals):
    login(staff)
    first = numbers(client, event, day=f"{EVENT_YEAR}-05-16")
    assert (first["expected"], first["checked_in"], first["not_arrived"]) == (6, 5, 1)
    assert first["arrived_on_day"] == 4
    assert [(q["label"], q["arrived"]) for q in first["quarters"]] == [
        ("08:45", 1), ("09:00", 2), ("09:15", 0), ("09:30", 0), ("09:45", 1)]
    assert first["busiest_quarter"] == 2
    assert [(d["day"], d["arrived"], d["checked_in"], d["current"]) for d in first["days"]] == [
        (f"{EVENT_YEAR}-05-16", 4, 4, True), (f"{EVENT_YEAR}-05-17", 1, 5, False)]
    # Without a day (the event is not today): the last day anyone came in.
    second = numbers(client, event)
    assert second["day"] == f"{EVENT_YEAR}-05-17" and second["arrived_on_day"] == 1
    assert [(q["label"], q["arrived"]) for q in second["quarters"]] == [("00:00", 1)]
    # A day that is not the event's falls back the same way; nonsense too.
    assert numbers(client, event, day="1999-01-01")["day"] == f"{EVENT_YEAR}-05-17"
    assert numbers(client, event, day="16/05")["day"] == f"{EVENT_YEAR}-05-17"


def test_live_view_runs_the_same_queries_for_ten_or_sixty_people(app, client, login, event, staff, arrivals,
                                                                 count_queries):
    login(staff)
    url = f"/manage/events/{event.slug}/live.json?day={EVENT_YEAR}-05-16&q=far"
    client.get(url)  # warm
    few = count_queries(lambda: client.get(url))
    insert_registrations(app, event, [{"email": f"more{i}@example.org", "name": f"Farhat {i}",
                                       "checked_in_at": utc(16, 2 + i % 5, (7 * i) % 60)} for i in range(50)])
    many = count_queries(lambda: client.get(url))
    assert few == many
    assert numbers(client, event, day=f"{EVENT_YEAR}-05-16")["checked_in"] == 55


def test_not_arrived_search_finds_only_people_still_expected(client, login, event, staff, arrivals):
    login(staff)
    found = numbers(client, event, q="far")
    # Farida is expected and not in; Farhad waits for a seat; nobody checked in is listed.
    assert [(m["name"], m["organisation"]) for m in found["matches"]] == [("Farida Not Here", "Ombudsman")]
    assert numbers(client, event, q="aliya")["matches"] == []
    page = client.get(f"/manage/events/{event.slug}/live?q=far").get_data(as_text=True)
    assert "Farida Not Here" in page and "Aliya" not in page
    assert f"/manage/events/{event.slug}/checkin/{arrivals[5]}" in page  # checked in from here, at the desk's route
    # The large-type screen is for a projector: numbers, no names.
    screen = client.get(f"/manage/events/{event.slug}/live?screen=1&q=far").get_data(as_text=True)
    assert "Farida" not in screen and "live-screen" in screen
    assert "matches" not in numbers(client, event, q="far", screen=1)


def test_live_page_is_script_free_html_that_polls(app, client, login, event, organiser, arrivals, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_POLL_SECONDS", 0.5)
    login(organiser)
    response = client.get(f"/manage/events/{event.slug}/live?day={EVENT_YEAR}-05-16")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert 'data-poll-ms="500"' in page and "live.js" in page
    assert "<script>" not in page and " style=" not in page
    assert '<rect height="10" width="50.0">' in page  # the 08:45 quarter: half the busiest one
    assert f"/manage/events/{event.slug}/live" in client.get(f"/manage/events/{event.slug}/checkin").get_data(
        as_text=True)  # the desk links here


@pytest.mark.parametrize("who, page, status", [
    ("staff", "live", 200), ("staff", "live.json", 200), ("staff", "registrations", 403),
    ("participant", "live", 403), ("participant", "live.json", 403),
])
def test_check_in_staff_see_the_day_but_not_the_participant_table(client, login, create_user, event, staff, who,
                                                                  page, status, register):
    if who == "participant":
        user = create_user(email="someone@example.org")
        register(event, user)
    else:
        user = staff
    login(user)
    assert client.get(f"/manage/events/{event.slug}/{page}").status_code == status


def test_training_day_shows_each_module_with_the_participants_present(app, client, login, create_event, organiser,
                                                                      create_session, publish):
    from app.events.models import EventKind

    training = create_event(organiser=organiser, slug="live-training", kind=EventKind.TRAINING)
    first = create_session(training, "Interviewing", day=1, start=time(9), kind=SessionKind.TRAINING_MODULE)
    second = create_session(training, "Reporting", day=1, start=time(14), kind=SessionKind.TRAINING_MODULE)
    create_session(training, "Visits", day=2, start=time(9), kind=SessionKind.TRAINING_MODULE)
    create_session(training, "Lunch", day=1, start=time(12), kind=SessionKind.BREAK)
    publish(training)
    people = insert_registrations(app, training, [{"name": "A"}, {"name": "B"}, {"name": "C"},
                                                  {"name": "D", "status": "cancelled"}])
    with app.app_context():
        db.session.add_all([Attendance(event_id=training.id, session_id=first, registration_id=r)
                            for r in people])  # the cancelled person's mark does not count
        db.session.add(Attendance(event_id=training.id, session_id=second, registration_id=people[0]))
        db.session.execute(update(Registration).where(Registration.id == people[1]).values(
            erased_at=datetime.now(UTC)))  # erased: neither expected nor present
        db.session.commit()
    login(organiser)
    modules = numbers(client, training, day=f"{EVENT_YEAR}-05-16")["modules"]
    assert [(m["title"], m["time"], m["present"], m["expected"], m["present_text"]) for m in modules] == [
        ("Interviewing", "09:00–10:00", 2, 2, "2 of 2"), ("Reporting", "14:00–15:00", 1, 2, "1 of 2")]
    assert [m["title"] for m in numbers(client, training, day=f"{EVENT_YEAR}-05-17")["modules"]] == ["Visits"]


def test_quarters_follow_the_clock_on_the_night_summer_time_starts(client, login, create_event, organiser):
    """Berlin moves from 02:00 to 03:00 on the last Sunday of March: the quarter after 01:45 is 03:00."""
    from datetime import date, timedelta

    sunday = date(EVENT_YEAR, 3, 31) - timedelta(days=(date(EVENT_YEAR, 3, 31).weekday() + 1) % 7)
    night = create_event(organiser=organiser, slug="live-night", timezone="Europe/Berlin", start_date=sunday,
                         end_date=sunday)
    at = lambda hour, minute: datetime.combine(sunday, time(hour, minute), UTC)  # noqa: E731
    insert_registrations(client.application, night, [
        {"name": "Before", "checked_in_at": at(0, 50)},   # 01:50 CET
        {"name": "After", "checked_in_at": at(1, 5)},     # 03:05 CEST
        {"name": "Late", "checked_in_at": at(1, 20)}])    # 03:20 CEST
    login(organiser)
    result = numbers(client, night, day=sunday.isoformat())
    assert [(q["label"], q["arrived"]) for q in result["quarters"]] == [("01:45", 1), ("03:00", 1), ("03:15", 1)]
    assert result["arrived_on_day"] == 3
