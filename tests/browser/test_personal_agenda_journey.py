"""J7 in Kazakh: a participant stars sessions from the public agenda, opens the personal agenda and its secret
iCal feed, replaces the feed's address, and downloads the materials she may see, one by one and as one ZIP."""
import zipfile
from datetime import time

import icalendar
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_material, nav_link, new_page, sign_in_from_home
from tests.conftest import translated

pytestmark = pytest.mark.browser


def test_star_sessions_and_open_the_personal_feed(browser, live_server, app, create_event, create_user, create_session,
                                                  publish):
    event = create_event(slug="forum", title={"en": "Forum", "kk": "Форум"})
    opening = create_session(event, {"en": "Opening", "kk": "Ашылу"}, start=time(9))
    create_session(event, {"en": "Legal framework", "kk": "Құқықтық негіз"}, start=time(11))
    create_session(event, {"en": "Closing", "kk": "Жабылу"}, start=time(16))
    publish(event)
    participant = create_user(email="p@example.org", preferred_language="kk")
    with app.app_context():
        from app.extensions import db
        from app.registration.models import Registration, RegistrationStatus

        db.session.add(Registration(event_id=event.id, user_id=participant.id, email=participant.email,
                                    name="Әсел Нұрғали", language="kk", status=RegistrationStatus.CONFIRMED))
        db.session.commit()
    add_material(app, event, "Бағдарлама.pdf", language="kk")
    add_material(app, event, "Ашылу слайдтары.pdf", session_id=opening, visibility="participants", language="kk")
    add_material(app, event, "Ұйымдастырушыларға.pdf", visibility="organisers", language="kk")

    page = new_page(browser, "kk")
    sign_in_from_home(page, app, live_server, "p@example.org", "kk")
    page.locator("article.event-card").get_by_role("link", name="Форум").click()
    page.get_by_role("navigation", name=translated(app, "kk", "Event")).get_by_role(
        "link", name=translated(app, "kk", "Agenda")).click()
    for title in ("Ашылу", "Жабылу"):
        item = page.locator(".session-item", has_text=title)
        item.locator("button.star-button").click()
        # Sent without reloading (static/js/stars.js): wait for the answer.
        expect(page.locator(".session-item", has_text=title).locator("button.star-button")).to_have_attribute(
            "aria-pressed", "true")
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

    # The materials she may see (not the organisers' own): one file, then everything as one ZIP.
    nav_link(page, app, "kk", "Events").click()
    page.locator("article.event-card").get_by_role("link", name="Форум").click()
    page.get_by_role("link", name=translated(app, "kk", "Materials"), exact=True).first.click()
    titles = page.locator(".material a.material-title")
    assert sorted(titles.all_inner_texts()) == ["Ашылу слайдтары", "Бағдарлама"]  # titled after their files
    response = page.request.get(live_server + titles.filter(has_text="Ашылу").get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert "filename*=UTF-8''%D0%90%D1%88%D1%8B%D0%BB%D1%83" in response.headers["content-disposition"]
    with page.expect_download() as info:
        page.get_by_role("link", name=translated(app, "kk", "Download everything (ZIP)")).click()
    with zipfile.ZipFile(info.value.path()) as archive:
        names = archive.namelist()
    assert sorted(name.rsplit("/", 1)[-1] for name in names) == ["Ашылу слайдтары.pdf", "Бағдарлама.pdf"]
    page.context.close()
