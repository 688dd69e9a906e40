import pytest

from app.extensions import db


@pytest.fixture
def seed(app):
    """seed(event, [(name, status, language, extra fields)...]) -> registration ids, inserted directly (fast)."""

    def run(event, people):
        from app.registration.models import Registration, RegistrationStatus

        with app.app_context():
            ids = []
            for i, (name, status, language, *extra) in enumerate(people):
                row = Registration(event_id=event.id, email=f"{name.lower().replace(' ', '.')}{i}@example.org",
                                   name=name, language=language, status=RegistrationStatus(status),
                                   **(extra[0] if extra else {}))
                db.session.add(row)
                db.session.flush()
                ids.append(row.id)
            db.session.commit()
            return ids

    return run
