"""The registrations' search follows every change of the rows, through whichever index serves it
(SQLite: the FTS5 trigram index kept by triggers, migrations/versions/0023_...; PostgreSQL: the
trigram GIN index). A migration that rebuilds the registration table on SQLite and forgets the
triggers shows up here."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update

from app.core.text import search_key
from app.extensions import db
from app.registration import desk
from app.registration.models import Registration
from tests.registration.test_manage import insert_registrations


@pytest.fixture
def event(create_event):
    return create_event(slug="forum", capacity=10)


def found(app, event, typed: str) -> list[str]:
    from app.events.models import Event

    with app.test_request_context():
        return [match.name for match in desk.find_people(db.session.get(Event, event.id), typed)]


def test_search_follows_inserts_updates_and_deletes_made_without_the_orm(app, event):
    [first, second] = insert_registrations(app, event, [
        {"name": "Гүлнар Сейітова", "email": "gulnar@example.kz"}, {"name": "Marat Ким", "email": "marat@example.kz"}])
    assert found(app, event, "сейітова") == ["Гүлнар Сейітова"]
    assert found(app, event, "ким marat") == ["Marat Ким"]
    with app.app_context():
        # Straight SQL, as an archive's import or a bulk change writes: the index follows the rows.
        db.session.execute(update(Registration).where(Registration.id == first).values(
            name="Гүлнар Ахметова", search_key=search_key("Гүлнар Ахметова", "", "gulnar@example.kz")))
        db.session.execute(delete(Registration).where(Registration.id == second))
        db.session.commit()
    assert found(app, event, "сейітова") == []
    assert found(app, event, "ахметова") == ["Гүлнар Ахметова"]
    assert found(app, event, "marat") == [] and found(app, event, "ким") == []


def test_sqlite_search_index_and_its_triggers_exist(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's FTS5 index; PostgreSQL has its trigram index")
        names = set(db.session.scalars(text(
            "SELECT name FROM sqlite_master WHERE name LIKE 'registration_search_fts%'")))
    assert {"registration_search_fts", "registration_search_fts_insert", "registration_search_fts_delete",
            "registration_search_fts_update"} <= names
