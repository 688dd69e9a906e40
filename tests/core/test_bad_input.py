"""No input reaches a 500: every form route gets hostile values and must answer below 500.

The sweeps over every route run on one database, PostgreSQL when there is one: it is the stricter of the two
(a NUL byte or an out-of-range integer that SQLite stores, PostgreSQL refuses), and the services they reach are
tested on both (tests/conftest.py: ONE_DATABASE_DIRS)."""
from datetime import UTC, date, datetime

import pytest

from app.core.http import parse_id
from app.extensions import db

HOSTILE = ["", "\x00", "a" * 100_000, "<script>alert(1)</script>", "'; DROP TABLE event; --", "ә" * 500,
           "../../etc/passwd", "-1", "99999999999999999999", "2030-02-30", "\u202e\u0000x",
           # Issue 12.5 and 12.10: digits str.isdigit() accepts, dates at the calendar's edges, control characters.
           "²", "٣", "9999-12-31", "0001-01-01", "9999-12-31T23:59", "0001-01-01T00:00",
           "Forum\r\nBcc: everyone@example.org", "\x01\x1b[2J\x0c", "\u202eevil"]


@pytest.mark.one_database
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_post_route_survives_hostile_values(app, client, create_user, create_event, login, value):
    user = create_user(is_admin=True)
    event = create_event(organiser=user)
    login(user)
    adapter = app.url_map.bind("localhost")
    fields = ["email", "password", "confirm", "name", "organisation", "country", "preferred_language", "slug",
              "start_date", "end_date", "timezone", "languages", "default_language", "visibility", "capacity",
              "registration_mode", "registration_opens_at", "registration_closes_at", "role", "title-en",
              "title-ru", "description-kk", "pw-current_password", "pw-password", "pw-confirm", "next", "token-name",
              "max_uses", "valid_days", "label", "invitation", "reason", "change",
              "present", "initial", "session", "room", "track", "day", "start_time", "end_time", "lang"]
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("accounts.logout", "accounts.sign_out_everywhere"):
            continue
        url = adapter.build(rule.endpoint, {arg: {"slug": event.slug}.get(arg, 1) for arg in rule.arguments})
        # As a browser sends a form from our own page (the language form checks it).
        response = client.post(url, data={name: value for name in fields}, headers={"Sec-Fetch-Site": "same-origin"})
        assert response.status_code < 500, (rule.rule, response.status_code)
        assert client.get("/healthz").status_code == 200


@pytest.mark.one_database
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_administrations_query_parameters_survive_hostile_values(app, client, create_user, create_event, login,
                                                                    value):
    expected = 400 if "\x00" in value else 200  # NUL bytes are refused before any view
    login(create_user(is_admin=True))
    create_event()
    for path in ("/admin/users", "/admin/audit"):
        for query in ({"q": value}, {"page": value}, {"scope": value}, {"q": value, "page": value}):
            response = client.get(path, query_string=query)
            assert response.status_code == expected, (path, query, response.status_code)


def test_ids_out_of_range_are_404(client, create_user, create_event, login):
    user = create_user()
    event = create_event(organiser=user)
    login(user)
    for member_id in ["99999999999999999999", "0"]:
        assert client.post(f"/manage/events/{event.slug}/team/{member_id}/remove").status_code == 404
    login(create_user(is_admin=True))
    for user_id in ["99999999999999999999", "0"]:
        assert client.get(f"/admin/users/{user_id}").status_code == 404
        assert client.post(f"/admin/users/{user_id}/disable").status_code == 404
    assert client.post("/admin/events/no-such-event/approve").status_code == 404


def test_nul_bytes_are_refused_with_400(client):
    assert client.get("/?q=%00").status_code == 400
    assert client.post("/account/login", data={"email": "a\x00@example.org", "password": "x"}).status_code == 400


