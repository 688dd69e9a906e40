"""The organiser's agenda builder: services, then the pages over HTTP."""
import html
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.agenda import builder
from app.agenda.grid import day_grid
from app.agenda.models import AgendaPublication, Person, PersonRole, Room, Session, SessionPerson, SessionStatus, Track
from app.core.errors import DomainError
from app.core.models import AuditEntry
from app.events.models import Event
from app.extensions import db
from tests.conftest import EVENT_YEAR

UTC = UTC
DAY1 = date(EVENT_YEAR, 5, 16)  # the factory's event: 16-17 May next year, Asia/Almaty (UTC+5)


def _session_data(**overrides) -> dict:
    data = {"title": {"en": "Opening", "ru": "Открытие"}, "abstract": {}, "kind": "plenary", "status": "confirmed",
            "day": DAY1, "start_time": time(10), "end_time": time(11), "room_id": None, "track_id": None,
            "interpretation": [], "people": []}
    data.update(overrides)
    return data


@pytest.fixture
def world(ctx, create_user, create_event):
    """An organiser, their event with a room, a track and two people, and another event with the same."""
    from app.accounts.models import User

    organiser = create_user(name="Organiser")
    mine, other = create_event(organiser=organiser, slug="mine"), create_event(slug="other")

    class World:
        actor = db.session.get(User, organiser.id)
        event = db.session.get(Event, mine.id)
        other_event = db.session.get(Event, other.id)

    for key, event in (("", World.event), ("other_", World.other_event)):
        room = builder.create_room(event, World.actor, {"name": {"en": "Hall A"}, "capacity": 100, "position": None})
        track = builder.create_track(event, World.actor, {"name": {"en": "Legal"}, "colour": "#123ABC"})
        anna = builder.create_person(event, World.actor, {"name": "Anna Aliyeva", "country": "kz"})
        ben = builder.create_person(event, World.actor, {"name": "Ben Brown", "email": "ben@example.org"})
        setattr(World, key + "room", room)
        setattr(World, key + "track", track)
        setattr(World, key + "anna", anna)
        setattr(World, key + "ben", ben)
    db.session.commit()
    return World


def _actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))


# --- services: sessions -----------------------------------------------------------

def test_create_session_stores_local_times_as_utc_with_people_in_order(world):
    session = builder.create_session(world.event, world.actor, _session_data(
        room_id=world.room.id, track_id=world.track.id, interpretation=["kk", "ru"],
        people=[(world.ben.id, "chair"), (world.anna.id, PersonRole.SPEAKER)]))
    db.session.commit()
    assert session.starts_at == datetime(EVENT_YEAR, 5, 16, 5, tzinfo=UTC)
    assert session.ends_at == datetime(EVENT_YEAR, 5, 16, 6, tzinfo=UTC)
    assert session.interpretation == ["ru", "kk"]  # in the event's order
    assert [(link.person.name, link.role, link.position) for link in session.people] == [
        ("Ben Brown", PersonRole.CHAIR, 0), ("Anna Aliyeva", PersonRole.SPEAKER, 1)]
    assert _actions()[-1] == "agenda.session_created"
    assert world.track.colour == "#123abc"


@pytest.mark.parametrize("overrides, field", [
    ({"end_time": time(9)}, "end_time"),
    ({"end_time": time(10)}, "end_time"),
    ({"title": {"ru": "Только по-русски"}}, "title"),
    ({"day": date(2035, 1, 1)}, "day"),
    ({"interpretation": ["de"]}, "interpretation"),
    ({"kind": "party"}, "kind"),
    ({"people": [(1, "moderator")]}, "people"),
])
def test_session_rules_are_refused_before_anything_is_written(world, overrides, field):
    with pytest.raises(DomainError) as refused:
        builder.create_session(world.event, world.actor, _session_data(**overrides))
    assert refused.value.field == field
    assert db.session.scalar(db.select(db.func.count(Session.id))) == 0


@pytest.mark.parametrize("key, field", [("room_id", "room"), ("track_id", "track"), ("people", "people")])
def test_rooms_tracks_and_people_of_another_event_are_refused(world, key, field):
    foreign = {"room_id": world.other_room.id, "track_id": world.other_track.id,
               "people": [(world.other_anna.id, "speaker")]}[key]
    with pytest.raises(DomainError) as refused:
        builder.create_session(world.event, world.actor, _session_data(**{key: foreign}))
    assert refused.value.field == field
    session = builder.create_session(world.event, world.actor, _session_data())
    with pytest.raises(DomainError):
        builder.update_session(session, world.actor, _session_data(**{key: foreign}, title={"en": "Changed"}))
    assert session.title["en"] == "Opening" and session.room_id is None and session.people == []
    for bogus in (0, -5, 2**40):
        with pytest.raises(DomainError):
            builder.create_session(world.event, world.actor, _session_data(
                **{key: [(bogus, "speaker")] if key == "people" else bogus}))


