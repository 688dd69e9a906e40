"""Capacity, waiting list and the state changes, at service level, with the mail each one sends."""
from datetime import UTC

import pytest
from sqlalchemy import select

from app.core.errors import DomainError
from app.core.mail import deliver_due
from app.events.models import Event, RegistrationMode
from app.extensions import db
from app.registration import invitations, services
from app.registration.models import Registration, RegistrationStatus, SeatCounter
from tests.conftest import at_once, translated


def _status(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id).status.value


def _act(app, registration_id, action, actor=None, **kwargs):
    from app.accounts.models import User

    with app.test_request_context():
        registration = db.session.get(Registration, registration_id)
        event = db.session.get(Event, registration.event_id)
        args = [registration, event] + ([db.session.get(User, actor.id)] if actor else [])
        result = getattr(services, action)(*args, **kwargs)
        db.session.commit()
        return result


def test_open_mode_confirms_until_full_then_waiting_list(app, create_event, create_user, register):
    event = create_event(capacity=2)
    results = [register(event, create_user(email=f"p{i}@example.org")) for i in range(4)]
    assert [status for _, status in results] == ["confirmed", "confirmed", "waiting", "waiting"]


def test_cancellation_promotes_first_waiting_participant_and_tells_them(app, create_event, create_user, register, mailbox):
    event = create_event(capacity=1)
    first, _ = register(event, create_user(email="first@example.org"))
    second, _ = register(event, create_user(email="second@example.org", preferred_language="ru"), language="ru")
    third, _ = register(event, create_user(email="third@example.org"))
    _act(app, first, "cancel")
    assert [_status(app, r) for r in (first, second, third)] == ["cancelled", "confirmed", "waiting"]
    with app.app_context():
        deliver_due()
    promoted = mailbox.wait_for("second@example.org", count=2)[-1]
    assert promoted["Subject"] == translated(app, "ru", "A seat is free: your registration is confirmed")
    assert any(part.get_filename() == "ticket-qr.png" for part in promoted.iter_attachments())


def test_approval_mode(app, create_event, create_user, register):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, capacity=1, registration_mode=RegistrationMode.APPROVAL)
    a, status_a = register(event, create_user(email="a@example.org"))
    b, status_b = register(event, create_user(email="b@example.org"))
    assert (status_a, status_b) == ("pending", "pending")
    assert _act(app, a, "approve", organiser) == "confirmed"
    assert _act(app, b, "approve", organiser) == "waiting"
    _act(app, a, "reject", organiser)
    assert (_status(app, a), _status(app, b)) == ("rejected", "confirmed")
    with pytest.raises(DomainError):
        _act(app, a, "approve", organiser)


def test_raised_capacity_promotes_in_order(app, create_event, create_user, register):
    event = create_event(capacity=1)
    ids = [register(event, create_user(email=f"p{i}@example.org"))[0] for i in range(4)]
    with app.test_request_context():
        stored = db.session.get(Event, event.id)
        stored.capacity = 3
        services.capacity_changed(stored)
        db.session.commit()
    assert [_status(app, r) for r in ids] == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_manual_promote_never_exceeds_capacity(app, create_event, create_user, register):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, capacity=1)
    register(event, create_user(email="a@example.org"))
    waiting, _ = register(event, create_user(email="b@example.org"))
    with pytest.raises(DomainError):
        _act(app, waiting, "promote", organiser)
    assert _status(app, waiting) == "waiting"


def test_registration_window_and_double_registration(app, create_event, create_user, register):
    from datetime import datetime

    user = create_user(email="a@example.org")
    closed = create_event(slug="closed", registration_closes_at=datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(DomainError):
        register(closed, user)
    event = create_event(slug="open")
    register(event, user)
    with pytest.raises(DomainError):
        register(event, user)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Registration.id))) == 1


def test_cancelled_participant_may_register_again(app, create_event, create_user, register):
    user = create_user(email="a@example.org")
    event = create_event(capacity=5)
    registration_id, _ = register(event, user)
    _act(app, registration_id, "cancel")
    again, status = register(event, user)
    assert again == registration_id and status == "confirmed"


def test_invitation_only(app, create_event, create_user, register, mailbox):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, registration_mode=RegistrationMode.INVITATION)
    guest = create_user(email="guest@example.org")
    with pytest.raises(DomainError):
        register(event, guest)
    with app.test_request_context():
        from app.accounts.models import User
        invitations.invite(db.session.get(Event, event.id), db.session.get(User, organiser.id),
                        ["Guest@example.org", "other@example.org"], "kk")
        db.session.commit()
        deliver_due()
    message = mailbox.wait_for("guest@example.org")[0]
    assert message["Subject"] == translated(app, "kk", "You are invited to register")
    token = message.get_content().split("invitation=")[1].split()[0]
    with pytest.raises(DomainError):
        register(event, guest, invitation_token="forged")
    assert register(event, guest, invitation_token=token)[1] == "confirmed"
    stranger = create_user(email="stranger@example.org")
    with pytest.raises(DomainError, match="already been used"):
        register(event, stranger, invitation_token=token)


