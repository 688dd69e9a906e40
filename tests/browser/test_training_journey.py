"""Trainings end to end (J9, J10), each person in their own language: check-in staff mark attendance in Kazakh
at the desk and by roll call, the organiser issues certificates in Russian, the participant downloads hers
(a Russian PDF) and checks it on the public verification page. Everyone starts on the home page."""
import re
from datetime import time

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from app.extensions import db
from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser

TITLE = {"en": "Course for new monitors", "ru": "Курс для новых членов НПМ", "kk": "ҰАТ жаңа мүшелеріне курс"}
MODULES = [{"en": f"Module {n}: interviewing", "ru": f"Модуль {n}: интервью", "kk": f"{n}-модуль: сұхбат"}
           for n in (1, 2)]


def _register(app, event, user, name):
    from app.registration.models import Registration, RegistrationStatus

    with app.app_context():
        registration = Registration(event_id=event.id, user_id=user.id, email=user.email, name=name,
                                    organisation="НПМ", language="ru", status=RegistrationStatus.CONFIRMED)
        db.session.add(registration)
        db.session.commit()
        return registration.ticket_code


def test_attendance_certificate_and_verification(browser, live_server, app, create_user, create_event,
                                                 create_session, publish, add_role, tmp_path):
    from app.agenda.models import SessionKind
    from app.events.models import EventKind

    organiser = create_user(email="dana@example.org", name="Дана Абенова", preferred_language="ru")
    event = create_event(organiser=organiser, slug="monitors-course", kind=EventKind.TRAINING, title=TITLE,
                         default_language="ru")
    staff = create_user(email="desk@example.org", name="Данияр Садыков", preferred_language="kk")
    add_role(event, staff, "checkin")
    for module, start in zip(MODULES, (time(9), time(14))):
        create_session(event, module, start=start, minutes=120, kind=SessionKind.TRAINING_MODULE)
    publish(event)
    aigul = create_user(email="aigul@example.org", name="Айгуль Жаксылыкова", preferred_language="ru")
    boris = create_user(email="boris@example.org", name="Борис Петров", preferred_language="ru")
    code = _register(app, event, aigul, "Айгуль Жаксылыкова")
    _register(app, event, boris, "Борис Петров")

    # Check-in staff, in Kazakh: module 1 by the ticket code, module 2 by roll call.
    kk = lambda msgid, **kw: translated(app, "kk", msgid, **kw)  # noqa: E731
    desk = new_page(browser, "kk")
    sign_in_from_home(desk, app, live_server, "desk@example.org", "kk")
    nav_link(desk, app, "kk", "My events").click()
    desk.locator("tr", has_text=TITLE["kk"]).get_by_role("link", name=kk("Check-in staff")).click()
    tab(desk, app, "kk", "Attendance").click()  # check-in staff get the event menu with their two pages
    desk.locator("tr", has_text=MODULES[0]["kk"]).get_by_role(
        "link", name=re.compile("^" + re.escape(kk("Mark by ticket")))).click()
    code_box = desk.get_by_label(kk("Ticket code"))
    code_box.fill(code.lower())
    desk.get_by_role("button", name=kk("Mark present")).click()
    expect(desk.locator(".result-marked")).to_contain_text(kk("Marked present."))
    expect(desk.locator(".result-marked")).to_contain_text("Айгуль Жаксылыкова")
    expect(desk.locator('[data-count="present"]')).to_have_text("1")
    expect(code_box).to_have_value("")
    # Switch module with the picker, then take the roll call there.
    desk.get_by_label(kk("Module"), exact=True).select_option(label=desk.locator("#module-picker option").nth(1).inner_text())
    desk.get_by_role("button", name=kk("Open")).click()
    expect(desk.locator("h1")).to_have_text(MODULES[1]["kk"])
    desk.get_by_role("link", name=kk("Roll call for this module")).click()
    desk.get_by_label("Айгуль Жаксылыкова").check()
    desk.get_by_role("button", name=kk("Save the roll call")).click()
    expect(desk.locator(".flash-success")).to_have_text(kk(
        "Roll call saved: %(added)s, %(removed)s.",
        added=translated_plural(app, "kk", "%(num)d marked present", "%(num)d marked present", 1),
        removed=translated_plural(app, "kk", "%(num)d removed", "%(num)d removed", 0)))
    expect(desk.get_by_label("Айгуль Жаксылыкова")).to_be_checked()
    expect(desk.get_by_label("Борис Петров")).not_to_be_checked()
    desk.context.close()

    # The organiser, in Russian: one participant completed (2 of 2 modules); issue the certificate.
    ru = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731
    office = new_page(browser, "ru")
    sign_in_from_home(office, app, live_server, "dana@example.org", "ru")
    nav_link(office, app, "ru", "My events").click()
    office.get_by_role("link", name=TITLE["ru"]).click()
    tab(office, app, "ru", "Certificates").click()
    office.get_by_role("button", name=translated_plural(app, "ru", "Issue %(num)d certificate",
                                                        "Issue %(num)d certificates", 1)).click()
    expect(office.locator(".flash-success")).to_have_text(translated_plural(
        app, "ru", "%(num)d certificate issued; its holder has been told by e-mail.",
        "%(num)d certificates issued; their holders have been told by e-mail.", 1))
    expect(office.locator("tr", has_text="Айгуль Жаксылыкова")).to_contain_text(ru("valid"))
    expect(office.locator("tr", has_text="Борис Петров")).to_contain_text("—")
    office.context.close()

    # The participant, in Russian: from the event's page to her attendance, the certificate, its verification.
    mine = new_page(browser, "ru", accept_downloads=True)
    sign_in_from_home(mine, app, live_server, "aigul@example.org", "ru")
    mine.locator("article.event-card").get_by_role("link", name=TITLE["ru"]).click()
    mine.get_by_role("link", name=ru("Your registration")).click()
    mine.get_by_role("link", name=ru("Your attendance and certificate")).click()
    expect(mine.locator(".status-card")).to_contain_text(ru("Completed"))
    with mine.expect_download() as info:
        mine.get_by_role("link", name=ru("Download your certificate (PDF)")).click()
    target = tmp_path / "certificate.pdf"
    info.value.save_as(target)
    text = "\n".join(page.extract_text() for page in PdfReader(str(target)).pages)
    for expected in ("Айгуль Жаксылыкова", TITLE["ru"], MODULES[1]["ru"]):
        assert expected in text, (expected, text)
    mine.locator("a[href^='/certificates/']").click()
    expect(mine.locator(".verify-card")).to_contain_text(ru("This certificate is valid"))
    expect(mine.locator(".verify-card")).to_contain_text("Айгуль Жаксылыкова")
    verify_url = mine.url
    assert f"/certificates/{verify_url.rsplit('/', 1)[-1]}" in text
    mine.context.close()

    # Anyone can check it, without signing in (here in Kazakh).
    anonymous = new_page(browser, "kk")
    anonymous.goto(verify_url)
    assert anonymous.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    expect(anonymous.locator("h2#verdict")).to_contain_text(kk("This certificate is valid"))
    anonymous.context.close()