def test_update_reorders_and_replaces_people(world):
    session = builder.create_session(world.event, world.actor, _session_data(
        people=[(world.anna.id, "speaker"), (world.ben.id, "speaker")]))
    db.session.commit()
    builder.update_session(session, world.actor, _session_data(
        people=[(world.ben.id, "speaker"), (world.anna.id, "speaker"), (world.anna.id, "chair")]))
    db.session.commit()
    db.session.expire_all()
    assert [(link.person.name, link.role.value) for link in session.people] == [
        ("Ben Brown", "speaker"), ("Anna Aliyeva", "speaker"), ("Anna Aliyeva", "chair")]
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "agenda.session_updated")).one()
    assert entry.details["fields"] == ["people"]
    with pytest.raises(DomainError, match="twice"):
        builder.update_session(session, world.actor, _session_data(
            people=[(world.ben.id, "speaker"), (world.ben.id, "speaker")]))


def test_move_keeps_the_duration_and_changes_room(world):
    session = builder.create_session(world.event, world.actor, _session_data(end_time=time(11, 30)))
    new_start = datetime(EVENT_YEAR, 5, 17, 9, 15, tzinfo=UTC)
    builder.move_session(session, world.actor, new_start, world.room.id)
    assert (session.starts_at, session.ends_at, session.room_id) == (new_start, new_start + timedelta(minutes=90),
                                                                     world.room.id)
    builder.move_session_local(session, world.actor, DAY1, time(14), None)
    assert session.starts_at == datetime(EVENT_YEAR, 5, 16, 9, tzinfo=UTC)
    assert session.ends_at - session.starts_at == timedelta(minutes=90) and session.room_id is None
    assert _actions()[-2:] == ["agenda.session_moved", "agenda.session_moved"]


def test_move_to_a_room_of_another_event_changes_nothing(world):
    session = builder.create_session(world.event, world.actor, _session_data(room_id=world.room.id))
    before = (session.starts_at, session.ends_at, session.room_id)
    with pytest.raises(DomainError) as refused:
        builder.move_session_local(session, world.actor, DAY1, time(15), world.other_room.id)
    assert refused.value.field == "room"
    assert (session.starts_at, session.ends_at, session.room_id) == before
    with pytest.raises(DomainError):
        builder.move_session_local(session, world.actor, date(1, 1, 1), time(0), None)


def test_duplicate_is_placed_right_after_in_the_same_room_with_the_same_people(world):
    session = builder.create_session(world.event, world.actor, _session_data(
        room_id=world.room.id, track_id=world.track.id, abstract={"en": "About"},
        people=[(world.anna.id, "chair"), (world.ben.id, "speaker")]))
    copy = builder.duplicate_session(session, world.actor)
    db.session.commit()
    assert copy.id != session.id and copy.uid != session.uid
    assert (copy.starts_at, copy.ends_at) == (session.ends_at, session.ends_at + timedelta(hours=1))
    assert (copy.room_id, copy.track_id, copy.title, copy.abstract) == (
        session.room_id, session.track_id, session.title, session.abstract)
    assert [(link.person_id, link.role) for link in copy.people] == [(link.person_id, link.role) for link in session.people]
    assert _actions()[-1] == "agenda.session_duplicated"


def test_delete_session_removes_it_and_its_people_links(world):
    session = builder.create_session(world.event, world.actor, _session_data(people=[(world.anna.id, "speaker")]))
    db.session.commit()
    builder.delete_session(session, world.actor)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Session.id))) == 0
    assert db.session.scalar(db.select(db.func.count(SessionPerson.id))) == 0
    assert db.session.get(Person, world.anna.id) is not None
    assert _actions()[-1] == "agenda.session_deleted"


# --- services: rooms, tracks, people ------------------------------------------------------

def test_rooms_get_the_next_position_and_deleting_one_keeps_its_sessions(world):
    second = builder.create_room(world.event, world.actor, {"name": {"en": "Hall B"}, "capacity": None, "position": None})
    assert (world.room.position, second.position) == (0, 1)
    builder.update_room(second, world.actor, {"name": {"en": "Hall B", "ru": "Зал Б"}, "capacity": 40, "position": None})
    assert (second.capacity, second.position, second.name["ru"]) == (40, 1, "Зал Б")
    session = builder.create_session(world.event, world.actor, _session_data(room_id=second.id))
    builder.delete_room(second, world.actor)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Session, session.id).room_id is None
    for data, field in [({"name": {"ru": "Зал"}}, "name"), ({"name": {"en": "X"}, "capacity": 0}, "capacity"),
                        ({"name": {"en": "X"}, "position": -1}, "position")]:
        with pytest.raises(DomainError) as refused:
            builder.create_room(world.event, world.actor, data)
        assert refused.value.field == field


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#ggg000", "", "123456"])
def test_track_colour_must_be_rrggbb(world, colour):
    with pytest.raises(DomainError) as refused:
        builder.create_track(world.event, world.actor, {"name": {"en": "T"}, "colour": colour})
    assert refused.value.field == "colour"
    with pytest.raises(DomainError):
        builder.update_track(world.track, world.actor, {"name": {"en": "T"}, "colour": colour})