def test_erasure_anonymises_and_keeps_counts(app, create_event, create_user, register):
    event = create_event(capacity=1)
    first, _ = register(event, create_user(email="a@example.org", name="Aliya"), answers={"org": "NGO"})
    second, _ = register(event, create_user(email="b@example.org"))
    _act(app, first, "erase")
    with app.app_context():
        erased = db.session.get(Registration, first)
        assert erased.name == "—" and "a@example.org" not in erased.email and erased.answers == {}
        assert erased.user_id is None and erased.status == RegistrationStatus.CANCELLED
        assert db.session.scalar(select(db.func.count(Registration.id))) == 2
    assert _status(app, second) == "confirmed"


def test_seat_counter_follows_every_transition(app, create_event, create_user, register):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, capacity=2)
    ids = [register(event, create_user(email=f"p{i}@example.org"))[0] for i in range(3)]
    _act(app, ids[0], "reject", organiser)
    _act(app, ids[1], "cancel")
    with app.app_context():
        stored = db.session.get(Event, event.id)
        confirmed = db.session.scalar(select(db.func.count(Registration.id)).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED))
        assert db.session.get(SeatCounter, stored.id).taken == confirmed == 1


def test_concurrent_registrations_never_overbook(app, create_event, create_user):
    """Real connections race for the seats (PostgreSQL row locks, SQLite's single writer)."""
    from app.accounts.models import User

    capacity, people = 15, 60
    event = create_event(capacity=capacity)
    users = [create_user(email=f"racer{i}@example.org") for i in range(people)]

    def register(user_id):
        services.register(db.session.get(Event, event.id), db.session.get(User, user_id), answers={}, language="en")

    _, errors = at_once(app, register, [u.id for u in users])
    assert errors == []
    with app.app_context():
        statuses = db.session.scalars(select(Registration.status).where(Registration.event_id == event.id)).all()
    assert statuses.count(RegistrationStatus.CONFIRMED) == capacity
    assert statuses.count(RegistrationStatus.WAITING) == people - capacity


def _writes_of_a_registration(app, event_id, user_id):
    """The SQL a registration runs before its commit, and its status."""
    from sqlalchemy import event as sa_event

    from app.accounts.models import User

    statements = []

    def record(_conn, _cursor, statement, *_):
        statements.append(" ".join(statement.split()))

    with app.test_request_context():
        engine = db.engine
        event, user = db.session.get(Event, event_id), db.session.get(User, user_id)
        fields = services.fields_of(event)
        sa_event.listen(engine, "before_cursor_execute", record)
        try:
            registration = services.register(event, user, answers={}, language="en", fields=fields)
        finally:
            sa_event.remove(engine, "before_cursor_execute", record)
        db.session.commit()
        return registration.status.value, statements


def test_a_registration_writes_each_row_once(app, create_event, create_user, register):
    """The burst's hot path: the seat is decided by one UPDATE of the counter, then the registration
    is inserted in its final state (no provisional row updated afterwards) and its mail queued."""
    event = create_event(capacity=2)
    register(event, create_user(email="first@example.org"))  # the first one makes the counter
    for email, expected, extra_reads in (("second@example.org", "confirmed", 0), ("third@example.org", "waiting", 1)):
        status, statements = _writes_of_a_registration(app, event.id, create_user(email=email).id)
        writes = [s.split(" (")[0].split(" SET")[0] for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]
        assert (status, writes) == (expected, ["UPDATE seat_counter", "INSERT INTO registration",
                                               "INSERT INTO outbox_message"])
        # Besides: whether the person is registered already, and (full) whether the counter exists.
        assert len(statements) == 4 + extra_reads, statements


def test_a_missing_seat_counter_is_made_from_the_seats_held(app, create_event, create_user, register):
    event = create_event(capacity=3)
    for i in range(2):
        register(event, create_user(email=f"p{i}@example.org"))
    with app.app_context():
        db.session.delete(db.session.get(SeatCounter, event.id))  # e.g. an event imported from an archive
        db.session.commit()
    assert [register(event, create_user(email=f"q{i}@example.org"))[1] for i in range(2)] == ["confirmed", "waiting"]
    with app.app_context():
        assert db.session.get(SeatCounter, event.id).taken == 3
