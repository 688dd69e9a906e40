from app.agenda.models import AgendaFeed, SessionStar
from app.events.models import Visibility
from app.extensions import db
from tests.conftest import at_once


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


def test_star_answers_scripts_in_json_and_browsers_back_at_the_session(client, app, create_event, create_session,
                                                                       publish, create_user, login):
    event = create_event(slug="forum")
    session_id = create_session(event, "Opening")
    publish(event)
    user = create_user()
    login(user)
    response = client.post(f"/events/forum/sessions/{session_id}/star", data={"starred": "1"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json() == {"starred": True}
    assert _stars(app, user) == {session_id}
    response = client.post(f"/events/forum/sessions/{session_id}/star",
                           data={"starred": "0", "next": f"/events/forum/agenda#session-{session_id}"})
    assert response.headers["Location"] == f"/events/forum/agenda#session-{session_id}"
    assert _stars(app, user) == set()


def test_star_buttons_are_named_with_the_session_title(client, create_event, create_session, publish, create_user,
                                                       login):
    event = create_event(slug="forum")
    create_session(event, {"en": "Opening", "ru": "Открытие"})
    publish(event)
    login(create_user())
    for path in ("/events/forum/agenda", "/events/forum/agenda/rooms"):
        page = client.get(f"{path}?lang=ru").get_data(as_text=True)
        assert '<span class="star-name visually-hidden">Добавить в мою программу: Открытие</span>' in page, path
        assert 'id="session-' in page


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


def test_my_agenda_visit_that_fails_after_making_the_feed_leaves_no_feed(client, app, create_user, login,
                                                                        monkeypatch):
    """The feed made by a first visit belongs to that request: on both databases it goes when the page fails."""
    from app.agenda import my_views

    def failing(*args, **kwargs):
        raise RuntimeError("the page could not be built")

    user = create_user(email="p@example.org")
    login(user)
    monkeypatch.setattr(my_views.services, "personal_agenda", failing)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    assert client.get("/my/agenda").status_code == 500
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AgendaFeed)) == 0


def test_my_agenda_requires_sign_in(client):
    response = client.get("/my/agenda")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_first_visits_at_once_share_one_feed_address(app, create_user):
    """Two tabs opening "My agenda" for the first time at the same moment: one feed, no error."""

    from app.accounts.models import User
    from app.agenda import services

    user = create_user(email="p@example.org")
    people = 6
    tokens, errors = at_once(app, lambda _: services.feed_for(db.session.get(User, user.id)).token, range(people))
    assert errors == []
    with app.app_context():
        stored = db.session.scalars(db.select(AgendaFeed.token).where(AgendaFeed.user_id == user.id)).all()
    assert len(stored) == 1 and set(tokens) == set(stored)