def test_deleting_a_track_keeps_its_sessions(world):
    session = builder.create_session(world.event, world.actor, _session_data(track_id=world.track.id))
    builder.delete_track(world.track, world.actor)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Session, session.id).track_id is None


def test_people_country_and_email_are_checked_and_deleting_removes_their_links(world):
    assert world.anna.country == "KZ" and world.anna.email is None
    for data, field in [({"name": "X", "country": "XX"}, "country"), ({"name": "X", "email": "nope"}, "email"),
                        ({"name": "  "}, "name")]:
        with pytest.raises(DomainError) as refused:
            builder.create_person(world.event, world.actor, data)
        assert refused.value.field == field
    builder.update_person(world.anna, world.actor, {"name": "Anna A.", "bio": {"en": "Lawyer", "kk": "Заңгер"},
                                                    "title": {"en": "Head"}, "country": "KZ"})
    assert world.anna.bio == {"en": "Lawyer", "kk": "Заңгер"}
    session = builder.create_session(world.event, world.actor, _session_data(people=[(world.anna.id, "speaker")]))
    db.session.commit()
    builder.delete_person(world.anna, world.actor)
    db.session.commit()
    assert db.session.get(Session, session.id).people == []
    assert "agenda.person_deleted" in _actions()


def test_day_grid_places_sessions_in_rows_columns_and_lanes(world):
    second = builder.create_room(world.event, world.actor, {"name": {"en": "Hall B"}})
    a = builder.create_session(world.event, world.actor, _session_data(room_id=world.room.id))  # 10:00-11:00
    b = builder.create_session(world.event, world.actor, _session_data(
        room_id=world.room.id, start_time=time(10, 30), end_time=time(11, 10)))
    c = builder.create_session(world.event, world.actor, _session_data(start_time=time(7, 45), end_time=time(8)))
    grid = day_grid(world.event, builder.load_draft(world.event), DAY1)
    assert grid.slots[0].label == "07:00" and grid.slots[-1].label == "17:45"
    hall_a, hall_b, no_room = grid.columns
    assert (hall_a.room, hall_b.room, no_room.room, no_room.column) == (world.room, second, None, 4)
    items = {item.session.id: item for item in hall_a.items}
    # Rows of 5 minutes: 07:00 is row 2, so 10:00 is row 2 + 36; 10:30-11:10 spans eight rows.
    assert (items[a.id].row, items[a.id].span, items[a.id].lane, items[a.id].lanes) == (38, 12, 1, 2)
    assert (items[b.id].row, items[b.id].span, items[b.id].lane, items[b.id].lanes) == (44, 8, 2, 2)
    assert [(item.session.id, item.row, item.span, item.lanes) for item in no_room.items] == [(c.id, 11, 3, 1)]
    assert (grid.slots[1].row, grid.slots[1].span, grid.slots[4].is_hour) == (5, 3, True)


# --- HTTP ------------------------------------------------------------------------------------

BASE = "/manage/events/forum/agenda"


@pytest.fixture
def setup(app, create_user, create_event, login):
    """An organiser signed in on event "forum" with rooms, a track and people; event "other" with its own."""
    organiser = create_user(name="Organiser", preferred_language="en")
    event = create_event(organiser=organiser, slug="forum")
    other = create_event(slug="other")
    ids = {}
    with app.app_context():
        for prefix, ev in (("", event), ("other_", other)):
            rooms = [Room(event_id=ev.id, name={"en": name}, capacity=cap, position=i)
                     for i, (name, cap) in enumerate([("Hall A", 120), ("Hall B", 40)])]
            track = Track(event_id=ev.id, name={"en": "Legal"}, colour="#1f5aa6")
            people = [Person(event_id=ev.id, name=name) for name in ("Anna Aliyeva", "Ben Brown")]
            db.session.add_all([*rooms, track, *people])
            db.session.flush()
            ids.update({prefix + "hall_a": rooms[0].id, prefix + "hall_b": rooms[1].id, prefix + "track": track.id,
                        prefix + "anna": people[0].id, prefix + "ben": people[1].id})
        db.session.commit()
    login(organiser)
    return type("Setup", (), {"event": event, "other": other, "organiser": organiser, **ids})


