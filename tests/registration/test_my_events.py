"""A participant's own page ("My events"), seats said in words before registering, the waiting-list
position after, places in the personal agenda, and a registration form that starts from the profile."""
from datetime import date, time

import pytest

from app.extensions import db
from tests.browser.helpers import translated_plural
from tests.conftest import translated


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.fixture
def full_event(create_event, create_user, register):
    """Capacity 2: two confirmed, one waiting."""
    event = create_event(slug="full", capacity=2, title={"en": "Full forum", "ru": "Полный форум", "kk": "Толық форум"})
    for n in range(3):
        register(event, create_user(email=f"early{n}@example.org"))
    return event


def test_full_event_says_full_with_waiting_count_on_home_event_and_register_pages(client, app, full_event,
                                                                                create_user, login):
    login(create_user(email="late@example.org"))
    for lang in ("en", "ru", "kk"):
        full = translated_plural(app, lang, "Full · %(num)d waiting", "Full · %(num)d waiting", 1)
        join = translated(app, lang, "If you register now, you will join the waiting list and get a seat "
                                     "automatically, in order, when one frees.")
        home = _page(client, f"/?lang={lang}")
        event_page = _page(client, f"/events/full?lang={lang}")
        register_page = _page(client, f"/events/full/register?lang={lang}")
        assert full in home
        assert full in event_page and join in event_page
        assert full in register_page and join in register_page
        button = translated(app, lang, "Join the waiting list")
        assert f">{button}</a>" in event_page and f">{button}</button>" in register_page


def test_seats_left_are_counted_in_words_with_russian_plurals(client, app, create_event, create_user, register):
    event = create_event(slug="roomy", capacity=25)
    for n in range(3):
        register(event, create_user(email=f"p{n}@example.org"))
    page = _page(client, "/events/roomy?lang=ru")
    assert "Свободно 22 места из 25" in page
    register(event, create_user(email="p3@example.org"))
    assert "Свободно 21 место из 25" in _page(client, "/?lang=ru")
    assert "Register" in _page(client, "/events/roomy?lang=en")


def test_after_registering_for_a_full_event_the_person_sees_their_place_in_the_line(client, app, full_event,
                                                                                   create_user, login):
    login(create_user(email="late@example.org"))
    response = client.post("/events/full/register", data={})
    assert response.status_code == 302
    page = _page(client, response.headers["Location"] + "&lang=ru")
    assert translated(app, "ru", "You are number %(num)d on the waiting list.", num=2) in page
    assert translated(app, "ru", "You are number %(num)d on the waiting list.", num=2) in _page(client, "/events/full?lang=ru")
    assert translated(app, "ru", "You are number %(num)d on the waiting list.", num=2) in _page(client, "/me/?lang=ru")


def test_my_events_gathers_a_participants_registrations_and_offers_no_event_creation_up_front(
        client, app, create_event, create_user, register, create_session, publish, login):
    from app.events.models import Event
    from app.registration import places
    from app.registration.models import Registration

    me = create_user(email="aigerim@example.org", name="Aigerim")
    training = create_event(slug="course", kind="training", capacity=10,
                            title={"en": "Course", "ru": "Курс", "kk": "Курс"})
    workshop_id = create_session(training, {"en": "Mock interview", "ru": "Учебное интервью"}, capacity=5)
    publish(training)
    full = create_event(slug="full", capacity=1, title={"en": "Full forum", "ru": "Полный форум"})
    register(full, create_user(email="first@example.org"))
    register(training, me)
    register(full, me)
    with app.test_request_context():
        from app.agenda.models import Session

        registration = db.session.scalar(db.select(Registration).where(Registration.email == me.email,
                                                                       Registration.event_id == training.id))
        places.join(db.session.get(Session, workshop_id), registration, db.session.get(Event, training.id))
        db.session.commit()
        ticket = registration.ticket_code
    login(me)
    page = _page(client, "/me/?lang=ru")
    assert "Курс" in page and "Полный форум" in page
    assert translated(app, "ru", "Confirmed") in page and translated(app, "ru", "On the waiting list") in page
    assert translated(app, "ru", "You are number %(num)d on the waiting list.", num=1) in page
    assert f"/tickets/{ticket}" in page and "<svg" in page  # the ticket and its QR code
    assert translated(app, "ru", "Your places in limited sessions") in page and "Учебное интервью" in page
    assert translated(app, "ru", "Your agenda") in page  # the place is in the personal agenda
    # A participant who runs nothing is not invited to create an event before seeing their registrations.
    assert 'class="button button-secondary" href="/manage/events/new"' not in page
    assert page.index("Курс") < page.index(translated(app, "ru", "Organising an event yourself?"))
    assert 'id="team"' not in page


