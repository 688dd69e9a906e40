"""The README's deployment recipe, for real: two gunicorn servers on one PostgreSQL and one Redis.

A login rate limit counts attempts on both servers together, and publishing on one
server refreshes the cached public agenda on the other as soon as the background worker
has pre-rendered it (readers get the previous version until then, never a render).
"""
from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.database import postgres_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        import redis
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available here"
        return False


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL skipped: set TEST_DATABASE_URL to run the two-server deployment test")
    if not _redis_up():
        pytest.skip(f"Redis not reachable at {REDIS_URL}: the two-server deployment test needs it")
    # A database of this test process's own (TEST_DATABASE_URL's name + "_deploy"), created once.
    database_url = postgres_url("deploy")
    # An empty schema is much quicker to get than a new database.
    schema_engine = create_engine(database_url)
    with schema_engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    schema_engine.dispose()
    prefix = f"test-{secrets.token_hex(4)}"
    env = {
        **os.environ, "CONVENE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": f"{prefix}:",
        "RATELIMIT_KEY_PREFIX": prefix, "LOGIN_RATE_LIMIT": "4 per minute",
        "CONVENE_INSTANCE_DIR": str(tmp_path_factory.mktemp("deploy")), "MAIL_SERVER": "",
        "BASE_URL": "http://convene.test", "TRUSTED_PROXIES": "1",
        # Cheap password hashes: the demo creates ~45 accounts; what is tested here is sharing, not hashing.
        "PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_COST": "1024",
        # The worker at the servers' priority: the suite keeps the machine busy, and the test waits for its pre-render.
        "JOBS_WORKER_NICE": "0",
    }
    python = sys.executable
    flask = [python, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    servers, ports = [], []
    for _ in range(2):
        # gunicorn serves a socket bound here to a port the system picks (`fd://`), so no other
        # process can take the port between finding it and listening on it.
        with socket.create_server(("127.0.0.1", 0)) as listener:
            servers.append(subprocess.Popen(
                [python, "-m", "gunicorn", "--workers", "2", "--bind", f"fd://{listener.fileno()}",
                 "--no-control-socket", "app:create_app()"], pass_fds=[listener.fileno()],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            ports.append(listener.getsockname()[1])
    # The background worker (its queue in Redis): it pre-renders the agenda after a publish.
    servers.append(subprocess.Popen([*flask, "jobs", "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL))
    try:
        for port in ports:
            deadline = time.monotonic() + 60  # a loaded machine starts gunicorn slowly
            while time.monotonic() < deadline:
                try:
                    if _request(port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"server on port {port} did not start")
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        import redis
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)


def _request(port, method, path, form=None, cookies=None, client="203.0.113.10"):
    """One request as the proxy would pass it on, from the client address `client`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"X-Forwarded-For": client}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:  # closed on every path: a server still starting refuses or times out, and the socket must not leak
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    new_cookies = dict(cookies or {})
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            new_cookies[key] = rest.split(";", 1)[0]
    return response.status, data, new_cookies


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_login_rate_limit_is_shared_by_both_servers(deployment):
    a, b = deployment
    statuses = []
    for port in (a, b, a, b, a):
        status, page, cookies = _request(port, "GET", "/account/login", client="203.0.113.66")
        status, _, _ = _request(port, "POST", "/account/login", {
            "csrf_token": _csrf(page), "email": "organiser@example.org", "password": "wrong password"}, cookies,
            client="203.0.113.66")
        statuses.append(status)
    assert statuses == [200, 200, 200, 200, 429]
    # Another client is not affected.
    _, page, cookies = _request(b, "GET", "/account/login", client="203.0.113.67")
    assert _request(b, "POST", "/account/login", {"csrf_token": _csrf(page), "email": "x@example.org",
                                                  "password": "wrong password"}, cookies, client="203.0.113.67")[0] == 200


def test_publishing_on_one_server_refreshes_the_other_at_once(deployment):
    a, b = deployment
    slug = "npm-forum-astana-2017"
    _, before, _ = _request(b, "GET", f"/events/{slug}/agenda?lang=en")
    assert "Extra session" not in before
    # An organiser adds a session and publishes it on server A (the limit above counted wrong passwords only).
    _, page, cookies = _request(a, "GET", "/account/login")
    status, _, cookies = _request(a, "POST", "/account/login", {
        "csrf_token": _csrf(page), "email": "organiser@example.org", "password": "convene-demo"}, cookies)
    assert status == 302
    _, page, cookies = _request(a, "GET", f"/manage/events/{slug}/agenda/sessions/new", cookies=cookies)
    form = {"csrf_token": _csrf(page), "title-en": "Extra session", "title-ru": "Дополнительная сессия",
            "kind": "panel", "day": "2017-05-17", "start_time": "18:00", "end_time": "18:30", "status": "confirmed",
            "room": "", "track": ""}
    status, body, cookies = _request(a, "POST", f"/manage/events/{slug}/agenda/sessions/new", form, cookies)
    assert status == 302, body[:2000]
    _, page, cookies = _request(a, "GET", f"/manage/events/{slug}/agenda/publish", cookies=cookies)
    status, _, _ = _request(a, "POST", f"/manage/events/{slug}/agenda/publish", {"csrf_token": _csrf(page)}, cookies)
    assert status == 302
    deadline = time.monotonic() + 30  # the worker renders the pages of three languages, on a loaded machine
    while "Extra session" not in _request(b, "GET", f"/events/{slug}/agenda?lang=en")[1]:
        assert time.monotonic() < deadline, "server B still serves the previous agenda"
        time.sleep(0.2)