def _form(setup, **overrides) -> dict:
    data = {"title-en": "Opening", "title-ru": "Открытие", "abstract-en": "", "kind": "plenary",
            "status": "confirmed", "day": f"{EVENT_YEAR}-05-16", "start_time": "10:00", "end_time": "11:30",
            "room": str(setup.hall_a), "track": str(setup.track), "interpretation": ["ru"],
            "people-0-person": str(setup.anna), "people-0-role": "chair",
            "people-1-person": "", "people-1-role": "speaker"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _sessions(app) -> list[tuple]:
    with app.app_context():
        return [(s.title.get("en"), s.starts_at, s.ends_at, s.room_id, s.track_id, [p.person_id for p in s.people])
                for s in db.session.scalars(db.select(Session).order_by(Session.id))]


def test_organiser_creates_a_session_and_sees_it_in_the_grid(client, app, setup):
    form_page = client.get(f"{BASE}/sessions/new?day={EVENT_YEAR}-05-16&start=10:00&room={setup.hall_b}")
    assert form_page.status_code == 200
    html = form_page.get_data(as_text=True)
    assert 'value="10:00"' in html and 'value="11:00"' in html
    assert f'<option selected value="{setup.hall_b}">' in html
    response = client.post(f"{BASE}/sessions/new", data=_form(setup))
    assert response.status_code == 302
    [(title, starts, ends, room, track, people)] = _sessions(app)
    assert (title, starts, ends) == ("Opening", datetime(EVENT_YEAR, 5, 16, 5, tzinfo=UTC), datetime(EVENT_YEAR, 5, 16, 6, 30, tzinfo=UTC))
    assert (room, track, people) == (setup.hall_a, setup.track, [setup.anna])
    assert f"day={EVENT_YEAR}-05-16" in response.headers["Location"] and "#session-" in response.headers["Location"]
    grid = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The session has been added. No conflicts." in grid
    card = grid.split('<article class="grid-session')[1].split("</article>")[0]
    assert "Opening" in card and "10:00" in card and "11:30" in card and "<bdi>Anna Aliyeva</bdi> (chair)" in card
    assert "gc-2 gr-26 gs-18" in card  # Hall A is column 2; 5-minute rows from 08:00 in row 2; 90 minutes = 18 rows


def test_grid_queries_do_not_grow_with_the_agenda(client, app, setup, create_session, count_queries):
    create_session(setup.event, "One", room_id=setup.hall_a, people=[("P1", PersonRole.SPEAKER)])
    few = count_queries(lambda: client.get(BASE))
    for n in range(20):
        create_session(setup.event, f"S{n}", start=time(8 + n % 9), room_id=setup.hall_b,
                       people=[(f"P{n}", PersonRole.SPEAKER), (f"Q{n}", PersonRole.CHAIR)])
    assert count_queries(lambda: client.get(BASE)) == few
    assert count_queries(lambda: client.get(f"{BASE}/list")) == few


@pytest.mark.parametrize("overrides, message", [
    ({"end_time": "09:00"}, "The session must end after it starts."),
    ({"start_time": "25:99"}, "Please enter a time as HH:MM, e.g. 09:30."),
    ({"start_time": ""}, "Please enter a time as HH:MM, e.g. 09:30."),
    ({"day": f"16/05/{EVENT_YEAR}"}, "Please enter a valid date."),
    ({"day": "1999-01-01"}, "Choose a day near the event's dates."),
    ({"day": "0001-01-01"}, "Please enter a date between 1900 and 2199."),
    ({"title-en": ""}, "Please fill in the English version."),
    ({"room": "other_hall_a"}, "Choose a room of this event."),
    ({"room": "99999999999999999999"}, "Choose a room of this event."),
    ({"track": "other_track"}, "Choose a track of this event."),
    ({"people-0-person": "other_anna"}, "Choose people of this event."),
    ({"people-1-person": "anna", "people-1-role": "chair"}, "The same person is listed twice in the same role."),
    ({"people-0-role": "king"}, None),
    ({"kind": "party"}, None),
    ({"interpretation": ["de"]}, None),
    ({"floor_language": "de"}, "Choose the language on the floor from the event's languages."),
])
def test_bad_session_input_is_shown_again_and_changes_nothing(client, app, setup, create_session, overrides, message):
    overrides = {key: str(getattr(setup, value)) if isinstance(value, str) and hasattr(setup, value) else value
                 for key, value in overrides.items()}
    response = client.post(f"{BASE}/sessions/new", data=_form(setup, **overrides))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error"' in page or "alert-error" in page
    if message:
        assert message in html.unescape(page), re.findall(r"class=\"(?:error|alert alert-error)\"[^>]*>(.*?)</p>", page, re.S)
    assert _sessions(app) == []
    # The same input on an existing session leaves it as it was.
    session_id = create_session(setup.event, "Kept", room_id=setup.hall_b)
    before = _sessions(app)
    response = client.post(f"{BASE}/sessions/{session_id}/edit", data=_form(setup, **overrides))
    assert response.status_code == 400
    assert _sessions(app) == before


def test_bad_input_errors_are_translated(client, app, setup, create_user, login):
    login(create_user(email="ru@example.org", preferred_language="ru", is_admin=True))
    page = client.post(f"{BASE}/sessions/new", data=_form(setup, **{"title-en": ""})).get_data(as_text=True)
    assert "Пожалуйста, заполните" in page or "английск" in page.lower()
    assert 'lang="ru"' in page


def test_edit_session_saves_and_records_the_changed_fields(client, app, setup, create_session):
    session_id = create_session(setup.event, "Old title", room_id=setup.hall_a)
    page = client.get(f"{BASE}/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in page and f'value="{EVENT_YEAR}-05-16"' in page and 'value="10:00"' in page
    response = client.post(f"{BASE}/sessions/{session_id}/edit",
                           data=_form(setup, **{"title-en": "New title", "status": "cancelled"}))
    assert response.status_code == 302
    with app.app_context():
        session = db.session.get(Session, session_id)
        assert session.title["en"] == "New title" and session.status == SessionStatus.CANCELLED
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "agenda.session_updated")).one()
        assert {"title", "status", "people"} <= set(entry.details["fields"])


