"""Read API v1: public data only, paginated, JSON errors, ETags, and an OpenAPI document that tells the truth."""
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate as validate_spec

from app.agenda.models import Person, PersonRole, Room, Session, SessionPerson, SessionStatus, Track
from app.events.models import Visibility
from app.extensions import db
from tests.conftest import EVENT_YEAR

FORUM = "npm-forum-astana-2017"


def _json(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.data[:300])
    assert response.headers["Content-Type"] == ("application/json" if status < 400 else "application/problem+json")
    return json.loads(response.data)


def _publish(app, event) -> None:
    from app.agenda.publishing import publish
    from app.events.models import Event

    with app.app_context():
        publish(db.session.get(Event, event.id), None)
        db.session.commit()


def _agenda(app, event, n: int = 3, start=datetime(2017, 5, 16, 4, tzinfo=UTC)) -> list[int]:
    """n five-minute sessions in one room and track, each with a speaker who has an e-mail address."""
    with app.app_context():
        room = Room(event_id=event.id, name={"en": "Hall", "ru": "Зал"}, capacity=80)
        track = Track(event_id=event.id, name={"en": "Track"}, colour="#123456")
        sessions = []
        for i in range(n):
            session = Session(event_id=event.id, title={"en": f"Session {i}", "ru": f"Сессия {i}"},
                              abstract={"en": f"About {i}"}, starts_at=start + timedelta(minutes=5 * i),
                              ends_at=start + timedelta(minutes=5 * i + 5), room=room, track=track,
                              interpretation=["ru"])
            person = Person(event_id=event.id, name=f"Speaker {i}", email=f"speaker{i}@example.org",
                            organisation={"en": "Ombudsman's office"}, country="KZ", bio={"en": "A bio"})
            session.people.append(SessionPerson(person=person, role=PersonRole.SPEAKER))
            db.session.add(session)
            sessions.append(session)
        db.session.commit()
        return [s.id for s in sessions]


@pytest.fixture
def demo(demo_data):
    """The demo, as `flask demo` loads it."""


def _document(client) -> dict:
    return _json(client.get("/api/v1/openapi.json"))


