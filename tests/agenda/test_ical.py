"""iCalendar exports: the event's agenda, one session, and the personal feed, parsed back and checked."""
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from app.agenda.models import PersonRole, Room, Session, SessionStatus, Track
from app.agenda.services import feed_for, revoke_feed, set_star
from app.events.models import Visibility
from app.extensions import db


def _calendar(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def _events(calendar: Calendar) -> dict[str, object]:
    """VEVENTs by SUMMARY."""
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def _room_and_track(app, event, room_name: dict, track_name: dict) -> tuple[int, int]:
    with app.app_context():
        room = Room(event_id=event.id, name=room_name, capacity=120)
        track = Track(event_id=event.id, name=track_name, colour="#123456")
        db.session.add_all([room, track])
        db.session.commit()
        return room.id, track.id


def _edit_session(app, session_id: int, **fields) -> None:
    with app.app_context():
        session = db.session.get(Session, session_id)
        for key, value in fields.items():
            setattr(session, key, value)
        db.session.commit()


def _uid(app, session_id: int) -> str:
    with app.app_context():
        return db.session.get(Session, session_id).uid


def _feed_token(app, user) -> str:
    from app.accounts.models import User

    with app.app_context():
        token = feed_for(db.session.get(User, user.id)).token
        db.session.commit()
        return token


def _star(app, user, *session_ids: int) -> None:
    from app.accounts.models import User

    with app.app_context():
        for session_id in session_ids:
            set_star(db.session.get(User, user.id), db.session.get(Session, session_id), True)
        db.session.commit()


@pytest.fixture
def forum(create_event):
    return create_event(slug="forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17),
                        title={"en": "NPM forum", "ru": "Форум НПМ", "kk": "ҰПТ форумы"})


def test_agenda_ics_has_one_event_per_published_session_with_every_field(client, app, forum, create_session,
                                                                         publish):
    room_id, track_id = _room_and_track(app, forum, {"en": "Plenary hall", "ru": "Пленарный зал"}, {"en": "Legal"})
    opening = create_session(forum, {"en": "Opening", "ru": "Открытие"}, room_id=room_id, track_id=track_id,
                             abstract={"en": "Welcome words."}, interpretation=["ru", "kk"],
                             people=[("Lucia Ferrante", PersonRole.CHAIR), ("Serik Zhakupov", PersonRole.SPEAKER)])
    create_session(forum, "Coffee", start=time(11), minutes=30)
    publish(forum)

    response = client.get("/events/forum/agenda.ics")
    calendar = _calendar(response)
    assert response.headers["Content-Disposition"] == "attachment; filename=\"forum.ics\"; filename*=UTF-8''forum.ics"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert str(calendar["PRODID"]) == "-//Convene//Agenda//EN" and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "NPM forum"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]

    events = _events(calendar)
    assert set(events) == {"Opening", "Coffee"}
    event = events["Opening"]
    assert str(event["UID"]) == f"{_uid(app, opening)}@convene"
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty" and event["DTEND"].params["TZID"] == "Asia/Almaty"
    assert event.decoded("DTSTART") == datetime(2017, 5, 16, 4, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2017, 5, 16, 5, 0, tzinfo=UTC)
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["LOCATION"]) == "Plenary hall"
    assert str(event["URL"]) == f"http://localhost/events/forum/sessions/{opening}"
    assert event["CATEGORIES"].cats == ["Legal"]
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Welcome words.")
    assert "Chair: Lucia Ferrante" in description and "Speaker: Serik Zhakupov" in description
    assert "Interpretation: Russian, Kazakh" in description
    assert description.endswith(f"/events/forum/sessions/{opening}")
    # A session without a room is placed at the event's venue.
    assert str(events["Coffee"]["LOCATION"]) == "Astana"


def test_session_url_is_the_session_page(app, client, forum, create_session, publish):
    from flask import url_for

    session_id = create_session(forum, "Opening")
    publish(forum)
    event = _events(_calendar(client.get("/events/forum/agenda.ics")))["Opening"]
    with app.test_request_context():
        assert str(event["URL"]) == url_for("agenda.session_page", slug="forum", session_id=session_id, _external=True)
    assert client.get(str(event["URL"]).removeprefix("http://localhost")).status_code == 200