def test_move_form_keeps_the_duration(client, app, setup, create_session):
    session_id = create_session(setup.event, "Talk", start=time(10), minutes=45, room_id=setup.hall_a)
    page = client.get(f"{BASE}/sessions/{session_id}/move").get_data(as_text=True)
    assert 'value="10:00"' in page and "Move “Talk”" in page
    response = client.post(f"{BASE}/sessions/{session_id}/move",
                           data={"day": f"{EVENT_YEAR}-05-17", "start_time": "14:15", "room": str(setup.hall_b)})
    assert response.status_code == 302
    [(_, starts, ends, room, _, _)] = _sessions(app)
    assert starts == datetime(EVENT_YEAR, 5, 17, 9, 15, tzinfo=UTC) and ends - starts == timedelta(minutes=45)
    assert room == setup.hall_b
    response = client.post(f"{BASE}/sessions/{session_id}/move",
                           data={"day": f"{EVENT_YEAR}-05-17", "start_time": "16:00", "room": str(setup.other_hall_a)})
    assert response.status_code == 400 and "Choose a room of this event." in response.get_data(as_text=True)
    assert _sessions(app)[0][3] == setup.hall_b
    response = client.post(f"{BASE}/sessions/{session_id}/move", data={"day": "", "start_time": "x", "room": ""})
    assert response.status_code == 400 and _sessions(app)[0][1] == starts


def test_move_json_for_drag_and_drop_answers_with_the_conflict_count(client, app, setup, create_session):
    blocker = create_session(setup.event, "Blocker", start=time(14), room_id=setup.hall_b)
    session_id = create_session(setup.event, "Talk", start=time(10), minutes=30, room_id=setup.hall_a)
    url = f"{BASE}/sessions/{session_id}/move.json"
    response = client.post(url, json={"day": f"{EVENT_YEAR}-05-16", "start_time": "14:15", "room": str(setup.hall_b)})
    assert response.status_code == 200
    assert response.json["ok"] is True and response.json["conflicts"] == 1
    assert "1 conflict to look at." in response.json["message"]
    session = [s for s in _sessions(app) if s[0] == "Talk"][0]
    assert session[1:4] == (datetime(EVENT_YEAR, 5, 16, 9, 15, tzinfo=UTC), datetime(EVENT_YEAR, 5, 16, 9, 45, tzinfo=UTC), setup.hall_b)
    assert blocker
    # Numbers are accepted as well as strings; "" means no room.
    response = client.post(url, json={"day": f"{EVENT_YEAR}-05-16", "start_time": "16:00", "room": ""})
    assert response.json == {"ok": True, "conflicts": 0, "message": "The session has been moved. No conflicts."}
    for bad in ({"day": f"{EVENT_YEAR}-05-16", "start_time": "16:00", "room": setup.other_hall_a},
                {"day": "nope", "start_time": "16:00", "room": ""},
                {"day": [f"{EVENT_YEAR}-05-16"], "start_time": {"h": 1}, "room": True},
                ["not", "an", "object"], "null"):
        before = _sessions(app)
        response = client.post(url, json=bad)
        assert response.status_code == 400 and response.json["ok"] is False and response.json["errors"], bad
        assert _sessions(app) == before
    response = client.post(url, data="not json", content_type="application/json")
    assert response.status_code == 400


def test_duplicate_and_delete_over_http(client, app, setup, create_session):
    session_id = create_session(setup.event, "Workshop", start=time(10), minutes=60, room_id=setup.hall_b)
    response = client.post(f"{BASE}/sessions/{session_id}/duplicate")
    assert response.status_code == 302 and "/edit" in response.headers["Location"]
    original, copy = _sessions(app)
    assert copy[0] == "Workshop" and copy[1] == original[2] and copy[2] - copy[1] == timedelta(hours=1)
    assert copy[3] == setup.hall_b
    grid = client.get(f"{BASE}?day={EVENT_YEAR}-05-16").get_data(as_text=True)
    assert 'data-confirm="Delete the session' in grid or "data-confirm" in client.get(f"{BASE}/list").get_data(as_text=True)
    response = client.post(f"{BASE}/sessions/{session_id}/delete")
    assert response.status_code == 302
    assert [s[0] for s in _sessions(app)] == ["Workshop"] and _sessions(app)[0][1] == copy[1]


