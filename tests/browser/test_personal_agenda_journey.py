from datetime import time

import icalendar
import pytest

from tests.conftest import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def test_star_sessions_and_open_the_personal_feed(page, live_server, app, create_event, create_user, create_session,
                                                  publish):
    event = create_event(slug="forum", title={"en": "Forum", "kk": "Форум"})
    create_session(event, {"en": "Opening", "kk": "Ашылу"}, start=time(9))
    create_session(event, {"en": "Legal framework", "kk": "Құқықтық негіз"}, start=time(11))
    create_session(event, {"en": "Closing", "kk": "Жабылу"}, start=time(16))
    publish(event)
    create_user(email="p@example.org", preferred_language="kk")

    page.goto(f"{live_server}/account/login?lang=kk")
    page.locator("#email").fill("p@example.org")
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.goto(f"{live_server}/events/forum/agenda")
    for title in ("Ашылу", "Жабылу"):
        item = page.locator(".session-item", has_text=title)
        item.locator("button.star-button").click()
        assert page.locator(".session-item", has_text=title).locator("button.star-button").get_attribute("aria-pressed") == "true"
    assert page.locator(".session-item", has_text="Құқықтық негіз").locator("button.star-button").get_attribute("aria-pressed") == "false"

    page.get_by_role("navigation", name=None).locator("a[href='/my/agenda']").first.click()
    assert page.locator(".session-item").count() == 2
    feed_url = page.locator("#feed-url").input_value()
    response = page.request.get(feed_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Ашылу", "Жабылу"]

    # Replacing the address revokes the old one.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action='/my/agenda/feed/revoke'] button").click()
    assert page.locator("#feed-url").input_value() != feed_url
    assert page.request.get(feed_url).status == 404
