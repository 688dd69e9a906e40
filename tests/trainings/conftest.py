"""Fixtures for the training tests: a published training with modules, participants with accounts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

import pytest

from app.extensions import db


@dataclass
class Training:
    event: object
    organiser: object
    staff: object
    modules: list[int]                     # session ids of the training modules, in time order
    other_sessions: list[int] = field(default_factory=list)
    people: list = field(default_factory=list)   # (user, registration id, ticket code)


@pytest.fixture
def add_participant(app, create_user):
    """add_participant(event, name, language="en", status="confirmed") -> (user, registration id, ticket code)."""
    counter = iter(range(1, 10_000))

    def factory(event, name, language="en", status="confirmed", email=None):
        from app.accounts.models import User
        from app.db import utcnow
        from app.registration.models import Registration, RegistrationStatus

        user = create_user(email=email or f"participant{next(counter)}@example.org", name=name,
                           preferred_language=language)
        with app.app_context():
            registration = Registration(
                event_id=event.id, user_id=user.id, email=user.email, name=name, organisation="NHRI",
                language=language, status=RegistrationStatus(status), answers={},
                confirmed_at=utcnow() if status == "confirmed" else None)
            db.session.add(registration)
            db.session.commit()
            assert db.session.get(User, user.id)
            return user, registration.id, registration.ticket_code

    return factory


@pytest.fixture
def make_training(app, create_user, create_event, create_session, publish, add_role, add_participant):
    """make_training(modules=5, participants=3, languages=..., minutes=90) -> Training (agenda published)."""

    def factory(modules=5, participants=3, minutes=90, slug="monitors", participant_names=None, **event_fields):
        from app.agenda.models import SessionKind
        from app.events.models import EventKind

        organiser = create_user(email=f"organiser-{slug}@example.org", name="Dana Organiser")
        event = create_event(organiser=organiser, slug=slug, kind=EventKind.TRAINING, **event_fields)
        staff = create_user(email=f"staff-{slug}@example.org", name="Desk Staff")
        add_role(event, staff, "checkin")
        module_ids = [
            create_session(event, {"en": f"Module {n + 1}", "ru": f"Модуль {n + 1}", "kk": f"{n + 1}-модуль"},
                           day=1 + n // 3, start=time(9 + 2 * (n % 3)), minutes=minutes,
                           kind=SessionKind.TRAINING_MODULE)
            for n in range(modules)]
        other = [create_session(event, "Coffee break", day=1, start=time(8), minutes=30, kind=SessionKind.BREAK),
                 create_session(event, "Opening plenary", day=1, start=time(8, 30), minutes=30,
                                kind=SessionKind.PLENARY)]
        publish(event)
        names = participant_names or [f"Participant {n + 1}" for n in range(participants)]
        people = [add_participant(event, name) for name in names]
        return Training(event=event, organiser=organiser, staff=staff, modules=module_ids, other_sessions=other,
                        people=people)

    return factory


@pytest.fixture
def attend(app):
    """attend(training, person_index, module_indexes) records attendance straight in the database."""

    def run(training, person, module_indexes):
        from app.trainings.models import Attendance

        with app.app_context():
            _, registration_id, _ = training.people[person]
            for index in module_indexes:
                db.session.add(Attendance(event_id=training.event.id, session_id=training.modules[index],
                                          registration_id=registration_id, marked_by_id=training.staff.id))
            db.session.commit()

    return run


def load_event(event):
    from app.events.models import Event

    return db.session.get(Event, event.id)
