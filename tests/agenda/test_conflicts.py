"""Conflicts of the draft agenda: found on the server, shown in the grid and the list."""
import html
import re
from datetime import date, time

import pytest

from app.agenda import conflicts as conflicts_module
from app.agenda.conflicts import ConflictKind, find_conflicts
from app.agenda.models import PersonRole, Room, Session, SessionPerson, SessionStatus
from app.events.models import Event
from app.extensions import db
from tests.conftest import EVENT_YEAR


def _room(app, event, name="Hall A", capacity=None) -> int:
    with app.app_context():
        room = Room(event_id=event.id, name={"en": name}, capacity=capacity)
        db.session.add(room)
        db.session.commit()
        return room.id


def _conflicts(app, event):
    with app.app_context():
        with app.test_request_context():
            found = find_conflicts(db.session.get(Event, event.id))
            return [(c.kind, set(c.session_ids), c.label, c.message) for c in found]


def test_overlapping_sessions_in_one_room_conflict(app, create_event, create_session):
    event = create_event()
    hall = _room(app, event)
    first = create_session(event, "Opening", start=time(10), minutes=60, room_id=hall)
    second = create_session(event, "Panel", start=time(10, 30), minutes=60, room_id=hall)
    create_session(event, "Elsewhere", start=time(10), minutes=60, room_id=_room(app, event, "Hall B"))
    found = _conflicts(app, event)
    assert [(kind, ids) for kind, ids, _, _ in found] == [(ConflictKind.ROOM, {first, second})]
    assert found[0][2] == "Room double-booked"
    assert "Hall A" in found[0][3]


def test_touching_sessions_and_cancelled_ones_do_not_conflict(app, create_event, create_session):
    event = create_event()
    hall = _room(app, event)
    create_session(event, "Morning", start=time(9), minutes=60, room_id=hall)
    create_session(event, "Next", start=time(10), minutes=60, room_id=hall)  # starts when Morning ends
    create_session(event, "Dropped", start=time(10), minutes=30, room_id=hall, status=SessionStatus.CANCELLED)
    assert _conflicts(app, event) == []


def test_person_in_two_rooms_at_once_conflicts(app, create_event, create_session):
    event = create_event()
    first = create_session(event, "Panel A", start=time(14), minutes=90, room_id=_room(app, event, "A"),
                           people=[("Lucia Ferrante", PersonRole.CHAIR)])
    with app.app_context():
        person_id = db.session.get(Session, first).people[0].person_id
    second = create_session(event, "Panel B", start=time(15), minutes=60, room_id=_room(app, event, "B"))
    with app.app_context():
        db.session.add(SessionPerson(session_id=second, person_id=person_id, role=PersonRole.SPEAKER))
        db.session.commit()
    found = _conflicts(app, event)
    assert [(kind, ids) for kind, ids, _, _ in found] == [(ConflictKind.PERSON, {first, second})]
    assert "Lucia Ferrante" in found[0][3]


def test_session_outside_the_event_days_in_its_time_zone(app, create_event, create_session):
    # 16-17 May next year in Almaty (UTC+5).
    event = create_event(start_date=date(EVENT_YEAR, 5, 16), end_date=date(EVENT_YEAR, 5, 17), timezone="Asia/Almaty")
    inside_late = create_session(event, "Late on day 2", day=2, start=time(23), minutes=60)  # ends at midnight
    inside_early = create_session(event, "Early on day 1", day=1, start=time(0, 30))  # still 15 May in UTC
    day_before = create_session(event, "Eve", day=0, start=time(18))
    day_after = create_session(event, "Too late", day=3, start=time(0, 15))  # still 17 May in UTC
    across = create_session(event, "Runs past midnight", day=2, start=time(23, 30), minutes=60)
    found = _conflicts(app, event)
    outside = {next(iter(ids)) for kind, ids, _, _ in found if kind == ConflictKind.OUTSIDE}
    assert outside == {day_before, day_after, across}
    assert inside_late not in outside and inside_early not in outside
    assert f"days (May 16\u2009–\u200917, {EVENT_YEAR})" in found[0][3]