def test_openapi_document_is_valid(client):
    document = _document(client)
    validate_spec(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {"/events", "/events/{slug}", "/events/{slug}/sessions",
                                      "/events/{slug}/speakers", "/events/{slug}/rooms"}
    assert document["servers"] == [{"url": "/api/v1"}]
    assert "anonymous" in document["info"]["description"]
    # Tokens are described, optional, and sent in a header.
    assert document["components"]["securitySchemes"]["personalToken"] == {
        **document["components"]["securitySchemes"]["personalToken"], "type": "http", "scheme": "bearer"}
    assert document["security"] == [{}, {"personalToken": []}]
    for path, item in document["paths"].items():
        assert {"400", "401"} <= item["get"]["responses"].keys(), path


def test_numbers_in_the_query_are_refused_or_clamped_as_documented(client, create_event):
    """per_page above 100 counts as 100 however large; page stops at 100000; ids start at 1; `lang` is one of
    the instance's languages, and one the event does not offer has no notes."""
    create_event(slug="forum", languages=["en", "ru"])
    document = _document(client)
    parameters = document["components"]["parameters"]
    assert parameters["page"]["schema"]["maximum"] == 100_000 and "maximum" not in parameters["per_page"]["schema"]
    for per_page in ("101", "1000000", "9" * 40):
        assert _json(client.get(f"/api/v1/events?per_page={per_page}"))["per_page"] == 100, per_page
    assert _json(client.get("/api/v1/events?page=100000"))["items"] == []
    for bad in ("page=100001", "page=", "per_page=", "per_page=0", "page=1.0", "page=+1", "page=%201"):
        assert _json(client.get(f"/api/v1/events?{bad}"), 400)["status"] == 400, bad
    for path in ("materials", "notes"):
        for bad in ("0", "-1", "2147483648", "", "1e3"):
            problem = _json(client.get(f"/api/v1/events/forum/{path}?session={bad}"), 400)
            assert "'session' must be a session id" in problem["detail"], (path, bad)
        assert _json(client.get(f"/api/v1/events/forum/{path}?session=2147483647"))["items"] == []
    assert _json(client.get("/api/v1/events/forum/notes?lang=kk"))["items"] == []
    for bad in ("xx", "", "RU"):
        assert "'lang' must be one of en, ru, kk" in _json(client.get(f"/api/v1/events/forum/notes?lang={bad}"),
                                                           400)["detail"], bad


def test_every_documented_path_answers_as_documented_on_demo_data(client, demo):
    document = _document(client)
    for path, item in document["paths"].items():
        response = client.get("/api/v1" + path.replace("{slug}", FORUM))
        body = _json(response)
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        validator = OAS31Validator({**schema, "components": document["components"]},
                                   format_checker=oas31_format_checker)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
        assert errors == [], path
        if "items" in body:
            assert body["items"], path
    sessions = _json(client.get(f"/api/v1/events/{FORUM}/sessions?per_page=100"))
    assert sessions["total"] >= 16 and all({"en", "ru", "kk"} <= set(s["title"]) for s in sessions["items"])


def test_events_list_public_events_only_paginated(client, create_event):
    for i in range(3):
        create_event(slug=f"public-{i}", start_date=date(EVENT_YEAR, 5, 16 + i), end_date=date(EVENT_YEAR, 5, 16 + i))
    create_event(slug="unlisted", visibility=Visibility.UNLISTED)
    create_event(slug="private", visibility=Visibility.PRIVATE)
    body = _json(client.get("/api/v1/events?per_page=2"))
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 2, 3, 2)
    assert [e["slug"] for e in body["items"]] == ["public-0", "public-1"]
    item = body["items"][0]
    assert item["title"] == {"en": "Forum on prevention", "ru": "Форум о предупреждении", "kk": "Алдын алу форумы"}
    assert item["timezone"] == "Asia/Almaty" and item["start_date"] == f"{EVENT_YEAR}-05-16"
    assert item["url"] == "http://localhost/events/public-0"
    assert item["api_url"] == "http://localhost/api/v1/events/public-0"
    assert [e["slug"] for e in _json(client.get("/api/v1/events?page=2&per_page=2"))["items"]] == ["public-2"]
    assert _json(client.get("/api/v1/events?page=9"))["items"] == []
    assert _json(client.get("/api/v1/events?per_page=1000"))["per_page"] == 100
    for bad in ("page=abc", "page=0", "per_page=-1", "page=99999999999999999999", "page=%C2%B2"):
        problem = _json(client.get(f"/api/v1/events?{bad}"), 400)
        assert problem["status"] == 400 and problem["title"] == "Bad Request", bad


def test_event_detail_serves_public_and_unlisted_events_but_never_private_ones(client, app, create_event, create_user,
                                                                              login):
    organiser = create_user(email="organiser@example.org", is_admin=True)
    create_event(organiser, slug="open")
    create_event(organiser, slug="by-link", visibility=Visibility.UNLISTED)
    create_event(organiser, slug="closed", visibility=Visibility.PRIVATE)
    body = _json(client.get("/api/v1/events/open"))
    assert body["slug"] == "open" and body["visibility"] == "public"
    assert body["description"] == {"en": "About the **forum**."}
    assert body["agenda"] == {"published": False, "version": None, "published_at": None}
    assert body["links"]["schedule_json"] == "http://localhost/events/open/schedule.json"
    assert _json(client.get("/api/v1/events/by-link"))["visibility"] == "unlisted"
    # Requests are anonymous: even the organiser's own session cookie does not reveal a private event.
    login(organiser)
    for path in ("", "/sessions", "/speakers", "/rooms"):
        problem = _json(client.get(f"/api/v1/events/closed{path}"), 404)
        assert problem["status"] == 404 and problem["title"] == "Not Found"
    assert "closed" not in client.get("/api/v1/events").get_data(as_text=True)


