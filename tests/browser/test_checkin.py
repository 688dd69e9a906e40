"""J9 in Kazakh: the check-in desk on a phone. The staff member starts on the home page; typed codes go through
fetch, the answer and the counts update in place."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import nav_link, new_page, sign_in_from_home
from tests.conftest import translated
from tests.registration.test_manage import insert_registrations

pytestmark = pytest.mark.browser


def test_check_in_by_typed_code_on_a_phone(browser, live_server, app, create_user, create_event, add_role):
    event = create_event(slug="desk-forum", title={"en": "Forum", "ru": "Форум", "kk": "Алдын алу форумы"})
    staff = create_user(email="desk@example.org", preferred_language="kk")
    add_role(event, staff, "checkin")
    registration_id, _ = insert_registrations(app, event, [{"name": "Әлия Нұрланқызы", "organisation": "ҰАТ"},
                                                           {"name": "Boris Petrov"}])
    with app.app_context():
        from app.extensions import db
        from app.registration.models import Registration
        code = db.session.get(Registration, registration_id).ticket_code
    t = lambda msgid, **kw: translated(app, "kk", msgid, **kw)  # noqa: E731

    phone = new_page(browser, "kk", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in_from_home(phone, app, live_server, "desk@example.org", "kk")
    nav_link(phone, app, "kk", "My events").click()
    phone.locator("tr", has_text="Алдын алу форумы").get_by_role("link", name=t("Check-in staff")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("Check-in"))
    code_box = phone.get_by_label(t("Ticket code"))
    expect(code_box).to_be_focused()  # autofocus: ready for the first person
    scan = phone.locator("[data-scan-start]")
    assert scan.is_visible() == phone.evaluate("'BarcodeDetector' in window")
    url = phone.url

    code_box.fill(code.lower())
    phone.get_by_role("button", name=t("Check in"), exact=True).click()
    result = phone.locator(".result-checked_in")
    expect(result).to_contain_text(t("Welcome! Checked in."))
    expect(result).to_contain_text("Әлия Нұрланқызы")
    expect(result).to_contain_text("ҰАТ")
    expect(phone.locator('[data-count="checked_in"]')).to_have_text("1")
    expect(phone.locator('[data-count="confirmed"]')).to_have_text("2")
    assert phone.url == url and code_box.input_value() == ""  # no reload; the box is ready for the next one

    code_box.fill(code)
    code_box.press("Enter")
    already = t("Already checked in at %(time)s.", time="TIME")
    expect(phone.locator(".result-already")).to_contain_text(re.compile(re.escape(already).replace("TIME", ".+")))

    phone.get_by_role("button", name=t("Undo check-in")).click()
    expect(phone.locator(".result-undone")).to_contain_text(t("Check-in undone for %(name)s.", name="Әлия Нұрланқызы"))
    expect(phone.locator('[data-count="checked_in"]')).to_have_text("0")

    code_box.fill("NO-SUCH-TICKET")
    code_box.press("Enter")
    expect(phone.locator(".result-not_found")).to_contain_text(
        t("Ticket not found. Check the code: it may be mistyped or for another event."))
    # Phone-sized: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()


def test_desk_finds_someone_without_a_ticket_by_name_and_checks_them_in(browser, live_server, app, create_user,
                                                                        create_event, add_role):
    """Issue 13: the visitor forgot the ticket. Staff type the name as it comes (Russian keyboard, any case)
    and admit them from the list; the list says who is in already."""
    from datetime import UTC, datetime

    event = create_event(slug="desk-names", title={"en": "Forum", "ru": "Форум", "kk": "Форум"})
    staff = create_user(email="desk2@example.org", preferred_language="ru")
    add_role(event, staff, "checkin")
    insert_registrations(app, event, [
        {"name": "Әлия Нұрланқызы", "organisation": "Ұлттық орталық", "email": "a.n@example.kz"},
        {"name": "Алия Бекова", "organisation": "Министерство юстиции", "email": "bekova@example.kz",
         "checked_in_at": datetime.now(UTC)},
        {"name": "Aliya Smith", "organisation": "UN Women", "status": "waiting"}])
    t = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731
    already = re.compile(re.escape(t("Already checked in at %(time)s.", time="TIME")).replace("TIME", r"\d\d:\d\d"))

    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        page = new_page(browser, "ru", viewport=viewport)
        sign_in_from_home(page, app, live_server, "desk2@example.org", "ru")
        page.goto(f"{live_server}/manage/events/desk-names/checkin")
        page.get_by_label(t("Name, e-mail or organisation")).fill("АЛИЯ")
        page.get_by_role("button", name=t("Find")).click()
        matches = page.locator("[data-match]")
        expect(matches).to_have_count(2)  # the waiting Aliya Smith is spelt in Latin letters
        aliya = matches.filter(has_text="Әлия Нұрланқызы")
        bekova = matches.filter(has_text="Алия Бекова")
        expect(bekova).to_contain_text(already)  # who is in already: no button
        expect(bekova.get_by_role("button")).to_have_count(0)
        expect(aliya).to_contain_text("Ұлттық орталық")
        expect(aliya).not_to_contain_text("a.n@example.kz")
        if viewport["width"] == 390:
            aliya.get_by_role("button", name=t("Check in")).click()
            expect(page.locator(".result-checked_in")).to_contain_text(t("Welcome! Checked in."))
            expect(aliya).to_contain_text(already)
            expect(aliya.get_by_role("button")).to_have_count(0)
            expect(page.locator('[data-count="checked_in"]')).to_have_text("2")
            expect(page.get_by_label(t("Name, e-mail or organisation"))).to_be_focused()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        else:
            expect(aliya).to_contain_text(already)  # checked in on the phone a moment ago
        # The organisation finds people too, in any case.
        page.get_by_label(t("Name, e-mail or organisation")).fill("юстиции")
        page.get_by_label(t("Name, e-mail or organisation")).press("Enter")
        expect(page.locator("[data-match]")).to_have_count(1)
        expect(page.locator("[data-match]")).to_contain_text("Алия Бекова")
        page.context.close()
