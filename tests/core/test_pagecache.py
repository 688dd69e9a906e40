import gzip
from datetime import time

from app.extensions import cache


def test_anonymous_agenda_is_cached_compressed_and_revalidated(client, app, create_event, create_session, publish):
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    with app.app_context():
        cache.clear()
    plain = client.get("/events/forum/agenda?lang=en")
    assert "Opening" in plain.get_data(as_text=True)
    # One URL, several languages: a shared cache must not give one reader's language to another.
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= {v.strip() for v in plain.headers["Vary"].split(",")}
    zipped = client.get("/events/forum/agenda?lang=en", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]  # two bodies, two tags
    again = client.get("/events/forum/agenda?lang=en", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    zipped_again = client.get("/events/forum/agenda?lang=en", headers={"Accept-Encoding": "gzip",
                                                                        "If-None-Match": zipped.headers["ETag"]})
    assert zipped_again.status_code == 304


def test_publishing_shows_the_new_version_at_once(client, app, create_event, create_session, publish):
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    assert "Closing" not in client.get("/events/forum/agenda").get_data(as_text=True)
    create_session(event, "Closing", start=time(16))
    assert "Closing" not in client.get("/events/forum/agenda").get_data(as_text=True)  # the draft is not public
    publish(event)
    assert "Closing" in client.get("/events/forum/agenda").get_data(as_text=True)


def test_signed_in_readers_get_a_fresh_page(client, app, create_event, create_session, publish, create_user, login):
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    client.get("/events/forum/agenda")
    login(create_user())
    page = client.get("/events/forum/agenda?lang=en").get_data(as_text=True)
    assert "Add to my agenda" in page and "Content-Encoding" not in client.get("/events/forum/agenda").headers


def test_cache_hits_need_no_database_query(client, app, create_event, create_session, publish, count_queries):
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    client.get("/events/forum/agenda")
    assert count_queries(lambda: client.get("/events/forum/agenda")) == 0


def test_editing_the_event_refreshes_its_pages(client, app, create_event, create_session, publish):
    from app.events.models import Event, Visibility
    from app.events.services import EDITABLE_FIELDS, update_event
    from app.extensions import db

    event = create_event(slug="forum", title={"en": "Old title"})
    create_session(event, "Opening")
    publish(event)
    assert "Old title" in client.get("/events/forum/agenda?lang=en").get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Event, event.id)
        data = {k: getattr(stored, k) for k in EDITABLE_FIELDS}
        data.update(title={"en": "New title"}, visibility=Visibility.PRIVATE)
        update_event(stored, None, data)
        db.session.commit()
    response = client.get("/events/forum/agenda?lang=en")
    assert response.status_code == 404  # now private: to anonymous readers it does not exist


def _from_cache(client, count_queries, url: str, headers: dict | None = None) -> str:
    """The page at `url`, which must come from the cache (no database query)."""
    responses = []
    assert count_queries(lambda: responses.append(client.get(url, headers=headers or {}))) == 0, (url, headers)
    return responses[0].get_data(as_text=True)


def _page_entries(app) -> int:
    with app.app_context():
        return sum(1 for key in cache.cache._cache if "page:" in key)  # the tests' SimpleCache


def test_tracking_arguments_and_language_spellings_share_one_cached_page(client, app, create_event, create_session,
                                                                        publish, count_queries):
    event = create_event(slug="forum")
    create_session(event, {"en": "Opening", "ru": "Открытие"})
    publish(event)
    with app.app_context():
        cache.clear()
    # A render for a link with tracking arguments is served, never stored: its links would carry them.
    assert "utm_source=mail" in client.get("/events/forum/agenda?utm_source=mail").get_data(as_text=True)
    assert _page_entries(app) == 0
    assert "Opening" in client.get("/events/forum/agenda").get_data(as_text=True)
    assert _page_entries(app) == 1
    for query in ("?utm_source=mail", "?utm_source=social&utm_campaign=2030", "?fbclid=x1&lang=zz"):
        page = _from_cache(client, count_queries, f"/events/forum/agenda{query}")
        assert "Opening" in page and "utm_" not in page
    # The language the request resolves to is the key, however it was asked for.
    assert "Открытие" in client.get("/events/forum/agenda", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert _page_entries(app) == 2
    for headers, query in (({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}, ""), ({}, "?lang=ru"),
                           ({"Accept-Language": "de-DE,ru;q=0.5"}, "?utm_medium=x")):
        assert "Открытие" in _from_cache(client, count_queries, f"/events/forum/agenda{query}", headers)
    assert _page_entries(app) == 2


def test_the_arguments_a_page_reads_still_make_pages_of_their_own(client, app, create_event, create_session, publish):
    from app.agenda.models import Room
    from app.extensions import db

    event = create_event(slug="forum")
    with app.app_context():
        rooms = [Room(event_id=event.id, name={"en": name}) for name in ("Hall A", "Hall B")]
        db.session.add_all(rooms)
        db.session.commit()
        room_ids = [room.id for room in rooms]
    create_session(event, "In A", room_id=room_ids[0])
    create_session(event, "In B", room_id=room_ids[1], start=time(12))
    publish(event)
    assert "In B" in client.get("/events/forum/agenda").get_data(as_text=True)
    filtered = client.get(f"/events/forum/agenda?room={room_ids[0]}&utm_source=x").get_data(as_text=True)
    assert "In A" in filtered and "In B" not in filtered
    filtered = client.get(f"/events/forum/agenda?room={room_ids[1]}").get_data(as_text=True)
    assert "In B" in filtered and "In A" not in filtered
