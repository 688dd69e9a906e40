import pytest

from app.extensions import db


def insert_people(app, event, people) -> list[int]:
    """Registrations inserted directly (fast): [(name, status, language, {other fields})...] -> their ids."""
    from app.registration.models import Registration, RegistrationStatus

    with app.app_context():
        ids = []
        for i, (name, status, language, *extra) in enumerate(people):
            fields = {"email": f"{name.lower().replace(' ', '.')}{i}@example.org", **(extra[0] if extra else {})}
            row = Registration(event_id=event.id, name=name, language=language, status=RegistrationStatus(status),
                               **fields)
            db.session.add(row)
            db.session.flush()
            ids.append(row.id)
        db.session.commit()
        return ids


@pytest.fixture
def seed(app):
    """seed(event, [(name, status, language, {other fields})...]) -> registration ids."""
    return lambda event, people: insert_people(app, event, people)