def test_session_ids_of_another_event_are_404_and_never_touched(client, app, setup, create_session):
    foreign = create_session(setup.other, "Not yours", room_id=setup.other_hall_a)
    before = _sessions(app)
    assert client.get(f"{BASE}/sessions/{foreign}/edit").status_code == 404
    assert client.get(f"{BASE}/sessions/{foreign}/move").status_code == 404
    assert client.post(f"{BASE}/sessions/{foreign}/edit", data=_form(setup)).status_code == 404
    assert client.post(f"{BASE}/sessions/{foreign}/move",
                       data={"day": f"{EVENT_YEAR}-05-16", "start_time": "09:00", "room": ""}).status_code == 404
    assert client.post(f"{BASE}/sessions/{foreign}/move.json",
                       json={"day": f"{EVENT_YEAR}-05-16", "start_time": "09:00", "room": ""}).status_code == 404
    assert client.post(f"{BASE}/sessions/{foreign}/duplicate").status_code == 404
    assert client.post(f"{BASE}/sessions/{foreign}/delete").status_code == 404
    assert client.get(f"{BASE}/sessions/99999999999/edit").status_code == 404
    assert _sessions(app) == before
    assert client.get(f"{BASE}?session={foreign}").status_code == 200  # simply shows the first day


def test_rooms_tracks_and_people_pages(client, app, setup, create_session):
    assert "Hall A" in client.get(f"{BASE}/rooms").get_data(as_text=True)
    response = client.post(f"{BASE}/rooms", data={"name-en": "Breakout C", "name-ru": "Зал C", "capacity": "25", "position": ""})
    assert response.status_code == 302
    response = client.post(f"{BASE}/tracks", data={"name-en": "Practice", "colour": "#0F766E"})
    assert response.status_code == 302
    response = client.post(f"{BASE}/people/new", data={"name": "Chen Li", "email": "", "country": "CN",
                                                       "bio-en": "Researcher", "organisation-ru": "Институт"})
    assert response.status_code == 302
    with app.app_context():
        room = db.session.scalar(db.select(Room).where(Room.capacity == 25))
        assert (room.name, room.position) == ({"en": "Breakout C", "ru": "Зал C"}, 2)
        assert db.session.scalar(db.select(Track.colour).where(Track.name["en"].as_string() == "Practice")) == "#0f766e"
        person = db.session.scalar(db.select(Person).where(Person.name == "Chen Li"))
        assert (person.country, person.email, person.organisation) == ("CN", None, {"ru": "Институт"})
        room_id, person_id = room.id, person.id
    assert client.post(f"{BASE}/rooms/{room_id}/edit",
                       data={"name-en": "Breakout C", "capacity": "30", "position": "0"}).status_code == 302
    assert client.post(f"{BASE}/people/{person_id}/edit",
                       data={"name": "Chen Li", "email": "chen@example.org", "country": "CN"}).status_code == 302
    session_id = create_session(setup.event, "Talk", room_id=room_id)
    people_page = client.get(f"{BASE}/people").get_data(as_text=True)
    assert "Chen Li" in people_page and "chen@example.org" in people_page
    assert client.post(f"{BASE}/rooms/{room_id}/delete").status_code == 302
    assert client.post(f"{BASE}/tracks/{setup.track}/delete").status_code == 302
    assert client.post(f"{BASE}/people/{person_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Room, room_id) is None and db.session.get(Person, person_id) is None
        assert db.session.get(Session, session_id).room_id is None
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"agenda.room_created", "agenda.room_updated", "agenda.room_deleted", "agenda.track_created",
            "agenda.track_deleted", "agenda.person_created", "agenda.person_updated", "agenda.person_deleted"} <= actions


