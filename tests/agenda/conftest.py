"""Agenda fixtures: sessions in the draft, and publishing them."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.agenda.models import Person, Session, SessionPerson
from app.extensions import db


@pytest.fixture
def create_session(app):
    """create_session(event, title_en, day=1, start=time(10), minutes=60, **fields) -> session id."""

    def factory(event, title, day=1, start=time(10), minutes=60, people=(), **fields):
        tz = ZoneInfo(event.timezone)
        starts = datetime.combine(event.start_date + timedelta(days=day - 1), start, tz).astimezone(timezone.utc)
        with app.app_context():
            session = Session(event_id=event.id, title=title if isinstance(title, dict) else {"en": title},
                              starts_at=starts, ends_at=starts + timedelta(minutes=minutes), **fields)
            for position, (name, role) in enumerate(people):
                person = Person(event_id=event.id, name=name, bio={"en": f"Bio of **{name}**"})
                session.people.append(SessionPerson(person=person, role=role, position=position))
            db.session.add(session)
            db.session.commit()
            return session.id

    return factory



@pytest.fixture
def publish(app):
    """publish(event) publishes the event's draft agenda as an admin would."""

    def run(event):
        from app.agenda.publishing import publish as publish_agenda
        from app.events.models import Event

        with app.app_context():
            publication = publish_agenda(db.session.get(Event, event.id), None)
            db.session.commit()
            return publication.version

    return run
