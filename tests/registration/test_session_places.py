"""Places in limited sessions: their own capacity and waiting list, at service level and over HTTP."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.agenda.models import Session
from app.core.errors import DomainError
from app.core.mail import deliver_due
from app.core.models import AuditEntry
from app.events.models import Event
from app.extensions import db
from app.registration import places, services
from app.registration.models import Registration, SessionRegistration, SessionSeatCounter
from tests.conftest import EVENT_YEAR, at_once, translated


@pytest.fixture
def workshop(app, create_event, create_session, publish):
    """(event, session id) of a published workshop with 2 places, in an event of 100 seats."""
    def make(capacity=2, **session_fields):
        event = create_event(capacity=100)
        session_id = create_session(event, "Workshop on interviews", capacity=capacity, kind="workshop",
                                    **session_fields)
        publish(event)
        return event, session_id
    return make


@pytest.fixture
def participant(create_user, register):
    """participant(event, email, language="en") -> registration id of a confirmed participant."""
    def make(event, email, language="en"):
        user = create_user(email=email, name=f"Person {email.split('@')[0]}", preferred_language=language)
        registration_id, status = register(event, user, language=language)
        assert status == "confirmed"
        return registration_id
    return make


def _call(app, fn, session_id, registration_id, **kwargs):
    with app.test_request_context():
        session = db.session.get(Session, session_id)
        registration = db.session.get(Registration, registration_id)
        event = db.session.get(Event, session.event_id)
        try:
            return fn(session, registration, event, **kwargs)
        finally:
            db.session.commit()


def _statuses(app, session_id) -> dict[int, str]:
    with app.app_context():
        return {p.registration_id: p.status.value for p in db.session.scalars(
            select(SessionRegistration).where(SessionRegistration.session_id == session_id))}


# --- service ------------------------------------------------------------------------------

def test_places_fill_then_waiting_list_then_promotion_in_order_with_mail(app, workshop, participant, mailbox):
    event, session_id = workshop(capacity=2)
    people = [participant(event, f"p{i}@example.org", language="ru" if i == 2 else "en") for i in range(4)]
    results = [_call(app, places.join, session_id, r) for r in people]
    assert results == ["confirmed", "confirmed", "waiting", "waiting"]

    _call(app, places.leave, session_id, people[0])
    assert _statuses(app, session_id) == {people[0]: "cancelled", people[1]: "confirmed",
                                          people[2]: "confirmed", people[3]: "waiting"}
    with app.app_context():
        assert db.session.get(SessionSeatCounter, session_id).taken == 2
        deliver_due()
    waiting, promoted = mailbox.wait_for("p2@example.org", count=2)[-2:]
    assert waiting["Subject"] == translated(app, "ru", "You are on a session's waiting list")
    assert promoted["Subject"] == translated(app, "ru", "A place is free: you are in the session")
    assert "Workshop on interviews" in promoted.get_content()


def test_rejoining_after_leaving_goes_to_the_end_of_the_waiting_list(app, workshop, participant):
    event, session_id = workshop(capacity=1)
    a, b, c = (participant(event, f"{name}@example.org") for name in "abc")
    for registration_id in (a, b, c):
        _call(app, places.join, session_id, registration_id)
    _call(app, places.leave, session_id, b)
    assert _call(app, places.join, session_id, b) == "waiting"
    _call(app, places.leave, session_id, a)
    assert _statuses(app, session_id) == {a: "cancelled", b: "waiting", c: "confirmed"}


@pytest.mark.parametrize("problem", ["not confirmed", "unlimited", "cancelled", "started", "twice", "overlap"])
def test_join_refuses_what_it_must(app, workshop, participant, create_user, register, create_session, problem):
    event, session_id = workshop(capacity=5)
    registration_id = participant(event, "p@example.org")
    expected = {
        "not confirmed": "Places in limited sessions are for confirmed participants of the event.",
        "unlimited": "This session is open to every participant: there is no place to take.",
        "cancelled": "This session is cancelled.",
        "started": "This session has already started.",
        "twice": "You already have a place or a waiting-list entry in this session.",
        "overlap": "You already have a place in “Parallel workshop” at the same time. Leave it first.",
    }[problem]
    with app.app_context():
        session = db.session.get(Session, session_id)
        if problem == "not confirmed":
            db.session.get(Registration, registration_id).status = "waiting"
        elif problem == "unlimited":
            session.capacity = None
        elif problem == "cancelled":
            session.status = "cancelled"
        elif problem == "started":
            session.starts_at = datetime(2020, 1, 1, tzinfo=UTC)
        db.session.commit()
    if problem == "twice":
        _call(app, places.join, session_id, registration_id)
    if problem == "overlap":
        other = create_session(event, "Parallel workshop", capacity=5, kind="workshop")
        _call(app, places.join, other, registration_id)
    before = _statuses(app, session_id)
    with pytest.raises(DomainError) as error:
        _call(app, places.join, session_id, registration_id)
    assert str(error.value.message) == expected
    assert _statuses(app, session_id) == before


def test_a_cancelled_registration_frees_its_places_without_a_second_mail(app, workshop, participant, mailbox):
    event, session_id = workshop(capacity=1)
    first, second = participant(event, "first@example.org"), participant(event, "second@example.org")
    _call(app, places.join, session_id, first)
    _call(app, places.join, session_id, second)
    with app.test_request_context():
        services.cancel(db.session.get(Registration, first), db.session.get(Event, event.id))
        db.session.commit()
        deliver_due()
    assert _statuses(app, session_id) == {first: "cancelled", second: "confirmed"}
    subjects = [m["Subject"] for m in mailbox.wait_for("first@example.org", count=3)]
    assert subjects == ["Your registration is confirmed", "You have a place in a session",
                        "Your registration has been cancelled"]


def test_erasure_frees_the_place_and_the_data_export_lists_places(app, workshop, participant):
    event, session_id = workshop(capacity=1)
    first, second = participant(event, "first@example.org"), participant(event, "second@example.org")
    _call(app, places.join, session_id, first)
    _call(app, places.join, session_id, second)
    with app.test_request_context():
        registration, stored = db.session.get(Registration, first), db.session.get(Event, event.id)
        data = services.personal_data(registration, stored)
        assert [(p["title"]["en"], p["status"]) for p in data["session_places"]] == [("Workshop on interviews",
                                                                                     "confirmed")]
        services.erase(registration, stored)
        db.session.commit()
    assert _statuses(app, session_id) == {first: "cancelled", second: "confirmed"}


def test_raising_the_limit_promotes_and_lowering_below_the_places_taken_is_refused(
        app, workshop, participant, create_user, add_role):
    from app.agenda import builder
    from app.agenda.builder import local_parts

    event, session_id = workshop(capacity=1)
    people = [participant(event, f"p{i}@example.org") for i in range(3)]
    for registration_id in people:
        _call(app, places.join, session_id, registration_id)

    def edit(capacity):
        with app.test_request_context():
            session = db.session.get(Session, session_id)
            stored = db.session.get(Event, event.id)
            day, start = local_parts(stored, session.starts_at)
            data = {"title": dict(session.title), "kind": "workshop", "status": "confirmed", "day": day,
                    "start_time": start, "end_time": local_parts(stored, session.ends_at)[1], "capacity": capacity}
            try:
                builder.update_session(session, None, data)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                return str(error.message)

    assert edit(3) is None
    assert sorted(_statuses(app, session_id).values()) == ["confirmed"] * 3
    assert edit(2) == "3 people already have a place: the limit cannot be lower."
    assert edit(None) == "People have places in this session: remove them before you remove the limit."
    assert edit(0) == "The number of places must be between 1 and 100,000."
    with app.app_context():
        assert db.session.get(Session, session_id).capacity == 3


def test_concurrent_joins_never_exceed_the_places(app, workshop, participant):
    """Real connections race for 10 places (PostgreSQL row locks, SQLite's single writer)."""
    capacity, people = 10, 40
    event, session_id = workshop(capacity=capacity)
    registrations = [participant(event, f"racer{i}@example.org") for i in range(people)]

    def join(registration_id):
        places.join(db.session.get(Session, session_id), db.session.get(Registration, registration_id),
                    db.session.get(Event, event.id))

    _, errors = at_once(app, join, registrations)
    assert errors == []
    statuses = list(_statuses(app, session_id).values())
    assert statuses.count("confirmed") == capacity
    assert statuses.count("waiting") == people - capacity


# --- participants over HTTP ----------------------------------------------------------------

def test_participant_takes_and_gives_up_a_place_on_the_session_page(app, client, workshop, participant, login):
    from app.accounts.models import User

    event, session_id = workshop(capacity=1)
    registration_id = participant(event, "p@example.org")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "p@example.org"))
    login(user)
    page = f"/events/{event.slug}/sessions/{session_id}"
    assert "1 place is free." in client.get(page).get_data(as_text=True)

    response = client.post(f"{page}/place", follow_redirects=True)
    assert "You have a place in this session." in response.get_data(as_text=True)
    assert _statuses(app, session_id) == {registration_id: "confirmed"}
    mine = client.get(f"/events/{event.slug}/registration").get_data(as_text=True)
    assert "Your places in limited sessions" in mine and "Workshop on interviews" in mine

    assert "Yes, give up my place" in client.get(f"{page}/place/cancel").get_data(as_text=True)
    response = client.post(f"{page}/place/cancel", follow_redirects=True)
    assert "You have given up your place." in response.get_data(as_text=True)
    assert _statuses(app, session_id) == {registration_id: "cancelled"}
    assert client.get(f"{page}/place/cancel").status_code == 404  # nothing left to give up