@pytest.mark.parametrize("url, data, message", [
    ("rooms", {"name-en": "", "name-ru": "Зал"}, "Please fill in the English version."),
    ("rooms", {"name-en": "X", "capacity": "-3"}, None),
    ("rooms", {"name-en": "X", "capacity": "many"}, None),
    ("rooms", {"name-en": "X", "position": "5000"}, None),
    ("tracks", {"name-en": "X", "colour": "red"}, "Give the colour as #rrggbb, e.g. #1f5aa6."),
    ("tracks", {"name-en": "", "colour": "#123456"}, "Please fill in the English version."),
    ("people/new", {"name": "", "country": ""}, None),
    ("people/new", {"name": "X", "email": "not-an-address"}, "Please enter a valid e-mail address."),
    ("people/new", {"name": "X", "country": "XX"}, None),
    ("people/new", {"name": "X" * 201}, None),
])
def test_bad_room_track_and_person_input_is_refused_with_400(client, app, setup, url, data, message):
    def counts():
        with app.app_context():
            return [db.session.scalar(db.select(db.func.count(m.id))) for m in (Room, Track, Person)]

    before = counts()
    response = client.post(f"{BASE}/{url}", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error"' in page
    if message:
        assert message in html.unescape(page), re.findall(r"class=\"(?:error|alert alert-error)\"[^>]*>(.*?)</p>", page, re.S)
    assert counts() == before
    # Editing an existing one with the same input changes nothing either.
    target = {"rooms": f"rooms/{setup.hall_a}/edit", "tracks": f"tracks/{setup.track}/edit",
              "people/new": f"people/{setup.anna}/edit"}[url]
    with app.app_context():
        snapshot = [(r.name, r.capacity, r.position) for r in db.session.scalars(db.select(Room))], \
            [(t.name, t.colour) for t in db.session.scalars(db.select(Track))], \
            [(p.name, p.email, p.country) for p in db.session.scalars(db.select(Person))]
    assert client.post(f"{BASE}/{target}", data=data).status_code == 400
    with app.app_context():
        assert snapshot == ([(r.name, r.capacity, r.position) for r in db.session.scalars(db.select(Room))],
                            [(t.name, t.colour) for t in db.session.scalars(db.select(Track))],
                            [(p.name, p.email, p.country) for p in db.session.scalars(db.select(Person))])


def test_rooms_tracks_and_people_of_another_event_are_404(client, app, setup):
    for url in (f"rooms/{setup.other_hall_a}/edit", f"tracks/{setup.other_track}/edit", f"people/{setup.other_anna}/edit"):
        assert client.get(f"{BASE}/{url}").status_code == 404
        assert client.post(f"{BASE}/{url}", data={"name-en": "Hacked", "name": "Hacked", "colour": "#000000"}).status_code == 404
    for url in (f"rooms/{setup.other_hall_a}/delete", f"tracks/{setup.other_track}/delete",
                f"people/{setup.other_anna}/delete"):
        assert client.post(f"{BASE}/{url}").status_code == 404
    with app.app_context():
        assert db.session.get(Room, setup.other_hall_a).name == {"en": "Hall A"}
        assert db.session.get(Track, setup.other_track) is not None
        assert db.session.get(Person, setup.other_anna).name == "Anna Aliyeva"


def test_non_organisers_get_403_and_visitors_are_sent_to_sign_in(app, client, setup, create_user, add_role, login,
                                                                  create_session):
    session_id = create_session(setup.event, "Talk")
    urls = [("GET", ""), ("GET", "/list"), ("GET", "/sessions/new"), ("POST", "/sessions/new"),
            ("GET", f"/sessions/{session_id}/edit"), ("GET", f"/sessions/{session_id}/move"),
            ("POST", f"/sessions/{session_id}/move"), ("POST", f"/sessions/{session_id}/move.json"),
            ("POST", f"/sessions/{session_id}/duplicate"), ("POST", f"/sessions/{session_id}/delete"),
            ("GET", "/rooms"), ("POST", "/rooms"), ("GET", "/tracks"), ("GET", "/people"), ("GET", "/people/new"),
            ("GET", f"/rooms/{setup.hall_a}/edit"), ("POST", f"/rooms/{setup.hall_a}/delete"),
            ("GET", "/publish"), ("POST", "/publish")]
    staff = create_user(email="staff@example.org")
    add_role(setup.event, staff, "checkin")
    add_role(setup.event, staff, "rapporteur")
    login(staff)
    for method, url in urls:
        assert client.open(BASE + url, method=method, data={"name-en": "x"}).status_code == 403, url
    with client.session_transaction() as browser_session:
        browser_session.clear()
    for method, url in urls:
        response = client.open(BASE + url, method=method)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    assert len(_sessions(app)) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AgendaPublication.id))) == 0