@pytest.mark.one_database
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_api_route_survives_hostile_query_values_and_tokens(app, client, create_user, create_event, value):
    """Every query parameter the OpenAPI document names, and the Authorization header, get hostile values:
    400 (or 401 for a token), never a 500; a token in the address is refused whatever it holds."""
    from urllib.parse import quote

    from app.api.openapi import openapi_document

    create_event(slug="forum")
    document = openapi_document()
    names = {p["name"] for p in document["components"]["parameters"].values() if p["in"] == "query"}
    names |= {p["name"] for item in document["paths"].values() for p in item["get"].get("parameters", [])
              if "name" in p and p["in"] == "query"}
    assert names >= {"page", "per_page", "session", "lang"}
    for path in document["paths"]:
        url = "/api/v1" + path.replace("{slug}", "forum")
        for name in sorted(names):
            response = client.get(f"{url}?{name}={quote(value)}")
            assert response.status_code in (200, 400), (url, name, response.status_code)
        response = client.get(f"{url}?access_token={quote(value)}")
        assert response.status_code == 400, url
        latin1 = value.encode("utf-8").decode("latin-1")  # what a header carries of a non-Latin value
        if not any(ch in value for ch in "\x00\r\n"):  # no HTTP client sends a NUL byte or a line break in a header
            response = client.get(url, headers={"Authorization": f"Bearer {latin1}"})
            assert response.status_code in (400, 401), (url, response.status_code)
    assert client.get("/healthz").status_code == 200


ID_ARGS = ["room", "track", "session", "module", "from", "to", "present", "day", "start", "mode"]


@pytest.mark.one_database
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "0", "-1", "1.5", " 1"])
def test_every_get_route_survives_hostile_ids_in_the_query_string(app, client, create_user, create_event, login,
                                                                  create_session, publish, value):
    """Issue 12.5: ?room=² (and track=, session=, module=, from=/to= on note diffs) crashed int()."""
    user = create_user(is_admin=True)
    event = create_event(organiser=user)
    create_session(event, "Opening")
    publish(event)
    login(user)
    query = "&".join(f"{name}={value}" for name in ID_ARGS)
    for url in _get_urls(app, event.slug):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, response.status_code)


def test_ids_are_ascii_digits_in_range():
    assert parse_id("42") == 42 and parse_id(" 42 ") == 42 and parse_id(7) == 7
    # "٣" is a digit to str.isdigit() and int() reads it as 3; "²" is a digit int() refuses.
    for text in ["٣", "²", "４２", "0", "-1", "+1", "1_000", "2147483648", "99999999999999999999", "", None, True]:
        assert parse_id(text) is None, text
    assert parse_id("2147483647") == 2**31 - 1


def test_an_arabic_indic_digit_does_not_name_a_module(app, client, create_user, create_event, login, create_session,
                                                      publish):
    from app.agenda.models import SessionKind

    user = create_user()
    event = create_event(organiser=user)
    module_id = create_session(event, "Module", kind=SessionKind.TRAINING_MODULE)
    publish(event)
    login(user)
    arabic = "".join(chr(0x0660 + int(d)) for d in str(module_id))
    assert client.get(f"/manage/events/{event.slug}/attendance?module={arabic}").status_code == 200
    assert client.get(f"/manage/events/{event.slug}/attendance?module={module_id}").status_code == 302


@pytest.mark.parametrize("start,end,tz", [(date(9999, 12, 30), date(9999, 12, 31), "Pacific/Honolulu"),
                                         (date(1, 1, 1), date(1, 1, 2), "America/Adak")])
def test_an_event_stored_at_the_edge_of_the_calendar_does_not_break_its_pages(
        app, client, create_user, login, create_session, publish, start, end, tz):
    """Issue 12.5: no stored value can make a page fail (the forms and services now refuse such dates,
    but a row written before, or by a script, must still show)."""
    from app.events.models import Event, EventMember, EventRole
    from tests.conftest import _detached, event_data

    user = create_user(is_admin=True)
    with app.app_context():
        event = Event(slug="edge", created_by_id=user.id, **{
            k: v for k, v in event_data(start_date=start, end_date=end, timezone=tz,
                                        registration_opens_at=datetime(start.year, 1, 1, 12, tzinfo=UTC)).items() if k != "slug"})
        db.session.add(event)
        db.session.flush()
        db.session.add(EventMember(event_id=event.id, user_id=user.id, role=EventRole.ORGANISER))
        db.session.commit()
        event = _detached(event)
    if start.year > 1:
        create_session(event, "Late session", start=datetime(2000, 1, 1, 10).time())
        publish(event)
    login(user)
    for url in _get_urls(app, event.slug) + ["/", "/manage/events"]:
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)


def _get_urls(app, slug, *, html_only: bool = False) -> list[str]:
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("accounts.logout", "static"):
            continue
        if html_only and rule.endpoint.startswith("api."):
            continue  # the API's parameters have their own validation and tests (tests/api)
        urls.append(adapter.build(rule.endpoint, {arg: {"slug": slug}.get(arg, 1) for arg in rule.arguments}))
    return urls
