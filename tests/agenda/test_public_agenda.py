from datetime import UTC, date, datetime, time, timedelta

from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, SessionStatus, Track
from app.events.models import Visibility
from app.extensions import cache, db
from tests.conftest import EVENT_YEAR


def test_almaty_offset_changed_in_2024(create_event, create_session, app):
    old = create_event(slug="old", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    new = create_event(slug="new", start_date=date(2025, 5, 16), end_date=date(2025, 5, 17))
    old_id, new_id = create_session(old, "Opening"), create_session(new, "Opening")
    with app.app_context():
        assert db.session.get(Session, old_id).starts_at == datetime(2017, 5, 16, 4, 0, tzinfo=UTC)
        assert db.session.get(Session, new_id).starts_at == datetime(2025, 5, 16, 5, 0, tzinfo=UTC)


def test_agenda_groups_by_local_day_and_labels_the_time_zone(client, create_event, create_session, publish):
    event = create_event(slug="forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    create_session(event, {"en": "Opening", "ru": "Открытие"}, day=1, start=time(9, 30))
    # 00:30 local on day 2 is still day 1 in UTC: it must be listed under day 2.
    create_session(event, {"en": "Early bird", "ru": "Ранняя сессия"}, day=2, start=time(0, 30))
    publish(event)
    page = client.get("/events/forum/agenda?lang=ru").get_data(as_text=True)
    day1, day2 = page.split('id="day-2"')
    assert "Открытие" in day1 and "09:30" in day1
    assert "Ранняя сессия" in day2 and "00:30" in day2
    assert "Asia/Almaty" in page
    assert "вторник, 16 мая 2017" in day1


def test_agenda_filters_by_room_and_track(client, create_event, create_session, app, publish):
    event = create_event(slug="forum")
    with app.app_context():
        room = Room(event_id=event.id, name={"en": "Hall B"})
        track = Track(event_id=event.id, name={"en": "Legal"}, colour="#123456")
        db.session.add_all([room, track])
        db.session.commit()
        room_id, track_id = room.id, track.id
    create_session(event, "In hall B", room_id=room_id)
    create_session(event, "Legal talk", track_id=track_id, start=time(12))
    create_session(event, "Elsewhere", start=time(14))
    publish(event)
    by_room = client.get(f"/events/forum/agenda?room={room_id}&lang=en").get_data(as_text=True)
    assert "In hall B" in by_room and "Elsewhere" not in by_room
    by_track = client.get(f"/events/forum/agenda?track={track_id}&lang=en").get_data(as_text=True)
    assert "Legal talk" in by_track and "In hall B" not in by_track
    assert 'fill="#123456"' in by_track
    assert client.get("/events/forum/agenda?room=abc&track=99999999999999").status_code == 200


def test_session_page_shows_people_roles_and_sanitised_bios(client, create_event, create_session, publish):
    event = create_event(slug="forum")
    session_id = create_session(event, "Panel on oversight", kind=SessionKind.PANEL, status=SessionStatus.CANCELLED,
                                people=[("Lucia Ferrante", PersonRole.CHAIR), ("Serik Zhakupov", PersonRole.SPEAKER)],
                                abstract={"en": "Abstract <script>alert(1)</script>"}, interpretation=["ru", "kk"])
    publish(event)
    page = client.get(f"/events/forum/sessions/{session_id}?lang=en").get_data(as_text=True)
    assert "Lucia Ferrante" in page and "Chair" in page and "<strong>Lucia Ferrante</strong>" in page
    assert "Cancelled" in page and "Panel" in page
    assert "Russian" in page and "Kazakh" in page
    assert "<script>alert" not in page


def test_session_of_another_event_is_404(client, create_event, create_session, publish):
    mine = create_event(slug="mine")
    other = create_event(slug="other")
    foreign = create_session(other, "Not yours")
    publish(mine)
    publish(other)
    assert client.get(f"/events/mine/sessions/{foreign}").status_code == 404
    assert client.get(f"/events/other/sessions/{foreign}").status_code == 200
    assert client.get("/events/mine/sessions/99999999999").status_code == 404


def test_private_event_agenda_is_hidden(client, create_event, create_session, create_user, login, publish):
    event = create_event(slug="closed", visibility=Visibility.PRIVATE)
    session_id = create_session(event, "Secret")
    publish(event)
    assert client.get("/events/closed/agenda").status_code == 404  # anonymous too: as an unknown event
    login(create_user(email="outsider@example.org"))
    assert client.get("/events/closed/agenda").status_code == 404
    assert client.get(f"/events/closed/sessions/{session_id}").status_code == 404


def test_agenda_page_queries_do_not_grow_with_sessions(client, create_event, app, count_queries, publish):
    counts = []
    for n, slug in ((10, "small"), (200, "large")):
        event = create_event(slug=slug)
        with app.app_context():
            room = Room(event_id=event.id, name={"en": "Hall"})
            track = Track(event_id=event.id, name={"en": "Track"})
            start = datetime(EVENT_YEAR, 5, 16, 4, tzinfo=UTC)
            for i in range(n):
                session = Session(event_id=event.id, title={"en": f"S{i}"}, starts_at=start + timedelta(minutes=5 * i),
                                  ends_at=start + timedelta(minutes=5 * i + 5), room=room, track=track)
                session.people.append(SessionPerson(person=Person(event_id=event.id, name=f"P{i}"), role=PersonRole.SPEAKER))
                db.session.add(session)
            db.session.commit()
        publish(event)
        client.get(f"/events/{slug}/agenda")  # the first read of a publication parses it; count a warm one too
        with app.app_context():
            cache.clear()  # a render, not a page-cache hit
        counts.append(count_queries(lambda slug=slug: client.get(f"/events/{slug}/agenda?lang=en")))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10


def test_change_list_says_what_changed_in_the_event_zone(client, app, create_event, create_session, publish):
    """Not "moved Opening of the forum": old → new time and room, the rename too, no seconds, in Almaty time."""
    event = create_event(default_language="ru")
    with app.app_context():
        rooms = [Room(event_id=event.id, name=name) for name in
                 ({"ru": "Зал A", "en": "Room A"}, {"ru": "Пленарный зал", "en": "Plenary hall"})]
        db.session.add_all(rooms)
        db.session.commit()
        room_a, plenary = (room.id for room in rooms)
    opening = create_session(event, {"ru": "Открытие", "en": "Opening"}, start=time(9, 30), room_id=room_a)
    lunch = create_session(event, {"ru": "Обед", "en": "Lunch"}, start=time(13), room_id=room_a)
    publish(event)
    with app.app_context():
        session = db.session.get(Session, opening)
        session.title = {"ru": "Открытие форума", "en": "Opening of the forum"}
        session.starts_at += timedelta(minutes=30)  # 10:00 in Almaty, 04:00 UTC
        session.ends_at += timedelta(minutes=30)
        session.room_id = plenary
        db.session.get(Session, lunch).ends_at += timedelta(minutes=30)  # longer, same start
        db.session.commit()
    publish(event)

    russian = client.get(f"/events/{event.slug}/agenda?lang=ru").get_data(as_text=True)
    assert "Открытие форума</a>: <span class=\"change-details\">09:30 → 10:00, Зал A → Пленарный зал; " \
           "ранее «Открытие»</span>" in russian
    assert "Обед</a>: <span class=\"change-details\">13:00–14:00 → 13:00–14:30</span>" in russian
    english = client.get(f"/events/{event.slug}/agenda?lang=en").get_data(as_text=True)
    assert "Opening of the forum</a>: <span class=\"change-details\">9:30\u202fAM → 10:00\u202fAM, Room A → Plenary hall; " \
           "formerly “Opening”</span>" in english
