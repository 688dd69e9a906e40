import pytest

from app.extensions import db


@pytest.fixture
def add_field(app):
    """add_field(event, key, kind, required=False, label=None, choices=None) -> field id."""

    def factory(event, key, kind, required=False, label=None, choices=None, position=0):
        from app.registration.models import FieldKind, RegistrationField

        with app.app_context():
            field = RegistrationField(event_id=event.id, key=key, kind=FieldKind(kind), required=required,
                                      label=label or {"en": key.title(), "ru": key.upper()}, choices=choices or [],
                                      position=position)
            db.session.add(field)
            db.session.commit()
            return field.id

    return factory


@pytest.fixture
def register(app):
    """register(event, user, answers=None, language="en") -> (registration id, status value) via the service."""

    def run(event, user, answers=None, language="en", invitation_token=None):
        from app.accounts.models import User
        from app.events.models import Event
        from app.registration import services

        with app.test_request_context():
            registration = services.register(db.session.get(Event, event.id), db.session.get(User, user.id),
                                             answers=answers or {}, language=language,
                                             invitation_token=invitation_token)
            db.session.commit()
            return registration.id, registration.status.value

    return run
