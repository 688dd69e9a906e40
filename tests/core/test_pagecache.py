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
    assert "Opening" in plain.get_data(as_text=True) and "Accept-Encoding" in plain.headers["Vary"]
    zipped = client.get("/events/forum/agenda?lang=en", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    again = client.get("/events/forum/agenda?lang=en", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


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
    from app.events.services import update_event
    from app.events.services import EDITABLE_FIELDS
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
    assert response.status_code == 302  # now private: anonymous readers are sent to sign in