def test_session_page_in_russian_for_someone_not_registered(app, client, workshop, create_user, login):
    event, session_id = workshop(capacity=3)
    login(create_user(email="visitor@example.org"))
    body = client.get(f"/events/{event.slug}/sessions/{session_id}?lang=ru").get_data(as_text=True)
    assert translated(app, "ru", "Places are for confirmed participants of the event.") in body
    response = client.post(f"/events/{event.slug}/sessions/{session_id}/place?lang=ru", follow_redirects=True)
    assert translated(app, "ru", "Places in limited sessions are for confirmed participants of the event.") \
        in response.get_data(as_text=True)
    assert _statuses(app, session_id) == {}


def test_anonymous_is_sent_to_sign_in_and_unpublished_or_unlimited_sessions_are_404(
        app, client, workshop, create_session, participant, login):
    from app.accounts.models import User

    event, session_id = workshop()
    response = client.post(f"/events/{event.slug}/sessions/{session_id}/place")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    draft_only = create_session(event, "Not yet published", capacity=3, day=2)
    unlimited = create_session(event, "Plenary", day=2, start=datetime(2030, 1, 1, 15).time())
    participant(event, "p@example.org")
    with app.app_context():
        login(db.session.scalar(select(User).where(User.email == "p@example.org")))
    for other in (draft_only, unlimited, 2**31 - 1):
        assert client.post(f"/events/{event.slug}/sessions/{other}/place").status_code == 404


