from app.agenda.models import AgendaFeed, SessionStar
from app.events.models import Visibility
from app.extensions import db


def _stars(app, user):
    with app.app_context():
        return set(db.session.scalars(db.select(SessionStar.session_id).where(SessionStar.user_id == user.id)))


def test_star_and_unstar_a_session(client, app, create_event, create_session, publish, create_user, login):
    event = create_event(slug="forum")
    session_id = create_session(event, "Opening")
    publish(event)
    user = create_user(email="p@example.org")
    login(user)
    response = client.post(f"/events/forum/sessions/{session_id}/star", data={"starred": "1", "next": "/events/forum/agenda"})
    assert response.status_code == 302 and response.headers["Location"] == "/events/forum/agenda"
    assert _stars(app, user) == {session_id}
    page = client.get("/my/agenda?lang=en").get_data(as_text=True)
    assert "Opening" in page and 'aria-pressed="true"' in page
    client.post(f"/events/forum/sessions/{session_id}/star", data={"starred": "0"})
    assert _stars(app, user) == set()


def test_star_needs_sign_in_and_a_published_session_of_that_event(client, app, create_event, create_session, publish,
                                                                   create_user, login):
    event = create_event(slug="forum")
    other = create_event(slug="other")
    published_id = create_session(event, "Published")
    publish(event)
    draft_id = create_session(event, "Draft only")
    foreign_id = create_session(other, "Elsewhere")
    publish(other)
    response = client.post(f"/events/forum/sessions/{published_id}/star", data={"starred": "1"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    user = create_user(email="p@example.org")
    login(user)
    assert client.post(f"/events/forum/sessions/{draft_id}/star", data={"starred": "1"}).status_code == 404
    assert client.post(f"/events/forum/sessions/{foreign_id}/star", data={"starred": "1"}).status_code == 404
    assert _stars(app, user) == set()


def test_star_on_private_event_is_refused_to_outsiders(client, app, create_event, create_session, publish, create_user, login):
    event = create_event(slug="closed", visibility=Visibility.PRIVATE)
    session_id = create_session(event, "Secret")
    publish(event)
    user = create_user(email="p@example.org")
    login(user)
    assert client.post(f"/events/closed/sessions/{session_id}/star", data={"starred": "1"}).status_code == 404
    assert _stars(app, user) == set()


def test_feed_address_is_secret_and_revocable(client, app, create_user, login):
    user = create_user(email="p@example.org")
    login(user)
    client.get("/my/agenda")
    with app.app_context():
        first = db.session.scalar(db.select(AgendaFeed.token).where(AgendaFeed.user_id == user.id))
    assert len(first) >= 40
    assert first in client.get("/my/agenda").get_data(as_text=True)
    client.post("/my/agenda/feed/revoke")
    with app.app_context():
        second = db.session.scalar(db.select(AgendaFeed.token).where(AgendaFeed.user_id == user.id))
    assert second != first
    assert first not in client.get("/my/agenda").get_data(as_text=True)


def test_my_agenda_requires_sign_in(client):
    response = client.get("/my/agenda")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
