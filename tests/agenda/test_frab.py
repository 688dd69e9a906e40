"""frab/c3voc schedule exports: valid against the published schemas, with the right content."""
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft6Validator, FormatChecker
from lxml import etree

from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, SessionStatus, Track
from app.extensions import db
from tests.conftest import EVENT_YEAR

# voc/schedule's schemas, copied unchanged (see schemas/README.md for source and licence).
SCHEMAS = Path(__file__).resolve().parent / "schemas"


@pytest.fixture(scope="module")
def xsd():
    path = SCHEMAS / "schedule.xml.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(scope="module")
def json_validator():
    path = SCHEMAS / "schedule.json.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema, format_checker=FormatChecker())


def assert_valid_xml(xsd, data: bytes):
    document = etree.fromstring(data)
    assert xsd.validate(document), "\n".join(str(e) for e in xsd.error_log)
    return document


def assert_valid_json(validator, data: bytes) -> dict:
    document = json.loads(data)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    return document


def _events_of(document: dict) -> list[dict]:
    return [entry for day in document["schedule"]["conference"]["days"] for entries in day["rooms"].values()
            for entry in entries]


@pytest.fixture
def forum(app, create_event, create_session, publish):
    """A small, awkward agenda: Cyrillic and punctuation-only titles, a session without a room, a cancelled one."""
    event = create_event(slug="npm-forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17),
                         title={"en": "NPM forum", "ru": "Форум НПМ", "kk": "ҰПТ форумы"})
    with app.app_context():
        hall = Room(event_id=event.id, name={"en": "Plenary hall", "ru": "Пленарный зал"}, capacity=120, position=0)
        room_b = Room(event_id=event.id, name={"en": "Room B"}, position=1)
        track = Track(event_id=event.id, name={"en": "Legal framework", "kk": "Құқықтық негіз"}, colour="#1F5AA6")
        db.session.add_all([hall, room_b, track])
        db.session.commit()
        ids = {"hall": hall.id, "room_b": room_b.id, "track": track.id}
    ids["opening"] = create_session(
        event, {"en": "Opening, welcome; agenda", "ru": "Открытие", "kk": "Ашылу"}, start=time(9, 30), minutes=45,
        room_id=ids["hall"], track_id=ids["track"], abstract={"en": "Welcome words.", "ru": "Приветствие."},
        interpretation=["ru", "kk"], people=[("Lucia Ferrante", PersonRole.CHAIR), ("Serik Zhakupov", PersonRole.SPEAKER)])
    ids["kazakh"] = create_session(event, {"en": "?!", "kk": "Тәжірибе алмасу"}, day=2, start=time(11),
                                   minutes=90, room_id=ids["room_b"], kind=SessionKind.WORKSHOP)
    ids["lunch"] = create_session(event, "Lunch", start=time(13), kind=SessionKind.BREAK)
    ids["cancelled"] = create_session(event, "Cancelled panel", start=time(15), room_id=ids["hall"],
                                      status=SessionStatus.CANCELLED)
    # 00:30 local on day 2 is day 1 in UTC: it belongs to day 2.
    ids["early"] = create_session(event, "Early bird", day=2, start=time(0, 30), minutes=30, room_id=ids["hall"])
    publish(event)
    return event, ids


