"""axe-core (WCAG 2.1 A and AA) on every page type, in English, Russian and Kazakh."""
from pathlib import Path

import pytest


pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


@pytest.fixture
def page(browser):
    """A page with axe-core preloaded by the browser itself: the app's CSP (rightly) refuses injected scripts."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _violations(page) -> list[str]:
    result = page.evaluate(f"axe.run(document, {RULES})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    from app.extensions import db
    from app.registration.models import Registration, RegistrationStatus

    with app.app_context():
        ticket = db.session.scalar(db.select(Registration.ticket_code).where(
            Registration.status == RegistrationStatus.CONFIRMED).limit(1))
    return {"ticket": ticket}


PUBLIC_PAGES = [
    "/", "/events/npm-forum-astana-2017", "/events/npm-forum-astana-2017/agenda",
    "/events/npm-forum-astana-2017/agenda/rooms", "/events/npm-forum-astana-2017/agenda/tracks",
    "/events/npm-forum-astana-2017/speakers", "/events/npm-forum-astana-2017/sessions/2",
    "/account/login", "/account/signup", "/account/password/forgot", "/no-such-page",
]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_public_pages_have_no_axe_violations(page, live_server, demo, lang):
    problems = {}
    for path in PUBLIC_PAGES + [f"/tickets/{demo['ticket']}"]:
        page.goto(f"{live_server}{path}?lang={lang}")
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}


ORGANISER_PAGES = [
    "/manage/", "/manage/events/new", "/manage/events/npm-forum-astana-2017/",
    "/manage/events/npm-forum-astana-2017/edit", "/manage/events/npm-forum-astana-2017/team",
    "/manage/events/npm-forum-astana-2017/clone", "/manage/events/npm-forum-astana-2017/audit",
    "/manage/events/npm-forum-astana-2017/agenda", "/manage/events/npm-forum-astana-2017/agenda/publish",
    "/account/profile", "/my/agenda",
]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_organiser_pages_have_no_axe_violations(page, live_server, demo, lang):
    page.goto(f"{live_server}/account/login?lang={lang}")
    page.locator("#email").fill("organiser@example.org")
    page.locator("#password").fill("convene-demo")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    problems = {}
    for path in ORGANISER_PAGES:
        response = page.goto(f"{live_server}{path}?lang={lang}")
        assert response.status < 400, path
        found = _violations(page)
        if found:
            problems[path] = found
    assert problems == {}