def test_join_needs_a_csrf_token(app, client, workshop, participant, login, monkeypatch):
    from app.accounts.models import User

    event, session_id = workshop()
    participant(event, "p@example.org")
    with app.app_context():
        login(db.session.scalar(select(User).where(User.email == "p@example.org")))
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "WTF_CSRF_ENABLED", True)
        assert client.post(f"/events/{event.slug}/sessions/{session_id}/place").status_code == 400
    assert _statuses(app, session_id) == {}


def test_agenda_marks_limited_sessions(app, client, workshop):
    event, _ = workshop()
    assert "Limited places: take yours" in client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)


# --- organisers over HTTP -------------------------------------------------------------------

def test_organiser_sees_who_has_a_place_adds_and_removes_people(app, client, workshop, participant, login, mailbox):
    from app.accounts.models import User

    event, session_id = workshop(capacity=1)
    a, b = participant(event, "a@example.org"), participant(event, "b@example.org")
    _call(app, places.join, session_id, a)
    with app.app_context():
        organiser = db.session.get(User, db.session.get(Event, event.id).created_by_id)
    login(organiser)
    overview = client.get(f"/manage/events/{event.slug}/places").get_data(as_text=True)
    assert "Workshop on interviews" in overview
    roster = client.get(f"/manage/events/{event.slug}/sessions/{session_id}/places").get_data(as_text=True)
    listed = roster.split("Give a participant a place")[0]
    assert "Person a" in listed and "Has a place" in listed and "Person b" not in listed

    response = client.post(f"/manage/events/{event.slug}/sessions/{session_id}/places", data={"registration": b},
                           follow_redirects=True)
    assert "is on the waiting list." in response.get_data(as_text=True)
    response = client.post(f"/manage/events/{event.slug}/sessions/{session_id}/places/{a}/remove",
                           follow_redirects=True)
    assert response.status_code == 200
    assert _statuses(app, session_id) == {a: "cancelled", b: "confirmed"}
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.event_id == event.id)).all()
        deliver_due()
    assert {"session_place.added", "session_place.removed"} <= set(actions)
    subjects = {m["Subject"] for m in mailbox.wait_for("a@example.org", count=3)}
    assert "Your place in a session has been cancelled" in subjects


