"""Redis is a cache, not a single point of failure (issue 18, point 4).

A real redis-server, started and stopped by the test, backs the page cache and the rate
limiter of an app on the suite's database. While it is down, anonymous agenda pages,
sign-in and publishing keep working; when it returns, a publish made during the outage
is not served stale, although Redis comes back with its old keys (append-only file).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import time
from datetime import time as time_of_day

import pytest
import redis

from app import create_app
from app.core import pagecache
from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD, queries_run

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")


class RedisServer:
    """redis-server on a Unix socket in tmp_path (no port to race for), keeping its data on disk."""

    def __init__(self, directory):
        self.directory = directory
        self.socket = str(directory / "redis.sock")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.socket, "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(unix_socket_path=self.socket)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()  # SIGTERM: redis writes its append-only file and exits
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def redis_app(app, redis_server, monkeypatch):
    """An app server like production's: same database as the suite's app, Redis for cache and limits.

    The rate limiter is one object for every app of the process (app.extensions): what the new
    app's init_app sets on it is put back afterwards, so the suite's app keeps its memory storage."""
    from app.extensions import limiter

    limiter_state = dict(vars(limiter))
    monkeypatch.setattr(pagecache, "health", pagecache._Health())
    monkeypatch.setattr(pagecache, "RETRY_PAUSE_SECONDS", 0.0)  # retry Redis on every request here
    timeouts = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    served = create_app({
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "STORAGE_LOCAL_ROOT": app.config["STORAGE_LOCAL_ROOT"],
        "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": f"unix://{redis_server.socket}",
        "CACHE_OPTIONS": timeouts, "PAGE_CACHE_GENERATION_TTL": 3600,
        "RATELIMIT_STORAGE_URI": f"redis+unix://{redis_server.socket}", "RATELIMIT_STORAGE_OPTIONS": timeouts,
        "WTF_CSRF_ENABLED": False, "PROPAGATE_EXCEPTIONS": False,
    })
    yield served
    with served.app_context():
        db.engine.dispose()
    vars(limiter).clear()
    vars(limiter).update(limiter_state)


def _agenda(client) -> str:
    response = client.get("/events/forum/agenda?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_pages_sign_in_and_publishing_survive_a_redis_outage(redis_app, redis_server, create_event, create_user,
                                                             create_session, publish, caplog):
    organiser = create_user(email="organiser@example.org", name="Organiser")
    event = create_event(organiser=organiser, slug="forum")
    create_session(event, "Opening")
    publish(event)
    reader = redis_app.test_client()
    assert "Opening" in _agenda(reader)
    assert queries_run(redis_app, lambda: reader.get("/events/forum/agenda?lang=en")) == 0  # served from Redis

    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="app.core.pagecache")
    for _ in range(3):
        assert "Opening" in _agenda(reader)  # rendered afresh, no 500
    warnings = [r for r in caplog.records if r.name == "app.core.pagecache"]
    assert len(warnings) == 1, "one warning per interval, not one per request"

    desk = redis_app.test_client()
    signed_in = desk.post("/account/login", data={"email": "organiser@example.org", "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302
    create_session(event, "Closing", start=time_of_day(16))
    published = desk.post("/manage/events/forum/agenda/publish", data={})
    assert published.status_code == 302
    assert "Closing" in _agenda(reader)

    redis_server.start()  # back with the keys it held before the outage, the old agenda among them
    assert "Closing" in _agenda(reader)
    assert "Closing" in _agenda(reader)
    with redis_app.app_context():
        from app.core.models import PageCacheInvalidation

        assert db.session.scalar(db.select(db.func.count()).select_from(PageCacheInvalidation)) == 0
    assert queries_run(redis_app, lambda: reader.get("/events/forum/agenda?lang=en")) == 0  # cached again


def test_a_worker_that_never_saw_the_outage_is_refreshed_by_the_periodic_flush(
        redis_app, redis_server, create_event, create_session, create_user, publish, monkeypatch):
    """Two app servers share Redis; the one that publishes during the outage records the
    invalidation; the other one never noticed the outage, and the flush (run by the
    background worker) removes the stale generation before it can be served for long."""
    organiser = create_user(email="organiser@example.org", name="Organiser")
    event = create_event(organiser=organiser, slug="forum")
    create_session(event, "Opening")
    publish(event)
    assert "Opening" in _agenda(redis_app.test_client())

    redis_server.stop()
    desk = redis_app.test_client()
    desk.post("/account/login", data={"email": "organiser@example.org", "password": DEFAULT_PASSWORD})
    create_session(event, "Closing", start=time_of_day(16))
    assert desk.post("/manage/events/forum/agenda/publish", data={}).status_code == 302
    redis_server.start()

    # The other server: a fresh process view of Redis health, which never saw it fail.
    monkeypatch.setattr(pagecache, "health", pagecache._Health())
    with redis_app.app_context():
        assert pagecache.flush_pending_invalidations() == 1
    assert "Closing" in _agenda(redis_app.test_client())


def test_two_app_servers_render_a_new_page_once_under_the_redis_lock(redis_app, create_event, create_session,
                                                                     publish, monkeypatch):
    """Issue 17.1: the first requests after a publish, on any server, render the page once (a lock in Redis)."""
    import threading

    if redis_app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("the lock is Redis's: one database is enough (tests/agenda/test_prerender.py runs on both)")
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    renders = []
    original = pagecache.render_template

    def slow_render(*args, **kwargs):
        renders.append(args[0])
        time.sleep(0.3)  # the second request arrives meanwhile
        return original(*args, **kwargs)

    monkeypatch.setattr(pagecache, "render_template", slow_render)
    pages = []
    threads = [threading.Thread(target=lambda: pages.append(_agenda(redis_app.test_client()))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(pages) == 2 and pages[0] == pages[1] and "Opening" in pages[0]
    assert renders == ["agenda/agenda.html"]
