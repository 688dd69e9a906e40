"""Trainings end to end (J9, J10): staff marks attendance at the desk and by roll call, the organiser issues
certificates, the participant downloads theirs and checks it on the public verification page."""
from datetime import time

import pytest
from pypdf import PdfReader

from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(browser, live_server, email):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/account/login?lang=en")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.get_by_role("button", name="Sign out").wait_for(state="attached")
    return context, page


def _register(app, event, user, name):
    from app.registration.models import Registration, RegistrationStatus

    with app.app_context():
        registration = Registration(event_id=event.id, user_id=user.id, email=user.email, name=name,
                                    organisation="NHRI", language="en", status=RegistrationStatus.CONFIRMED)
        db.session.add(registration)
        db.session.commit()
        return registration.ticket_code


def test_attendance_certificate_and_verification(browser, live_server, app, create_user, create_event,
                                                 create_session, publish, add_role, tmp_path):
    from app.agenda.models import SessionKind
    from app.events.models import EventKind

    organiser = create_user(email="dana@example.org", name="Dana Abenova", preferred_language="en")
    event = create_event(organiser=organiser, slug="monitors-course", kind=EventKind.TRAINING,
                         title={"en": "Course for new monitors", "ru": "Курс для новых участников НПМ"})
    staff = create_user(email="desk@example.org", name="Desk", preferred_language="en")
    add_role(event, staff, "checkin")
    for n, start in enumerate((time(9), time(14))):
        create_session(event, {"en": f"Module {n + 1}: interviewing"}, start=start, minutes=120,
                       kind=SessionKind.TRAINING_MODULE)
    publish(event)
    aigul = create_user(email="aigul@example.org", name="Aigul Zhaksylykova", preferred_language="en")
    boris = create_user(email="boris@example.org", name="Boris Petrov", preferred_language="en")
    code = _register(app, event, aigul, "Aigul Zhaksylykova")
    _register(app, event, boris, "Boris Petrov")

    # Check-in staff: module 1 by the ticket code, module 2 by roll call.
    context, desk = _sign_in(browser, live_server, "desk@example.org")
    desk.goto(f"{live_server}/manage/events/{event.slug}/attendance")
    desk.locator("tr", has_text="Module 1").get_by_role("link", name="Mark by ticket").click()
    code_box = desk.get_by_label("Ticket code")
    code_box.fill(code.lower())
    desk.get_by_role("button", name="Mark present").click()
    desk.locator(".result-marked").wait_for()
    assert "Aigul Zhaksylykova" in desk.locator(".result-marked").inner_text()
    assert desk.locator('[data-count="present"]').inner_text() == "1"
    assert code_box.input_value() == ""
    # Switch module with the picker, then take the roll call there.
    desk.get_by_label("Module", exact=True).select_option(label=desk.locator("#module-picker option").nth(1).inner_text())
    desk.get_by_role("button", name="Open").click()
    assert desk.locator("h1").inner_text() == "Module 2: interviewing"
    desk.get_by_role("link", name="Roll call for this module").click()
    desk.get_by_label("Aigul Zhaksylykova").check()
    desk.get_by_role("button", name="Save the roll call").click()
    assert "Roll call saved" in desk.locator(".flash-success").inner_text()
    assert desk.get_by_label("Aigul Zhaksylykova").is_checked()
    assert not desk.get_by_label("Boris Petrov").is_checked()
    context.close()

    # Organiser: one participant completed (2 of 2 modules); issue the certificate.
    context, office = _sign_in(browser, live_server, "dana@example.org")
    office.goto(f"{live_server}/manage/events/{event.slug}/certificates")
    office.get_by_role("button", name="Issue 1 certificate").click()
    assert "1 certificate issued" in office.locator(".flash-success").inner_text()
    row = office.locator("tr", has_text="Aigul Zhaksylykova")
    assert "valid" in row.inner_text()
    assert "—" in office.locator("tr", has_text="Boris Petrov").inner_text()
    context.close()

    # Participant: sees the attendance, downloads the certificate, checks it.
    context, mine = _sign_in(browser, live_server, "aigul@example.org")
    mine.goto(f"{live_server}/events/{event.slug}/my-attendance")
    assert "Completed" in mine.locator(".status-card").inner_text()
    with mine.expect_download() as info:
        mine.get_by_role("link", name="Download your certificate (PDF)").click()
    target = tmp_path / "certificate.pdf"
    info.value.save_as(target)
    text = "\n".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert "Aigul Zhaksylykova" in text and "Course for new monitors" in text and "Module 2: interviewing" in text
    mine.locator("a[href^='/certificates/']").click()
    assert "This certificate is valid" in mine.locator(".verify-card").inner_text()
    assert "Aigul Zhaksylykova" in mine.locator(".verify-card").inner_text()
    verify_url = mine.url
    code_on_pdf = verify_url.rsplit("/", 1)[-1]
    assert f"/certificates/{code_on_pdf}" in text
    context.close()

    # Anyone can check it, without signing in.
    context = browser.new_context()
    anonymous = context.new_page()
    anonymous.goto(verify_url)
    assert anonymous.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    assert "This certificate is valid" in anonymous.locator("h2").inner_text()
    context.close()