def test_registrations_over_room_capacity(app, create_event, create_session, monkeypatch):
    event = create_event()
    small = _room(app, event, "Workshop room", capacity=30)
    crowded = create_session(event, "Workshop", room_id=small)
    fine = create_session(event, "Small group", start=time(12), room_id=small)
    unknown = create_session(event, "Hall without capacity", start=time(14), room_id=_room(app, event, "Big hall"))
    assert _conflicts(app, event) == []  # no registrations yet: nothing expected
    monkeypatch.setattr(conflicts_module, "expected_attendance",
                        lambda event, sessions: {crowded: 42, fine: 30, unknown: 500})
    found = _conflicts(app, event)
    assert [(kind, ids) for kind, ids, _, _ in found] == [(ConflictKind.CAPACITY, {crowded})]
    assert found[0][3] == "42 people are expected, but Workshop room holds 30."


def test_confirmed_registrations_fill_a_room_and_stars_split_parallel_sessions(app, create_event, create_session,
                                                                                create_user):
    """Real data: 3 confirmed participants, a 2-seat room; in parallel sessions, stars count."""
    from app.agenda.models import SessionStar
    from app.registration.models import Registration, RegistrationStatus

    event = create_event(capacity=10)
    small = _room(app, event, "Small room", capacity=2)
    other = _room(app, event, "Other room", capacity=2)
    plenary = create_session(event, "Plenary in a small room", room_id=small)
    parallel_a = create_session(event, "Breakout A", start=time(12), room_id=small)
    parallel_b = create_session(event, "Breakout B", start=time(12), room_id=other)
    users = [create_user(email=f"p{i}@example.org") for i in range(3)]
    with app.app_context():
        for i, user in enumerate(users):
            db.session.add(Registration(event_id=event.id, user_id=user.id, email=user.email, name=f"P{i}",
                                        status=RegistrationStatus.CONFIRMED))
            db.session.add(SessionStar(user_id=user.id, session_id=parallel_b))
        db.session.commit()
    found = _conflicts(app, event)
    assert [(kind, ids) for kind, ids, _, _ in found] == [(ConflictKind.CAPACITY, {plenary}),
                                                         (ConflictKind.CAPACITY, {parallel_b})]
    assert parallel_a not in {i for _, ids, _, _ in found for i in ids}


def test_finding_conflicts_takes_a_constant_number_of_queries(app, create_event, create_session, count_queries):
    def queries_for(event):
        def run():
            with app.app_context():
                loaded = db.session.get(Event, event.id)
                find_conflicts(loaded)
        return count_queries(run)

    small = create_event(slug="small")
    hall = _room(app, small)
    for hour in (9, 10):
        create_session(small, f"S{hour}", start=time(hour), room_id=hall, people=[(f"P{hour}", PersonRole.SPEAKER)])
    big = create_event(slug="big")
    hall = _room(app, big)
    for n in range(30):
        create_session(big, f"S{n}", start=time(8 + n % 10), room_id=hall, people=[(f"P{n}", PersonRole.SPEAKER)])
    assert queries_for(small) == queries_for(big) <= 8  # the draft (5), registrations and stars (2), event


# --- shown in the grid and the list --------------------------------------------------

@pytest.fixture
def organiser_event(create_user, create_event, login):
    organiser = create_user(name="Organiser")
    event = create_event(organiser=organiser, slug="forum")
    login(organiser)
    return event