def test_publish_page_lists_changes_since_the_last_publication(client, app, setup, create_session, publish):
    first = create_session(setup.event, "Opening", start=time(9), room_id=setup.hall_a)
    moved = create_session(setup.event, "Panel", start=time(11), room_id=setup.hall_a)
    cancelled = create_session(setup.event, "Dinner", start=time(19))
    removed = create_session(setup.event, "Removed later", start=time(15))
    page = client.get(f"{BASE}/publish").get_data(as_text=True)
    assert "has never been published" in page and "Added <span" in page and "(4)" in page
    publish(setup.event)
    # Added before the deletion: SQLite would otherwise give the new session the deleted one's id.
    create_session(setup.event, "Late addition", start=time(17))
    with app.app_context():
        db.session.get(Session, first).title = {"en": "Opening ceremony"}
        db.session.get(Session, moved).starts_at = datetime(EVENT_YEAR, 5, 17, 7, tzinfo=UTC)  # 12:00 on day 2
        db.session.get(Session, moved).ends_at = datetime(EVENT_YEAR, 5, 17, 8, tzinfo=UTC)
        db.session.get(Session, moved).room_id = setup.hall_b
        db.session.get(Session, cancelled).status = SessionStatus.CANCELLED
        db.session.delete(db.session.get(Session, removed))
        db.session.commit()
    page = client.get(f"{BASE}/publish?lang=en").get_data(as_text=True)
    assert "The public sees version 1" in page and "Changes since version 1" in page
    assert all(f'id="changes-{kind}"' in page for kind in ("added", "moved", "changed", "cancelled", "removed")), \
        re.findall(r'id="changes-\w+"', page)
    sections = {kind: page.split(f'id="changes-{kind}"')[1].split("</section>")[0]
                for kind in ("added", "moved", "changed", "cancelled", "removed")}
    assert "Late addition" in sections["added"] and "5:00" in sections["added"]
    assert "Panel" in sections["moved"]
    # Old → new, in the event's zone, without seconds; the day shows because it changed.
    assert (f"May 16, {EVENT_YEAR}, 11:00\u202fAM → May 17, {EVENT_YEAR}, 12:00\u202fPM, Hall A → Hall B"
            in sections["moved"]), sections["moved"]
    assert "Opening ceremony" in sections["changed"] and "formerly “Opening”" in sections["changed"]
    assert "Dinner" in sections["cancelled"] and "Removed later" in sections["removed"]
    response = client.post(f"{BASE}/publish")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 2 of the agenda is now public." in page
    public = client.get("/events/forum/agenda?lang=en").get_data(as_text=True)
    assert "Late addition" in public and "Opening ceremony" in public and "changes since" in public


def test_publishing_with_nothing_changed_is_refused_politely(client, app, setup, create_session):
    create_session(setup.event, "Opening")
    assert client.post(f"{BASE}/publish").status_code == 302
    page = client.get(f"{BASE}/publish").get_data(as_text=True)
    assert "There is nothing new to publish." in page and "Published by Organiser." in page
    response = client.post(f"{BASE}/publish")
    assert response.status_code == 400
    assert "Nothing has changed since the last publication." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AgendaPublication.id))) == 1


HOSTILE = ["", "\x00", "a" * 100_000, "<script>alert(1)</script>", "-1", "99999999999999999999", "2030-02-30",
           "0001-01-01", "24:00", "\u202e"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_builder_route_answers_hostile_input_below_500(app, client, setup, create_session, value):
    session_id = create_session(setup.event, "Kept", room_id=setup.hall_a)
    before = _sessions(app)
    adapter = app.url_map.bind("localhost")
    fields = ["name", "email", "country", "day", "start_time", "end_time", "room", "track", "kind", "status",
              "interpretation", "floor_language", "people-0-person", "people-0-role", "people-99999999999999-person", "title-en",
              "abstract-kk", "capacity", "position", "colour", "bio-en", "organisation-ru"]
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("agenda_manage."):
            continue
        url = adapter.build(rule.endpoint, {arg: {"slug": "forum"}.get(arg, session_id) for arg in rule.arguments})
        if "GET" in rule.methods:
            response = client.get(url, query_string={name: value for name in ("day", "start", "room", "session")})
            assert response.status_code < 500, (rule.rule, response.status_code)
        if "POST" in rule.methods and not rule.rule.endswith(("/delete", "/duplicate", "/publish")):
            for response in (client.post(url, data={name: value for name in fields}),
                             client.post(url, json={name: value for name in fields})):
                assert response.status_code < 500, (rule.rule, response.status_code)
    assert _sessions(app) == before


def test_sessions_that_only_touch_share_a_lane(world):
    first = builder.create_session(world.event, world.actor, _session_data(
        room_id=world.room.id, start_time=time(11), end_time=time(11, 20)))
    second = builder.create_session(world.event, world.actor, _session_data(
        room_id=world.room.id, start_time=time(11, 20), end_time=time(13)))
    [column] = day_grid(world.event, builder.load_draft(world.event), DAY1).columns
    assert [(item.session.id, item.lane, item.lanes) for item in column.items] == [(first.id, 1, 1), (second.id, 1, 1)]


@pytest.mark.parametrize("page, ru, kk", [("rooms", "Название зала", "Зал атауы"),
                                          ("tracks", "Название направления", "Бағыт атауы")])
def test_rooms_and_tracks_have_a_name_not_a_persons_name(client, setup, page, ru, kk):
    """The msgid "Name" is a person's («Имя», «Аты-жөні»); a room or a track has «Название», «атауы»."""
    russian = client.get(f"{BASE}/{page}?lang=ru").get_data(as_text=True)
    assert russian.count(ru) >= 2 and ">Имя<" not in russian  # the table's column and the form's label
    kazakh = client.get(f"{BASE}/{page}?lang=kk").get_data(as_text=True)
    assert kazakh.count(kk) >= 2 and "Аты-жөні" not in kazakh
