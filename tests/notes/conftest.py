"""Note fixtures: a trilingual forum (Russian first) with a published agenda and its team."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from app.agenda.models import PersonRole, SessionKind
from app.extensions import db

KAZAKH_LETTERS = "әғқңөұүһі"


@dataclass
class Forum:
    event: object
    organiser: object
    rapporteur: object
    opening: int
    panel: int
    coffee: int

    @property
    def slug(self) -> str:
        return self.event.slug

    def scope(self, session_id: int) -> str:
        return f"session:{session_id}"

    def editor_url(self, session_id: int | None, language: str) -> str:
        scope = self.scope(session_id) if session_id else "event"
        return f"/manage/events/{self.slug}/notes/{scope}/{language}"


@pytest.fixture
def forum(create_event, create_user, create_session, add_role, publish) -> Forum:
    organiser = create_user(email="organiser@example.org", name="Aigerim Nurlanova")
    rapporteur = create_user(email="rapporteur@example.org", name="Olga Petrenko", preferred_language="ru")
    event = create_event(organiser=organiser, slug="forum", languages=["ru", "en", "kk"], default_language="ru",
                         start_date=date(2017, 5, 16), end_date=date(2017, 5, 17),
                         title={"ru": "Форум по НПМ", "en": "NPM forum", "kk": "ҰАТ форумы"})
    add_role(event, rapporteur, "rapporteur")
    opening = create_session(event, {"ru": "Открытие форума", "en": "Opening of the forum", "kk": "Форумның ашылуы"},
                             start=time(9, 30), people=[("Askar Shakirov", PersonRole.SPEAKER)])
    coffee = create_session(event, {"ru": "Кофе-брейк", "en": "Coffee break", "kk": "Кофе-брейк"},
                            start=time(11), minutes=20, kind=SessionKind.BREAK)
    panel = create_session(event, {"ru": "Законодательство о НПМ", "en": "The NPM law", "kk": "ҰАТ туралы заң"},
                           start=time(11, 30), people=[("Lucia Ferrante", PersonRole.CHAIR)])
    publish(event)
    return Forum(event, organiser, rapporteur, opening, panel, coffee)


@pytest.fixture
def write_note(app):
    """write_note(forum, session_id|None, language, body, publish=False) -> revision id, through the services."""

    def run(forum: Forum, session_id, language: str, body: str, publish: bool = False, author=None):
        from app.accounts.models import User
        from app.events.models import Event
        from app.notes import services

        scope = forum.scope(session_id) if session_id else services.EVENT_SCOPE
        with app.test_request_context():
            event = db.session.get(Event, forum.event.id)
            user = db.session.get(User, (author or forum.rapporteur).id)
            note = services.note_for(event, scope, language)
            source = services.source_note(event, scope)
            result = services.save_note(
                event, scope, language, user, body,
                base_revision_id=note.current_revision_id if note else None,
                source_revision_id=source.current_revision_id if source and source.language != language else None)
            if publish:
                services.publish_note(event, result.note, db.session.get(User, forum.organiser.id),
                                      result.note.current_revision_id)
            db.session.commit()
            return result.note.current_revision_id

    return run


@pytest.fixture
def note_state(app):
    """note_state(forum, session_id|None, language) -> the matrix state ("missing", "draft", ...)."""

    def run(forum: Forum, session_id, language: str) -> str:
        from app.events.models import Event
        from app.notes import services

        scope = forum.scope(session_id) if session_id else services.EVENT_SCOPE
        with app.test_request_context():
            event = db.session.get(Event, forum.event.id)
            return services.editor_state(event, scope, language).cell.state.value

    return run