def test_grid_flags_conflicts_with_text_and_lists_them_with_links(client, app, organiser_event, create_session):
    event = organiser_event
    hall = _room(app, event)
    first = create_session(event, "Opening", start=time(10), room_id=hall)
    second = create_session(event, "Overlap", start=time(10, 30), room_id=hall)
    clean = create_session(event, "Quiet", start=time(10), room_id=_room(app, event, "Hall B"))
    page = client.get("/manage/events/forum/agenda?lang=en").get_data(as_text=True)
    assert "1 conflict" in page
    assert 'id="conflict-0"' in page and "Hall A is booked for two sessions at the same time." in page
    for session_id in (first, second):
        assert f'href="/manage/events/forum/agenda?session={session_id}#session-{session_id}"' in page
        card = page.split(f'id="session-{session_id}"')[1].split("</article>")[0]
        assert "Room double-booked" in card and 'href="#conflict-0"' in card
    quiet = page.split(f'id="session-{clean}"')[1].split("</article>")[0]
    assert "conflict-badge" not in quiet
    listing = client.get("/manage/events/forum/agenda/list?lang=en").get_data(as_text=True)
    assert "Room double-booked" in listing and 'id="conflict-0"' in listing


def test_grid_without_conflicts_says_so(client, app, organiser_event, create_session):
    create_session(organiser_event, "Opening")
    page = client.get("/manage/events/forum/agenda?lang=en").get_data(as_text=True)
    assert "No conflicts" in page and "conflict-badge" not in page


def test_every_kind_of_conflict_is_shown_in_the_grid_and_the_list(client, app, organiser_event, create_session,
                                                                  monkeypatch):
    event = organiser_event
    hall, small = _room(app, event, "Hall A"), _room(app, event, "Small room", capacity=10)
    first = create_session(event, "Opening", start=time(10), room_id=hall, people=[("Lucia Ferrante", PersonRole.CHAIR)])
    second = create_session(event, "Overlap", start=time(10, 30), room_id=hall)
    elsewhere = create_session(event, "Workshop", start=time(10, 15), room_id=small)
    late = create_session(event, "After the event", day=5, start=time(9))
    with app.app_context():
        person_id = db.session.get(Session, first).people[0].person_id
        db.session.add(SessionPerson(session_id=elsewhere, person_id=person_id, role=PersonRole.SPEAKER))
        db.session.commit()
    monkeypatch.setattr(conflicts_module, "expected_attendance", lambda event, sessions: {elsewhere: 25})

    grid = client.get(f"/manage/events/forum/agenda?day={EVENT_YEAR}-05-16&lang=en").get_data(as_text=True)
    assert "4 conflicts" in grid
    for text in ("Hall A is booked for two sessions at the same time.",
                 "Lucia Ferrante is in two sessions at the same time.",
                 "The session is not on one of the event&#39;s days",
                 "25 people are expected, but Small room holds 10."):
        assert text in grid, text

    def badges(page, session_id):
        card = page.split(f'id="session-{session_id}"')[1].split("</article>")[0]
        return {html.unescape(label) for label in
                re.findall(r'class="conflict-badge"[^>]*><span aria-hidden="true">⚠</span> ([^<]+)</a>', card)}

    assert badges(grid, first) == {"Room double-booked", "Person in two places"}
    assert badges(grid, second) == {"Room double-booked"}
    assert badges(grid, elsewhere) == {"Person in two places", "Over room capacity"}
    # The session after the event is on its own day, reachable from the day selector and the conflict's link.
    assert "Outside the event" in grid
    assert f'href="/manage/events/forum/agenda?session={late}#session-{late}"' in grid
    outside_day = client.get(f"/manage/events/forum/agenda?session={late}&lang=en").get_data(as_text=True)
    assert badges(outside_day, late) == {"Outside the event's days"}

    listing = client.get("/manage/events/forum/agenda/list?lang=en").get_data(as_text=True)
    assert "4 conflicts" in listing and "Over room capacity" in listing and "Outside the event" in listing
    edit = client.get(f"/manage/events/forum/agenda/sessions/{elsewhere}/edit?lang=en").get_data(as_text=True)
    assert "This session has 2 conflicts:" in edit