def test_schedule_xml_is_valid_against_the_xsd(client, forum, xsd):
    for lang in ("en", "ru", "kk"):
        response = client.get(f"/events/npm-forum/schedule.xml?lang={lang}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
        document = assert_valid_xml(xsd, response.data)
        assert [child.tag for child in document][:3] == ["generator", "url", "version"]


def test_schedule_json_is_valid_against_the_json_schema(client, forum, json_validator):
    for lang in ("en", "ru", "kk"):
        response = client.get(f"/events/npm-forum/schedule.json?lang={lang}")
        assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
        assert_valid_json(json_validator, response.data)


def test_demo_schedules_are_valid(app, client, xsd, json_validator, demo_data):
    for slug in ("npm-forum-astana-2017", "npm-monitors-training-2017"):
        for lang in ("en", "ru", "kk"):
            assert_valid_xml(xsd, client.get(f"/events/{slug}/schedule.xml?lang={lang}").data)
            document = assert_valid_json(json_validator, client.get(f"/events/{slug}/schedule.json?lang={lang}").data)
            assert len(_events_of(document)) >= 5


def test_schedule_json_fields(client, forum):
    event, ids = forum
    document = json.loads(client.get("/events/npm-forum/schedule.json?lang=ru").data)
    schedule = document["schedule"]
    assert schedule["version"] == "1" and schedule["base_url"] == "http://localhost/"
    conference = schedule["conference"]
    assert conference["title"] == "Форум НПМ"
    assert conference["acronym"] == "npm_forum"
    assert conference["time_zone_name"] == "Asia/Almaty"
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2017-05-16", "2017-05-17", 2)
    assert conference["timeslot_duration"] == "00:15"
    assert conference["tracks"] == [{"name": "Legal framework", "slug": "legal-framework", "color": "#1f5aa6"}]
    rooms = conference["rooms"]
    assert [room["name"] for room in rooms[:2]] == ["Пленарный зал", "Room B"] and rooms[0]["capacity"] == 120
    assert len(rooms) == 3  # and one for the session without a room

    day1, day2 = conference["days"]
    assert (day1["index"], day1["date"], day2["index"], day2["date"]) == (1, "2017-05-16", 2, "2017-05-17")
    assert day1["day_start"] == "2017-05-16T09:30:00+06:00" and day1["day_end"] == "2017-05-16T14:00:00+06:00"
    assert day2["day_start"] == "2017-05-17T00:30:00+06:00"

    entries = {entry["id"]: entry for entry in _events_of(document)}
    assert ids["cancelled"] not in entries  # apps show a session that leaves the schedule as cancelled
    opening = entries[ids["opening"]]
    with client.application.app_context():
        uid = db.session.get(Session, ids["opening"]).uid
    assert opening["guid"] == uid
    assert opening["title"] == "Открытие" and opening["abstract"] == "Приветствие."
    assert opening["date"] == "2017-05-16T09:30:00+06:00" and opening["start"] == "09:30"
    assert opening["end"] == "2017-05-16T10:15:00+06:00" and opening["duration"] == "00:45"
    assert opening["room"] == "Пленарный зал" and opening["track"] == "Legal framework"
    assert opening["type"] == "plenary"
    assert opening["url"] == f"http://localhost/events/npm-forum/sessions/{ids['opening']}"
    assert [p["name"] for p in opening["persons"]] == ["Lucia Ferrante", "Serik Zhakupov"]
    assert opening["description"] == "Синхронный перевод: русский, казахский"
    assert opening["language"] is None and opening["subtitle"] == "" and opening["links"] == []
    # Slugs are ASCII and the same in every language: built from the default language's title.
    assert opening["slug"] == f"npm_forum-{ids['opening']}-opening-welcome-agenda"
    assert entries[ids["kazakh"]]["slug"] == f"npm_forum-{ids['kazakh']}-session"
    assert entries[ids["kazakh"]]["duration"] == "01:30"
    assert entries[ids["early"]]["date"] == "2017-05-17T00:30:00+06:00"
    assert entries[ids["early"]] in day2["rooms"]["Пленарный зал"]
    assert entries[ids["lunch"]]["room"] == rooms[2]["name"]
    assert entries[ids["lunch"]]["type"] == "break"
    for entry in entries.values():
        assert re.fullmatch(r"[a-z0-9_]{4,}-[a-z0-9\-_]{4,}", entry["slug"]), entry["slug"]


def test_schedule_xml_matches_the_json(client, forum):
    event, ids = forum
    document = json.loads(client.get("/events/npm-forum/schedule.json?lang=kk").data)
    root = etree.fromstring(client.get("/events/npm-forum/schedule.xml?lang=kk").data)
    assert root.findtext("url") == "http://localhost/events/npm-forum/schedule.xml"
    assert root.findtext("conference/title") == "ҰПТ форумы"
    assert root.findtext("conference/time_zone_name") == "Asia/Almaty"
    assert root.find("conference/track").get("name") == "Құқықтық негіз"
    assert root.find("conference/track").get("slug") == "legal-framework"
    json_events = {entry["guid"]: entry for entry in _events_of(document)}
    xml_events = root.findall("day/room/event")
    assert len(xml_events) == len(json_events) == 4
    for element in xml_events:
        entry = json_events[element.get("guid")]
        assert int(element.get("id")) == entry["id"]
        for field in ("title", "date", "start", "duration", "slug", "room", "url", "type", "abstract"):
            assert (element.findtext(field) or "") == (entry[field] or ""), field
        assert [p.text for p in element.findall("persons/person")] == [p["name"] for p in entry["persons"]]
    kazakh = root.find(f"day/room/event[@id='{ids['kazakh']}']")
    assert kazakh.findtext("title") == "Тәжірибе алмасу"
    assert kazakh.getparent().get("name") == "Room B" and kazakh.getparent().getparent().get("index") == "2"


def test_schedule_exports_send_etag_and_answer_304(client, app, forum, publish):
    event, ids = forum
    for url in ("/events/npm-forum/schedule.xml", "/events/npm-forum/schedule.json"):
        first = client.get(url)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "public, max-age=300"
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", url
        assert client.get(url + "?lang=ru").headers["ETag"] != etag
        with app.app_context():
            db.session.get(Session, ids["lunch"]).title = {"en": "Long lunch"}
            db.session.commit()
        publish(event)
        changed = client.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and b"Long lunch" in changed.data, url
        with app.app_context():
            db.session.get(Session, ids["lunch"]).title = {"en": "Lunch"}
            db.session.commit()
        publish(event)


def _agenda_of(app, event, n: int) -> None:
    with app.app_context():
        room = Room(event_id=event.id, name={"en": "Hall"})
        track = Track(event_id=event.id, name={"en": "Track"})
        start = datetime(EVENT_YEAR, 5, 16, 4, tzinfo=UTC)
        for i in range(n):
            session = Session(event_id=event.id, title={"en": f"S{i}", "ru": f"С{i}"},
                              starts_at=start + timedelta(minutes=5 * i), ends_at=start + timedelta(minutes=5 * i + 5),
                              room=room, track=track)
            session.people.append(SessionPerson(person=Person(event_id=event.id, name=f"P{i}"), role=PersonRole.SPEAKER))
            db.session.add(session)
        db.session.commit()


@pytest.mark.parametrize("export", ["agenda.ics", "schedule.xml", "schedule.json"])
def test_export_queries_do_not_grow_with_sessions(client, app, create_event, count_queries, publish, export):
    counts = []
    for n, slug in ((10, "small"), (200, "large")):
        event = create_event(slug=slug)
        _agenda_of(app, event, n)
        publish(event)
        client.get(f"/events/{slug}/{export}")  # the first read of a publication parses it; count a warm one
        counts.append(count_queries(lambda slug=slug: client.get(f"/events/{slug}/{export}?lang=ru")))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