def test_a_place_in_a_limited_session_is_in_the_personal_agenda_and_its_feed(client, app, create_event, create_user,
                                                                            register, create_session, publish, login):
    from app.agenda.models import Session
    from app.agenda.services import feed_for
    from app.events.models import Event
    from app.registration import places
    from app.registration.models import Registration

    me = create_user(email="nurlan@example.org")
    event = create_event(slug="course", kind="training")
    workshop_id = create_session(event, "Mock interview", capacity=5)
    create_session(event, "Lecture", start=time(14))
    publish(event)
    register(event, me)
    with app.test_request_context():
        registration = db.session.scalar(db.select(Registration).where(Registration.email == me.email))
        places.join(db.session.get(Session, workshop_id), registration, db.session.get(Event, event.id))
        from app.accounts.models import User

        token = feed_for(db.session.get(User, me.id)).token
        db.session.commit()
    login(me)
    page = _page(client, "/my/agenda?lang=en")
    assert "Mock interview" in page and "You have a place" in page and "Lecture" not in page
    agenda = _page(client, "/events/course/agenda?lang=en")
    assert agenda.count("You have a place") == 1 and "Limited places: take yours" not in agenda
    feed = client.get(f"/my/agenda/{token}.ics").get_data(as_text=True)
    assert "SUMMARY:Mock interview" in feed and "Lecture" not in feed


def test_registration_form_starts_from_the_profile(client, app, create_event, create_user, login, add_field):
    event = create_event(slug="forum")
    add_field(event, "full_name", "text")
    add_field(event, "organisation", "text", required=True)
    add_field(event, "country", "country", required=True)
    login(create_user(email="g@example.org", name="Гүлнар Оспанова", organisation="Ministry of Health",
                      country="KZ"))
    page = _page(client, "/events/forum/register?lang=kk")
    assert 'value="Гүлнар Оспанова"' in _tag(page, 'name="f_full_name"')
    assert 'value="Ministry of Health"' in _tag(page, 'name="f_organisation"')
    assert '<option selected value="KZ">' in page


def _tag(page: str, attribute: str) -> str:
    """The HTML tag that carries `attribute`."""
    at = page.index(attribute)
    return page[page.rindex("<", 0, at):page.index(">", at) + 1]


def test_my_events_needs_sign_in_and_old_address_leads_there(client, create_user, login):
    assert client.get("/me/").status_code in (302, 401)
    login(create_user())
    assert client.get("/manage/").headers["Location"] == "/me/#team"


def test_waiting_position_follows_the_order_of_the_line(app, create_event, create_user, register):
    from app.registration.availability import availability, waiting_position
    from app.registration.models import Registration

    event = create_event(capacity=1, start_date=date(2099, 1, 1), end_date=date(2099, 1, 2))
    ids = [register(event, create_user(email=f"q{n}@example.org"))[0] for n in range(4)]
    with app.app_context():
        assert [waiting_position(db.session.get(Registration, i)) for i in ids] == [None, 1, 2, 3]
        seats = availability(_event(ids[0]))
        assert (seats.seats_left, seats.waiting, seats.is_full) == (0, 3, True)


def _event(registration_id):
    from app.events.models import Event
    from app.registration.models import Registration

    return db.session.get(Event, db.session.get(Registration, registration_id).event_id)
