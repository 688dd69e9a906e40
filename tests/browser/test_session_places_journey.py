"""A limited workshop in Kazakh: the last place is taken, the next person waits, and is promoted when it frees."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import sign_in_from_home
from tests.conftest import translated

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def _context(browser, **options):
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))  # the CSP refuses injected scripts, so axe comes with the page
    return context


def _violations(page) -> list[str]:
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]]


def test_take_the_last_place_wait_and_get_promoted_in_kazakh(browser, live_server, app, mailbox, create_event,
                                                             create_user, create_session, publish):
    from app.events.models import Event
    from app.registration import services


    event = create_event(slug="training", capacity=10, kind="training", default_language="kk",
                         title={"en": "Training", "kk": "Оқу курсы"})
    session_id = create_session(event, {"en": "Mock interview", "kk": "Сұхбат жаттығуы"}, capacity=1,
                                kind="training_module")
    publish(event)
    for email in ("aigerim@example.org", "nurlan@example.org"):
        user = create_user(email=email, name=email.split("@")[0].title(), preferred_language="kk")
        with app.test_request_context():
            services.register(db.session.get(Event, event.id), user, answers={}, language="kk")
            db.session.commit()
    kk = lambda msgid, **variables: translated(app, "kk", msgid, **variables)  # noqa: E731

    first = _context(browser, locale="kk-KZ").new_page()
    sign_in_from_home(first, app, live_server, "aigerim@example.org", "kk")
    first.goto(f"{live_server}/events/training/agenda")
    assert kk("Limited places: take yours") in first.locator(".session-item").first.inner_text()
    first.get_by_role("link", name="Сұхбат жаттығуы").click()
    first.get_by_role("button", name=kk("Take a place")).click()
    assert kk("You have a place in this session.") in first.locator("#places").inner_text()

    second = _context(browser, locale="kk-KZ", viewport={"width": 390, "height": 844}).new_page()
    sign_in_from_home(second, app, live_server, "nurlan@example.org", "kk")
    second.goto(f"{live_server}/events/training/sessions/{session_id}")
    assert kk("It is full.") in second.locator("#places").inner_text()
    assert _violations(second) == []
    second.get_by_role("button", name=kk("Join the waiting list")).click()
    # The answer is awaited before axe runs: evaluating during the navigation finds no document.
    expect(second.locator("#places")).to_contain_text(kk(
        "You are number %(num)d on the waiting list. You get a place automatically, in order, when one frees; "
        "we will write to you.", num=1))
    assert _violations(second) == []

    first.get_by_role("link", name=kk("Give up my place")).click()
    expect(first.get_by_role("button", name=kk("Yes, give up my place"))).to_be_visible()
    assert _violations(first) == []
    first.get_by_role("button", name=kk("Yes, give up my place")).click()
    assert kk("You have given up your place.") in first.locator("main").inner_text()

    promoted = mailbox.wait_for("nurlan@example.org", count=2)[-1]
    assert promoted["Subject"] == kk("A place is free: you are in the session")
    assert "Сұхбат жаттығуы" in promoted.get_content()
    second.reload()
    assert kk("You have a place in this session.") in second.locator("#places").inner_text()
    first.context.close()
    second.context.close()


def test_organiser_gives_a_place_from_the_limited_sessions_tab_in_russian(browser, live_server, app, create_event,
                                                                        create_user, create_session, publish):
    from app.events.models import Event
    from app.registration import services

    organiser = create_user(email="org@example.org", name="Организатор", preferred_language="ru")
    event = create_event(organiser=organiser, slug="forum", default_language="ru", title={"en": "Forum", "ru": "Форум"})
    create_session(event, {"en": "Workshop", "ru": "Семинар"}, capacity=2, kind="workshop")
    publish(event)
    participant = create_user(email="p@example.org", name="Участник Семинара", preferred_language="ru")
    with app.test_request_context():
        services.register(db.session.get(Event, event.id), participant, answers={}, language="ru")
        db.session.commit()
    ru = lambda msgid, **variables: translated(app, "ru", msgid, **variables)  # noqa: E731

    page = _context(browser, locale="ru-RU").new_page()
    sign_in_from_home(page, app, live_server, "org@example.org", "ru")
    page.goto(f"{live_server}/manage/events/forum/registrations")
    page.get_by_role("link", name=ru("Limited sessions"), exact=True).click()
    expect(page.get_by_role("link", name="Семинар")).to_be_visible()
    assert _violations(page) == []
    page.get_by_role("link", name="Семинар").click()
    page.get_by_label(ru("Participant"), exact=True).select_option(label="Участник Семинара (p@example.org)")
    page.get_by_role("button", name=ru("Add")).click()
    assert ru("%(name)s has a place.", name="Участник Семинара") in page.locator("main").inner_text()
    assert "Участник Семинара" in page.locator("table").inner_text()
    assert _violations(page) == []
    page.context.close()