def test_organiser_form_refuses_bad_input_and_other_events_ids(app, client, workshop, participant, create_event,
                                                               create_session, login):
    from app.accounts.models import User

    event, session_id = workshop(capacity=1)
    participant(event, "a@example.org")
    other_event = create_event(capacity=10)
    stranger = participant(other_event, "stranger@example.org")
    other_session = create_session(other_event, "Elsewhere", capacity=3)
    with app.app_context():
        login(db.session.get(User, db.session.get(Event, event.id).created_by_id))
    url = f"/manage/events/{event.slug}/sessions/{session_id}/places"
    for bad in ({}, {"registration": "abc"}, {"registration": stranger}):
        response = client.post(url, data=bad)
        assert response.status_code == 400, bad
        assert "Not a valid choice" in response.get_data(as_text=True) or "Choose" in response.get_data(as_text=True)
    assert client.get(f"/manage/events/{event.slug}/sessions/{other_session}/places").status_code == 404
    assert client.post(f"{url}/{stranger}/remove").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(SessionRegistration.id))) == 0


def test_only_organisers_manage_places(app, client, workshop, participant, create_user, add_role, login):
    event, session_id = workshop()
    registration_id = participant(event, "p@example.org")
    staff = create_user(email="staff@example.org")
    add_role(event, staff, "checkin")
    for user in (staff, create_user(email="nobody@example.org")):
        login(user)
        assert client.get(f"/manage/events/{event.slug}/places").status_code == 403
        assert client.post(f"/manage/events/{event.slug}/sessions/{session_id}/places",
                           data={"registration": registration_id}).status_code == 403
    assert _statuses(app, session_id) == {}


def test_builder_form_sets_the_number_of_places(app, client, create_event, create_session, login, create_user):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser)
    session_id = create_session(event, "Module 1")
    login(organiser)
    url = f"/manage/events/{event.slug}/agenda/sessions/{session_id}/edit"
    form = {"title-en": "Module 1", "kind": "training_module", "status": "confirmed", "day": f"{EVENT_YEAR}-05-16",
            "start_time": "10:00", "end_time": "11:00", "capacity": "0"}
    response = client.post(url, data=form)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Session, session_id).capacity is None
    response = client.post(url, data={**form, "capacity": "12"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Session, session_id).capacity == 12


def test_exports_list_each_persons_places_in_limited_sessions(app, client, workshop, participant, login):
    import csv
    import io

    from app.accounts.models import User

    event, session_id = workshop(capacity=1)
    a, b = participant(event, "a@example.org"), participant(event, "b@example.org")
    participant(event, "c@example.org")
    for registration_id in (a, b):
        _call(app, places.join, session_id, registration_id)
    with app.app_context():
        login(db.session.get(User, db.session.get(Event, event.id).created_by_id))
    rows = list(csv.reader(io.StringIO(client.get(f"/manage/events/{event.slug}/registrations.csv?lang=ru")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    column = rows[0].index(translated(app, "ru", "Limited sessions"))
    by_email = {row[1]: row[column] for row in rows[1:]}
    waiting = translated(app, "ru", "on the waiting list")
    assert by_email == {"a@example.org": "Workshop on interviews", "b@example.org": f"Workshop on interviews ({waiting})",
                        "c@example.org": ""}


def test_a_session_people_hold_places_in_cannot_be_deleted(app, client, workshop, participant, login):
    from app.accounts.models import User

    event, session_id = workshop(capacity=2)
    registration_id = participant(event, "p@example.org")
    _call(app, places.join, session_id, registration_id)
    with app.app_context():
        login(db.session.get(User, db.session.get(Event, event.id).created_by_id))
    url = f"/manage/events/{event.slug}/agenda/sessions/{session_id}/delete"
    page = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "People have places in this session: remove them first" in page
    with app.app_context():
        assert db.session.get(Session, session_id) is not None
    client.post(f"/manage/events/{event.slug}/sessions/{session_id}/places/{registration_id}/remove")
    assert client.post(url).status_code == 302
    with app.app_context():
        assert db.session.get(Session, session_id) is None
