from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.db import include_in_schema_of
from app.extensions import db


def test_migrations_match_the_models(app):
    """The schema was built by `db upgrade` from empty (see conftest); it must equal the models."""
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": include_in_schema_of(connection.dialect.name)})
            diff = compare_metadata(context, db.metadata)
    assert diff == []


BEFORE_0008 = "0007"  # the revision 0008_note_session_id revises


def test_0008_moves_note_scopes_into_session_id_and_back_keeping_every_revision(app, create_event, create_session):
    """Notes of a session, of a session deleted since (still published) and of the event keep
    their subject and their revisions through the upgrade (a table rebuild on SQLite) and back."""
    import pytest
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    event = create_event()
    kept, deleted = create_session(event, {"en": "Kept"}), create_session(event, {"en": "Deleted"})
    scopes = [f"session:{kept}", f"session:{deleted}", "event"]

    def notes(connection, column):
        return connection.execute(text(
            f"SELECT note.{column}, note.language, note_revision.body FROM note "
            "JOIN note_revision ON note_revision.id = note.current_revision_id ORDER BY note.id")).all()

    with app.app_context():
        try:
            downgrade(revision=BEFORE_0008)
            with db.engine.begin() as connection:
                for scope in scopes:
                    for language in ("ru", "en"):
                        note_id = connection.execute(text(
                            "INSERT INTO note (event_id, scope, language, is_source, status, created_at) "
                            "VALUES (:event, :scope, :language, :source, 'draft', CURRENT_TIMESTAMP) RETURNING id"),
                            {"event": event.id, "scope": scope, "language": language,
                             "source": language == "ru"}).scalar_one()
                        revision_id = connection.execute(text(
                            "INSERT INTO note_revision (note_id, number, body, created_at, is_conflict_copy) "
                            "VALUES (:note, 1, :body, CURRENT_TIMESTAMP, false) RETURNING id"),
                            {"note": note_id, "body": f"{scope} {language}"}).scalar_one()
                        connection.execute(text("UPDATE note SET current_revision_id = :revision WHERE id = :note"),
                                           {"revision": revision_id, "note": note_id})
                connection.execute(text("DELETE FROM session WHERE id = :id"), {"id": deleted})
                before = notes(connection, "scope")
            assert [scope for scope, _, _ in before] == [scope for scope in scopes for _ in range(2)]

            upgrade()
            with db.engine.begin() as connection:
                after = notes(connection, "session_id")
            assert after == [(None if scope == "event" else int(scope[8:]), language, body)
                             for scope, language, body in before]
            for session_id in (kept, None):  # one note per subject and language, the event's included
                with pytest.raises(IntegrityError), db.engine.begin() as connection:
                    connection.execute(text(
                        "INSERT INTO note (event_id, session_id, language, is_source, status, created_at) "
                        "VALUES (:event, :session, 'ru', false, 'draft', CURRENT_TIMESTAMP)"),
                        {"event": event.id, "session": session_id})

            downgrade(revision=BEFORE_0008)
            with db.engine.begin() as connection:
                assert notes(connection, "scope") == before
                assert connection.execute(text("SELECT count(*) FROM note WHERE session_id IS NOT NULL")).scalar() == 0
        finally:
            upgrade()
        with db.engine.begin() as connection:
            assert notes(connection, "session_id") == after


def test_0012_gives_existing_registrations_a_search_key_the_desk_finds(app, create_event):
    """Registrations made before the desk's search get their folded key in the upgrade."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from app.core.text import search_key

    event = create_event()
    with app.app_context():
        try:
            downgrade(revision="0011")
            with db.engine.begin() as connection:
                for number, (name, organisation) in enumerate([("Әлия Нұрланқызы", "ҰАТ"), ("José Müller", "")]):
                    connection.execute(text(
                        "INSERT INTO registration (event_id, email, name, organisation, language, status, answers, "
                        "ticket_code, internal_note, created_at, updated_at) VALUES (:event, :email, :name, :org, 'en', "
                        "'confirmed', '{}', :code, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                        {"event": event.id, "email": f"P{number}@Example.org", "name": name, "org": organisation,
                         "code": f"CODE{number}"})
            upgrade()
            with db.engine.begin() as connection:
                keys = connection.execute(text("SELECT search_key FROM registration ORDER BY id")).scalars().all()
            assert keys == ["алия нурланкызы\nуат\np0@example.org", "jose muller\n\np1@example.org"]
            assert keys == [search_key("Әлия Нұрланқызы", "ҰАТ", "P0@Example.org"), search_key("José Müller", "", "P1@Example.org")]
        finally:
            upgrade()
