"""One request, one unit of work: a view's writes are committed once on success and
undone entirely when it raises or answers with an error (app/core/unit_of_work.py)."""
from __future__ import annotations

import pytest
from flask import abort, get_flashed_messages

from app import create_app
from app.core.errors import DomainError
from app.core.forms import refusal_onto
from app.core.models import AuditEntry
from app.core.unit_of_work import after_commit, keep_writes
from app.events.models import Event, EventMember
from app.extensions import db
from tests.events.test_events import FORM


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def bare_app(tmp_path):
    """A fresh app with a few views that write and then end in different ways."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'uow.db'}",
                      "PROPAGATE_EXCEPTIONS": False, "STORAGE_LOCAL_ROOT": str(tmp_path / "files")})

    def write(action: str) -> None:
        db.session.add(AuditEntry(action=action, details={}))
        db.session.flush()  # the row is in the database's transaction, not only in the session

    @app.get("/ok")
    def ok():
        write("ok")
        return "done"

    @app.get("/raises")
    def raises():
        write("raises")
        raise RuntimeError("after writing")

    @app.get("/aborts")
    def aborts():
        write("aborts")
        abort(403)

    @app.get("/answers-400")
    def answers_400():
        write("answers-400")
        return "bad input", 400

    @app.get("/refused")
    def refused():
        write("before the refusal")
        with refusal_onto() as refusal:
            write("refused")
            raise DomainError("no")
        return ("refused" if refusal else "not refused"), 200

    @app.get("/conflict-kept")
    def conflict_kept():
        write("conflict copy")
        keep_writes()
        return "conflict", 409

    @app.get("/callback/<outcome>")
    def callback(outcome):
        write("with callback")
        after_commit(lambda: app.config.setdefault("CALLED_AFTER_COMMIT", []).append(outcome))
        return ("fine", 200) if outcome == "ok" else ("refused", 400)

    @app.get("/refused-quietly")
    def refused_quietly():
        write("before the refusal")
        with refusal_onto(quiet=True) as refusal:
            raise DomainError("the reason")
        return f"{refusal.message}|{get_flashed_messages()}", 200

    @app.get("/flash-then-fail")
    def flash_then_fail():
        from flask import flash

        write("flashed")
        flash("Your changes have been saved.", "success")
        db.session.add(AuditEntry(action="x" * 61 if False else "dup", details={}, id=1))  # same id as above
        return "saved"

    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path, status", [("/raises", 500), ("/aborts", 403), ("/answers-400", 400)])
def test_view_that_fails_after_writing_leaves_nothing_behind(bare_app, path, status):
    response = bare_app.test_client().get(path)
    assert response.status_code == status
    assert _count(bare_app, AuditEntry) == 0


def test_successful_view_is_committed_once(bare_app):
    assert bare_app.test_client().get("/ok").status_code == 200
    with bare_app.app_context():
        assert db.session.scalars(db.select(AuditEntry.action)).all() == ["ok"]


def test_refusal_undoes_the_requests_writes_and_is_reported(bare_app):
    response = bare_app.test_client().get("/refused")
    assert response.get_data(as_text=True) == "refused"
    assert _count(bare_app, AuditEntry) == 0


def test_quiet_refusal_undoes_the_writes_and_leaves_the_message_to_the_view(bare_app):
    """For a page that shows the reason itself (an unusable e-mailed link): no flashed copy."""
    response = bare_app.test_client().get("/refused-quietly")
    assert response.get_data(as_text=True) == "the reason|[]"
    assert _count(bare_app, AuditEntry) == 0


def test_real_view_that_raises_after_writing_leaves_no_event(app, client, create_user, login, monkeypatch):
    """The create-event view on both databases: the service inserts the event and its
    organiser, then the audit write fails; neither row may survive."""
    from app.events import services

    def failing_audit(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_audit", failing_audit)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    login(create_user())
    response = client.post("/manage/events/new", data=FORM)
    assert response.status_code == 500
    assert _count(app, Event) == 0
    assert _count(app, EventMember) == 0


def test_an_error_answer_may_keep_what_it_reports_as_saved(bare_app):
    assert bare_app.test_client().get("/conflict-kept").status_code == 409
    with bare_app.app_context():
        assert db.session.scalars(db.select(AuditEntry.action)).all() == ["conflict copy"]


def test_after_commit_callbacks_run_only_once_committed(bare_app):
    client = bare_app.test_client()
    assert client.get("/callback/refused").status_code == 400
    assert client.get("/callback/ok").status_code == 200
    assert bare_app.config["CALLED_AFTER_COMMIT"] == ["ok"]


def test_a_success_message_is_not_shown_when_the_commit_fails(bare_app):
    """The view flashes "saved", then the frame's commit fails (a duplicate primary key):
    the error page and the next page must not claim the work was saved."""
    client = bare_app.test_client()
    assert client.get("/flash-then-fail").status_code == 500
    with client.session_transaction() as session:
        assert session.get("_flashes", []) == []
    assert _count(bare_app, AuditEntry) == 0


def test_a_savepoint_as_the_first_write_is_undone_by_the_rollback(ctx):
    """On both databases: a request whose first write sits in a savepoint (as a race-safe
    insert does) and which then fails must leave nothing behind. pysqlite would otherwise
    commit the savepoint's write when it is released."""
    with db.session.begin_nested():
        db.session.add(AuditEntry(action="inside a savepoint", details={}))
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0