def test_almaty_offset_of_2017_and_2025_survives_the_round_trip(client, create_event, create_session, publish):
    """Kazakhstan moved Almaty from UTC+6 to UTC+5 in 2024: both the TZID and our VTIMEZONE must know."""
    for slug, year, expected in (("old", 2017, datetime(2017, 5, 16, 4, tzinfo=UTC)),
                                 ("new", 2025, datetime(2025, 5, 16, 5, tzinfo=UTC))):
        event = create_event(slug=slug, start_date=date(year, 5, 16), end_date=date(year, 5, 17))
        create_session(event, "Opening", start=time(10))
        publish(event)
        calendar = _calendar(client.get(f"/events/{slug}/agenda.ics"))
        vevent = calendar.walk("VEVENT")[0]
        assert vevent["DTSTART"].to_ical() == f"{year}0516T100000".encode()
        assert vevent["DTSTART"].params["TZID"] == "Asia/Almaty"
        assert vevent.decoded("DTSTART").astimezone(UTC) == expected
        # The VTIMEZONE we sent gives the same answer without the client's own zone database.
        (vtimezone,) = calendar.walk("VTIMEZONE")
        assert str(vtimezone["TZID"]) == "Asia/Almaty"
        own_zone = vtimezone.to_tz(lookup_tzid=False)
        local = vevent.decoded("DTSTART").replace(tzinfo=None)
        assert local.replace(tzinfo=own_zone).astimezone(UTC) == expected


@pytest.mark.parametrize("lang,title,location", [
    ("ru", "Открытие", "Пленарный зал"),
    ("kk", "Ашылу", "Пленарлық зал"),
    ("en", "Opening", "Plenary hall"),
])
def test_summary_and_location_follow_lang(client, app, forum, create_session, publish, lang, title, location):
    room_id, _ = _room_and_track(app, forum, {"en": "Plenary hall", "ru": "Пленарный зал", "kk": "Пленарлық зал"},
                                 {"en": "Legal"})
    create_session(forum, {"en": "Opening", "ru": "Открытие", "kk": "Ашылу"}, room_id=room_id,
                   people=[("Serik Zhakupov", PersonRole.SPEAKER)])
    publish(forum)
    response = client.get(f"/events/forum/agenda.ics?lang={lang}")
    assert response.headers["Content-Language"] == lang
    calendar = _calendar(response)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title and str(event["LOCATION"]) == location
    assert str(calendar["X-WR-CALNAME"]) == {"en": "NPM forum", "ru": "Форум НПМ", "kk": "ҰПТ форумы"}[lang]
    if lang == "ru":
        assert "Спикер: Serik Zhakupov" in str(event["DESCRIPTION"])


def test_missing_translation_falls_back_to_default_language_and_bad_lang_is_ignored(client, forum, create_session,
                                                                                     publish):
    create_session(forum, {"en": "Only in English"})
    publish(forum)
    assert "Only in English" in _events(_calendar(client.get("/events/forum/agenda.ics?lang=kk")))
    response = client.get("/events/forum/agenda.ics?lang=xx")
    assert response.headers["Content-Language"] == "en"
    assert "Only in English" in _events(_calendar(response))


def test_commas_semicolons_and_newlines_are_escaped_and_round_trip(client, forum, create_session, publish):
    title = 'Law, policy; practice \\ "monitoring"'
    abstract = "Line one, with a comma;\nline two: done."
    create_session(forum, title, abstract={"en": abstract})
    publish(forum)
    response = client.get("/events/forum/agenda.ics")
    assert b"SUMMARY:Law\\, policy\\; practice \\\\ \"monitoring\"" in response.data
    (event,) = _calendar(response).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).startswith(abstract)


def test_uid_is_stable_and_sequence_grows_only_for_changed_sessions(client, app, forum, create_session, publish):
    changed = create_session(forum, "To be renamed")
    create_session(forum, "Unchanged", start=time(12))
    publish(forum)
    first = _events(_calendar(client.get("/events/forum/agenda.ics")))
    _edit_session(app, changed, title={"en": "Renamed"})
    publish(forum)
    second = _events(_calendar(client.get("/events/forum/agenda.ics")))
    assert str(second["Renamed"]["UID"]) == str(first["To be renamed"]["UID"]) == f"{_uid(app, changed)}@convene"
    assert str(second["Unchanged"]["UID"]) == str(first["Unchanged"]["UID"])
    assert first["To be renamed"]["SEQUENCE"] == 0 and second["Renamed"]["SEQUENCE"] == 1
    assert first["Unchanged"]["SEQUENCE"] == second["Unchanged"]["SEQUENCE"] == 0
    _edit_session(app, changed, starts_at=datetime(2017, 5, 16, 8, tzinfo=UTC),
                  ends_at=datetime(2017, 5, 16, 9, tzinfo=UTC))
    publish(forum)
    third = _events(_calendar(client.get("/events/forum/agenda.ics")))
    assert third["Renamed"]["SEQUENCE"] == 2 and third["Unchanged"]["SEQUENCE"] == 0
    assert third["Renamed"].decoded("DTSTART") == datetime(2017, 5, 16, 8, tzinfo=UTC)