def test_sessions_are_the_published_ones_with_multilingual_fields_and_utc_times(client, app, create_event):
    event = create_event(slug="forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    assert _json(client.get("/api/v1/events/forum/sessions"))["items"] == []  # not published yet
    ids = _agenda(app, event, n=3)
    _publish(app, event)
    with app.app_context():
        session = db.session.get(Session, ids[2])
        session.title = {"en": "Draft title"}
        session.status = SessionStatus.CANCELLED
        db.session.commit()
    body = _json(client.get("/api/v1/events/forum/sessions?per_page=2"))
    assert (body["total"], body["pages"]) == (3, 2)
    first = body["items"][0]
    with app.app_context():
        uid = db.session.get(Session, ids[0]).uid
    assert first["id"] == ids[0] and first["uid"] == uid
    assert first["title"] == {"en": "Session 0", "ru": "Сессия 0"} and first["abstract"] == {"en": "About 0"}
    assert first["starts_at"] == "2017-05-16T04:00:00+00:00" and first["ends_at"] == "2017-05-16T04:05:00+00:00"
    assert first["timezone"] == "Asia/Almaty"
    assert first["room"]["name"] == {"en": "Hall", "ru": "Зал"}
    assert first["track"]["colour"] == "#123456"
    assert first["people"][0]["name"] == "Speaker 0" and first["people"][0]["role"] == "speaker"
    assert first["interpretation"] == ["ru"] and first["sequence"] == 0 and first["status"] == "confirmed"
    assert first["url"] == f"http://localhost/events/forum/sessions/{ids[0]}"
    assert first["ical_url"] == f"http://localhost/events/forum/sessions/{ids[0]}.ics"
    last = _json(client.get("/api/v1/events/forum/sessions?page=2&per_page=2"))["items"][0]
    assert last["title"]["en"] == "Session 2" and last["status"] == "confirmed"  # the draft is not published


def test_speakers_and_rooms_come_from_the_published_agenda_without_emails(client, app, create_event):
    event = create_event(slug="forum")
    ids = _agenda(app, event, n=2)
    with app.app_context():
        db.session.add(Person(event_id=event.id, name="Not in any session", email="idle@example.org"))
        db.session.commit()
    _publish(app, event)
    response = client.get("/api/v1/events/forum/speakers")
    body = _json(response)
    assert [p["name"] for p in body["items"]] == ["Speaker 0", "Speaker 1"]
    assert body["items"][0]["sessions"] == [ids[0]]
    assert body["items"][0]["organisation"] == {"en": "Ombudsman's office"} and body["items"][0]["country"] == "KZ"
    assert b"@example.org" not in response.data and "email" not in body["items"][0]
    rooms = _json(client.get("/api/v1/events/forum/rooms"))
    assert [(r["name"], r["capacity"]) for r in rooms["items"]] == [({"en": "Hall", "ru": "Зал"}, 80)]


def test_errors_under_the_api_are_json(client):
    for path in ("/api/v1/nothing-here", "/api/v1/events/unknown", "/api/v1/events/unknown/sessions", "/api/v1"):
        problem = _json(client.get(path), 404)
        assert problem["status"] == 404, path
    problem = _json(client.post("/api/v1/events"), 405)
    assert problem["status"] == 405 and "GET" in client.post("/api/v1/events").headers["Allow"]
    # Elsewhere, errors are still the HTML page.
    assert client.get("/no-such-page").headers["Content-Type"].startswith("text/html")


def test_every_api_endpoint_sends_an_etag_and_answers_304(client, app, demo):
    urls = ["/api/v1/openapi.json", "/api/v1/events", f"/api/v1/events/{FORUM}", f"/api/v1/events/{FORUM}/sessions",
            f"/api/v1/events/{FORUM}/speakers", f"/api/v1/events/{FORUM}/rooms"]
    for url in urls:
        first = client.get(url)
        etag = first.headers["ETag"]
        assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60", url
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag, url
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200, url
    etag = client.get(f"/api/v1/events/{FORUM}/sessions").headers["ETag"]
    with app.app_context():
        session = db.session.scalars(db.select(Session).order_by(Session.starts_at)).first()
        session.title = {**session.title, "en": "Renamed opening"}
        db.session.commit()
    from app.events.models import Event

    with app.app_context():
        forum = db.session.scalar(db.select(Event).where(Event.slug == FORUM))
    _publish(app, forum)
    assert client.get(f"/api/v1/events/{FORUM}/sessions", headers={"If-None-Match": etag}).status_code == 200


def test_session_list_queries_do_not_grow_with_sessions(client, app, create_event, count_queries):
    counts = []
    for n, slug in ((10, "small"), (200, "large")):
        event = create_event(slug=slug)
        _agenda(app, event, n=n, start=datetime(EVENT_YEAR, 5, 16, 4, tzinfo=UTC))
        _publish(app, event)
        url = f"/api/v1/events/{slug}/sessions?per_page=100"
        client.get(url)  # the first read of a publication parses it; count a warm one
        counts.append(count_queries(lambda url=url: client.get(url)))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
