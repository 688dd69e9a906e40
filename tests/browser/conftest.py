"""Browser tests: real headless Chromium (Debian's `chromium`) driven by Playwright.

The app under test is served by a real HTTP server in a thread on 127.0.0.1.
Never `playwright install`: the fixture below points Playwright at the system browser.
"""
from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.skip("Browser tests skipped: no Chromium on PATH (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--no-sandbox"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _live_server(_app):
    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_server(app, _live_server, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the browser sends real forms with their tokens
    # Its base URL, as a deployment configures its own: links in mail and feeds point at this server.
    monkeypatch.setitem(app.config, "BASE_URL", _live_server)
    monkeypatch.setitem(app.config, "SERVER_NAME", _live_server.removeprefix("http://"))
    return _live_server


@pytest.fixture
def page(browser):
    """A fresh browser profile per test (no cookies carried over), laptop-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
