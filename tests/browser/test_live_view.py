"""Issue 15.3: the live on-the-day view, open on a phone at the door, follows check-ins made at another
desk without being reloaded."""
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import new_page, sign_in_from_home
from tests.conftest import translated
from tests.registration.test_manage import insert_registrations

pytestmark = pytest.mark.browser


def test_live_view_updates_when_someone_is_checked_in_at_another_desk(browser, live_server, app, create_user,
                                                                     create_event, add_role, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_POLL_SECONDS", 0.3)  # the page polls fast, so the test is quick
    today = datetime.now(UTC)
    event = create_event(slug="live-door", timezone="UTC", start_date=today.date(), end_date=today.date(),
                         title={"en": "Forum", "ru": "Форум", "kk": "Форум"})
    staff = create_user(email="door@example.org", preferred_language="ru")
    add_role(event, staff, "checkin")
    [_early, late, _waiting] = insert_registrations(app, event, [
        {"name": "Әлия Нұрланқызы", "checked_in_at": today - timedelta(minutes=20)},
        {"name": "Борис Петров", "organisation": "ОБСЕ"},
        {"name": "Farhad Waiting", "status": "waiting"}])
    t = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731

    phone = new_page(browser, "ru", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in_from_home(phone, app, live_server, "door@example.org", "ru")
    phone.goto(f"{live_server}/manage/events/{event.slug}/checkin")
    phone.get_by_role("link", name=t("Live view: arrivals and who has not come yet")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("On the day"))
    expect(phone.locator('[data-live-text="checked_in"]')).to_have_text("1")
    expect(phone.locator('[data-live-text="expected"]')).to_have_text("2")
    phone.get_by_label(t("Name, e-mail or organisation")).fill("борис")
    phone.get_by_role("button", name=t("Find")).click()
    expect(phone.locator("[data-live-matches] li")).to_have_count(1)
    url = phone.url

    with app.app_context():  # another desk admits Boris
        from app.accounts.models import User
        from app.events.models import Event
        from app.extensions import db
        from app.registration import services
        from app.registration.models import Registration

        services.check_in(db.session.get(Registration, late), db.session.get(Event, event.id),
                          db.session.get(User, staff.id))
        db.session.commit()

    expect(phone.locator('[data-live-text="checked_in"]')).to_have_text("2")
    expect(phone.locator('[data-live-text="not_arrived"]')).to_have_text("0")
    expect(phone.locator("[data-live-matches] li")).to_have_count(0)  # he is no longer waited for
    expect(phone.locator("[data-live-none]")).to_be_visible()
    arrivals = phone.locator("[data-live-quarters] .live-bar-count")
    expect(arrivals.last).to_have_text("1")
    assert phone.url == url  # not reloaded
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()
