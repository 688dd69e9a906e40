import pytest

from tests.conftest import translated


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_404_page_is_translated(client, app, lang):
    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404
    assert translated(app, lang, "Page not found") in response.get_data(as_text=True)


def test_405_page(client, app):
    response = client.delete("/?lang=ru")
    assert response.status_code == 405
    assert translated(app, "ru", "Method not allowed") in response.get_data(as_text=True)


def test_413_page(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post("/account/login?lang=kk", data={"email": "a" * 5000})
    assert response.status_code == 413
    assert translated(app, "kk", "File too large") in response.get_data(as_text=True)


def test_csrf_failure_is_a_translated_400(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/account/login?lang=ru", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert translated(app, "ru", "Bad request") in response.get_data(as_text=True)


def test_unexpected_error_shows_translated_500_page(app, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "core.healthz", boom)
    response = app.test_client().get("/healthz?lang=kk")
    assert response.status_code == 500
    assert translated(app, "kk", "Something went wrong") in response.get_data(as_text=True)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}
