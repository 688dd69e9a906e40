"""A database outage answers 503 with Retry-After and a translated page, rendered without the
database, even for a signed-in visitor whose session names an account (issue 18, point 5)."""
from __future__ import annotations

import pytest

from app import create_app
from tests.conftest import translated

UNREACHABLE = {
    # SQLite cannot open a file in a directory that does not exist.
    "sqlite": lambda tmp_path: f"sqlite:///{tmp_path / 'no-such-directory' / 'convene.db'}",
    # Nothing listens on port 1: the connection is refused at once, as when PostgreSQL is down.
    "postgresql": lambda tmp_path: "postgresql+psycopg://postgres@127.0.0.1:1/convene?connect_timeout=2",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def app_without_database(request, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": UNREACHABLE[request.param](tmp_path),
                      "STORAGE_LOCAL_ROOT": str(tmp_path / "files"), "PROPAGATE_EXCEPTIONS": False,
                      "WTF_CSRF_ENABLED": False})
    yield app


def _signed_in_client(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0:a-sign-in"  # a signed-in visitor: finding out who it is needs the database
        session["_fresh"] = True
    return client


@pytest.mark.parametrize("path", ["/", "/events/npm-forum-2017", "/me/", "/no-such-page"])
def test_pages_answer_503_with_retry_after_in_the_readers_language(app_without_database, path):
    client = _signed_in_client(app_without_database)
    response = client.get(path, headers={"Accept-Language": "ru"})
    if path == "/no-such-page":
        # Routing needs no database: the 404 page itself must still render without it.
        assert response.status_code == 404
    else:
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        with app_without_database.app_context():
            assert translated(app_without_database, "ru", "Temporarily unavailable") in response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert '<html lang="ru">' in page
    # Shown as to a visitor: the header offers to sign in instead of naming the account.
    assert "/account/login" in page


def test_kazakh_reader_gets_the_kazakh_page(app_without_database):
    response = _signed_in_client(app_without_database).get("/?lang=kk")
    assert response.status_code == 503
    assert translated(app_without_database, "kk", "The site cannot reach its database at the moment. "
                                                  "Please try again in a minute.") in response.get_data(as_text=True)


def test_api_and_health_check_answer_503_as_json(app_without_database):
    client = app_without_database.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["database"] == "unavailable"
    api = client.get("/api/v1/events")
    assert api.status_code == 503
    assert api.headers["Retry-After"] == "30"
    assert api.get_json()["status"] == 503


def test_a_form_post_during_an_outage_answers_503(app_without_database):
    client = app_without_database.test_client()
    response = client.post("/account/login", data={"email": "someone@example.org", "password": "x" * 12})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0  # the login limiter states its own window here