def test_cancelled_session_has_status_cancelled(client, app, forum, create_session, publish):
    session_id = create_session(forum, "Panel")
    publish(forum)
    _edit_session(app, session_id, status=SessionStatus.CANCELLED)
    publish(forum)
    event = _events(_calendar(client.get("/events/forum/agenda.ics")))["Panel"]
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    single = _calendar(client.get(f"/events/forum/sessions/{session_id}.ics")).walk("VEVENT")[0]
    assert str(single["STATUS"]) == "CANCELLED"


def test_draft_changes_are_invisible_until_published(client, app, forum, create_session, publish):
    session_id = create_session(forum, "Published title")
    publish(forum)
    _edit_session(app, session_id, title={"en": "Draft title"})
    create_session(forum, "Draft only", start=time(15))
    assert set(_events(_calendar(client.get("/events/forum/agenda.ics")))) == {"Published title"}
    publish(forum)
    assert set(_events(_calendar(client.get("/events/forum/agenda.ics")))) == {"Draft title", "Draft only"}


def test_exports_are_404_before_the_first_publication(client, forum, create_session):
    session_id = create_session(forum, "Not yet")
    for path in ("agenda.ics", f"sessions/{session_id}.ics", "schedule.xml", "schedule.json"):
        assert client.get(f"/events/forum/{path}").status_code == 404, path


def test_session_ics_holds_one_published_session_of_that_event(client, forum, create_event, create_session, publish):
    session_id = create_session(forum, "Opening")
    create_session(forum, "Other", start=time(12))
    other_event = create_event(slug="other")
    foreign = create_session(other_event, "Elsewhere")
    publish(forum)
    publish(other_event)
    draft_only = create_session(forum, "Draft", start=time(16))
    response = client.get(f"/events/forum/sessions/{session_id}.ics?lang=ru")
    assert response.headers["Content-Disposition"] == (f'attachment; filename="forum-{session_id}.ics"; '
                                                       f"filename*=UTF-8''forum-{session_id}.ics")
    calendar = _calendar(response)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Opening"]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]
    assert client.get(f"/events/forum/sessions/{foreign}.ics").status_code == 404
    assert client.get(f"/events/forum/sessions/{draft_only}.ics").status_code == 404
    assert client.get("/events/forum/sessions/99999999999.ics").status_code == 404


def test_private_event_exports_are_hidden_from_outsiders(client, app, create_event, create_session, create_user,
                                                         add_role, login, publish):
    event = create_event(slug="closed", visibility=Visibility.PRIVATE)
    session_id = create_session(event, "Secret")
    publish(event)
    paths = ["agenda.ics", f"sessions/{session_id}.ics", "schedule.xml", "schedule.json"]
    for path in paths:
        assert client.get(f"/events/closed/{path}").status_code == 404, path  # as an unknown event
    login(create_user(email="outsider@example.org"))
    for path in paths:
        assert client.get(f"/events/closed/{path}").status_code == 404, path
    member = create_user(email="rapporteur@example.org")
    add_role(event, member, "rapporteur")
    login(member)
    for path in paths:
        response = client.get(f"/events/closed/{path}")
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"].startswith("private"), path


