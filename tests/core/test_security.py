import pytest

from app import create_app
from app.core.security import safe_next_url


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_header_the_view_sets_wins_and_https_adds_hsts():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @app.get("/own-policy")
    def own_policy():
        return "x", 200, {"Content-Security-Policy": "sandbox", "x-frame-options": "SAMEORIGIN"}

    client = app.test_client()
    response = client.get("/own-policy")
    assert response.headers.getlist("Content-Security-Policy") == ["sandbox"]
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/own-policy", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_default_rate_limit_set_in_the_configuration_still_applies():
    # Convene's own limits are on their routes; Flask-Limiter's per-request check is taken out
    # only while no default limit exists (app/core/security.py).
    from app.extensions import limiter

    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_DEFAULT": "2 per minute"})
        client = app.test_client()
        assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 429]
    finally:
        limiter.limit_manager.set_default_limits([])
        limiter.reset()


def test_pages_have_no_inline_script_or_style(client, create_event):
    import re

    create_event(slug="forum")
    for url in ["/", "/events/forum", "/account/login", "/account/signup", "/account/password/forgot"]:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"\son[a-z]+=", page), url


@pytest.mark.parametrize("target, expected", [
    ("/events/x", "/events/x"), ("https://evil.example", "/"), ("//evil.example", "/"), ("/\\evil", "/"),
    ("javascript:alert(1)", "/"), ("", "/"), (None, "/"), ("http:/evil", "/"),
])
def test_safe_next_url(target, expected):
    assert safe_next_url(target, "/") == expected


def test_production_refuses_a_missing_or_short_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from config import ProductionConfig

    base = {"BASE_URL": "https://convene.example.org"}
    for key in (None, "", "short", "dev-only-insecure-secret-key"):
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            ProductionConfig.validate({**base, "SECRET_KEY": key})
    ProductionConfig.validate({**base, "SECRET_KEY": "a-real-random-key-of-forty-characters-xx"})

    class Prod(ProductionConfig):
        SECRET_KEY = None
        BASE_URL = "https://convene.example.org"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Prod)


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    from config import ProductionConfig

    class Prod(ProductionConfig):
        SECRET_KEY = "x" * 40
        BASE_URL = "https://convene.example.org"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"

    app = create_app(Prod)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"]


def test_every_post_route_requires_a_csrf_token(app, create_user, login, create_event, client, monkeypatch):
    user = create_user()
    event = create_event(organiser=user)
    login(user)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        values = {arg: {"slug": event.slug, "token": "x"}.get(arg, 1) for arg in rule.arguments}
        url = app.url_map.bind("localhost").build(rule.endpoint, values)
        response = client.post(url, data={"email": "a@example.org", "name": "x"})
        assert response.status_code == 400, (rule.rule, response.status_code)
        checked += 1
    assert checked >= 8


def test_every_management_route_is_protected(app, client, create_user, create_event, login):
    """Anonymous visitors are sent to sign in; a signed-in stranger gets 403 on every /manage/events route."""
    event = create_event()
    stranger = create_user(email="stranger@example.org")
    manage_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/manage")]
    assert len(manage_rules) >= 7
    for rule in manage_rules:
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "permission", None), f"{rule.rule} has no permission check"
    adapter = app.url_map.bind("localhost")
    for rule in manage_rules:
        values = {arg: {"slug": event.slug}.get(arg, 1) for arg in rule.arguments}
        url = adapter.build(rule.endpoint, values)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], rule.rule
    login(stranger)
    for rule in manage_rules:
        if "<slug>" not in rule.rule:
            continue
        url = adapter.build(rule.endpoint, {arg: {"slug": event.slug}.get(arg, 1) for arg in rule.arguments})
        method = "GET" if "GET" in rule.methods else "POST"
        assert client.open(url, method=method).status_code == 403, rule.rule


def test_admin_may_manage_any_event(client, create_user, create_event, login):
    event = create_event()
    login(create_user(email="root@example.org", is_admin=True))
    assert client.get(f"/manage/events/{event.slug}/edit").status_code == 200


def test_versioned_static_files_are_cached_for_a_year_and_others_revalidated(client):
    from app.core.templating import static_url

    with client.application.test_request_context():
        versioned = static_url("css/app.css")
    with client.get(versioned) as response:
        assert response.status_code == 200 and "max-age=31536000" in response.headers["Cache-Control"]
    with client.get("/static/css/app.css") as response:
        assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_without_a_configured_key_the_app_makes_one_once_and_keeps_it_in_instance(monkeypatch, tmp_path):
    """Issue 12.12: no key written in the source ever signs a cookie."""
    import stat

    import app as app_package
    import config

    monkeypatch.delenv("SECRET_KEY", raising=False)

    class Dev(config.DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'd.db'}"

    monkeypatch.setattr(app_package, "INSTANCE_DIR", tmp_path / "instance")
    first = create_app(Dev)
    key_file = tmp_path / "instance" / "secret_key"
    assert first.config["SECRET_KEY"] == key_file.read_text().strip() and len(first.config["SECRET_KEY"]) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app(Dev).config["SECRET_KEY"] == first.config["SECRET_KEY"]  # kept across restarts
    elsewhere = tmp_path / "other-instance"
    monkeypatch.setattr(app_package, "INSTANCE_DIR", elsewhere)
    assert create_app(Dev).config["SECRET_KEY"] != first.config["SECRET_KEY"]  # each instance its own
    assert 'SECRET_KEY = "' not in (config.BASE_DIR / "config.py").read_text()  # no key in the source


def test_an_unusable_key_file_stops_the_start(monkeypatch, tmp_path):
    import app as app_package
    import config

    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("\n")

    class Dev(config.DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'd.db'}"

    monkeypatch.setattr(app_package, "INSTANCE_DIR", tmp_path / "instance")
    with pytest.raises(RuntimeError, match="secret_key"):
        create_app(Dev)


def test_a_server_process_keeps_its_start_up_objects_out_of_the_garbage_collectors_walks(tmp_path):
    # A full collection over the ~200,000 objects of start-up took 110-130 ms of some request in a gunicorn worker.
    import gc

    from config import DevelopmentConfig

    server = type("Server", (DevelopmentConfig,), {
        "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 32, "CACHE_DIR": str(tmp_path / "cache"),
        "PAGE_LOCK_DIR": str(tmp_path / "locks"), "JOBS_URL": "memory://"})
    gc.unfreeze()
    try:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})  # the tests' own apps: nothing frozen
        assert gc.get_freeze_count() == 0
        create_app(server)
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()