def test_personal_feed_holds_only_the_owners_starred_sessions(client, app, create_event, create_session,
                                                             create_user, add_role, publish):
    forum = create_event(slug="forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    training = create_event(slug="training", start_date=date(2025, 10, 3), end_date=date(2025, 10, 3),
                            timezone="Europe/Berlin", title={"en": "Training"})
    closed = create_event(slug="closed", visibility=Visibility.PRIVATE)
    mine = create_session(forum, {"en": "Mine", "ru": "Моя"})
    theirs = create_session(forum, "Theirs", start=time(12))
    module = create_session(training, "Module 1", start=time(9))
    secret = create_session(closed, "Secret")
    for event in (forum, training, closed):
        publish(event)
    draft = create_session(forum, "Starred draft", start=time(16))
    owner = create_user(email="owner@example.org", preferred_language="ru")
    other = create_user(email="other@example.org")
    add_role(closed, owner, "speaker")
    _star(app, owner, mine, module, secret, draft)
    _star(app, other, theirs)

    token = _feed_token(app, owner)
    response = client.get(f"/my/agenda/{token}.ics")  # no cookie: calendar apps do not sign in
    calendar = _calendar(response)
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["Content-Disposition"] == ("attachment; filename=\"my-agenda.ics\"; "
                                                       "filename*=UTF-8''my-agenda.ics")
    # The owner's language by default; a draft session is not in the feed even when starred.
    assert set(_events(calendar)) == {"Моя", "Module 1", "Secret"}
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"Asia/Almaty", "Europe/Berlin"}
    module_event = _events(calendar)["Module 1"]
    assert module_event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert module_event.decoded("DTSTART") == datetime(2025, 10, 3, 7, tzinfo=UTC)
    assert "Mine" in _events(_calendar(client.get(f"/my/agenda/{token}.ics?lang=en")))

    # Leaving the private event's team takes its sessions out of the feed.
    from app.events.models import EventMember

    with app.app_context():
        db.session.execute(db.delete(EventMember).where(EventMember.user_id == owner.id))
        db.session.commit()
    assert set(_events(_calendar(client.get(f"/my/agenda/{token}.ics")))) == {"Моя", "Module 1"}

    other_token = _feed_token(app, other)
    assert set(_events(_calendar(client.get(f"/my/agenda/{other_token}.ics")))) == {"Theirs"}


def test_unknown_or_revoked_feed_token_is_404(client, app, create_user):
    from app.accounts.models import User

    user = create_user(email="owner@example.org")
    old = _feed_token(app, user)
    assert client.get(f"/my/agenda/{old}.ics").status_code == 200
    with app.app_context():
        new = revoke_feed(db.session.get(User, user.id)).token
        db.session.commit()
    assert client.get(f"/my/agenda/{old}.ics").status_code == 404
    assert client.get(f"/my/agenda/{new}.ics").status_code == 200
    assert client.get("/my/agenda/not-a-token.ics").status_code == 404
    assert client.get(f"/my/agenda/{'x' * 200}.ics").status_code == 404


def test_ics_exports_send_etag_and_answer_304(client, app, forum, create_session, create_user, publish):
    session_id = create_session(forum, "Opening")
    publish(forum)
    user = create_user(email="owner@example.org")
    _star(app, user, session_id)
    token = _feed_token(app, user)
    for url in ("/events/forum/agenda.ics", f"/events/forum/sessions/{session_id}.ics", f"/my/agenda/{token}.ics"):
        first = client.get(url)
        etag = first.headers["ETag"]
        assert etag.startswith('"') and first.status_code == 200, url
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag, url
        assert client.get(url + "?lang=ru").headers["ETag"] != etag, url
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200, url

    before = {url: client.get(url).headers["ETag"] for url in ("/events/forum/agenda.ics", f"/my/agenda/{token}.ics")}
    _edit_session(app, session_id, title={"en": "Renamed"})
    publish(forum)
    for url, etag in before.items():
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200 and b"Renamed" in response.data, url

    # Starring another session changes the personal feed, and only it.
    feed_etag = client.get(f"/my/agenda/{token}.ics").headers["ETag"]
    second = create_session(forum, "Second", start=time(14))
    publish(forum)
    _star(app, user, second)
    assert client.get(f"/my/agenda/{token}.ics", headers={"If-None-Match": feed_etag}).status_code == 200


def test_control_characters_stored_before_the_input_refused_them_never_reach_the_file(
        client, forum, create_session, publish):
    """Issue 12.10: RFC 5545 forbids control characters; \\x01, ESC and form feeds reached the .ics."""
    create_session(forum, {"en": "Open\x01ing \x1b[31mred\x0c"}, abstract={"en": "Line one\nline\x0c two"})
    publish(forum)
    body = client.get("/events/forum/agenda.ics").data
    assert not any(byte < 0x20 and byte not in b"\t\r\n" for byte in body)
    event = _calendar(client.get("/events/forum/agenda.ics")).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Opening [31mred"
