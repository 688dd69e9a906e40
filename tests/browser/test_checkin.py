"""The check-in desk on a phone: typed codes go through fetch, the answer and the counts update in place."""
import pytest

from tests.conftest import DEFAULT_PASSWORD
from tests.registration.test_manage import insert_registrations

pytestmark = pytest.mark.browser


def test_check_in_by_typed_code_on_a_phone(phone, live_server, app, create_user, create_event, add_role):
    event = create_event(slug="desk-forum")
    staff = create_user(email="desk@example.org", preferred_language="en")
    add_role(event, staff, "checkin")
    registration_id, _ = insert_registrations(app, event, [{"name": "Aliya Nurlanovna", "organisation": "NHRI"},
                                                           {"name": "Boris Petrov"}])
    with app.app_context():
        from app.extensions import db
        from app.registration.models import Registration
        code = db.session.get(Registration, registration_id).ticket_code

    phone.goto(f"{live_server}/account/login?lang=en")
    phone.get_by_label("E-mail address").fill("desk@example.org")
    phone.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_role("button", name="Sign out").wait_for(state="attached")

    phone.goto(f"{live_server}/manage/events/{event.slug}/checkin")
    code_box = phone.get_by_label("Ticket code")
    assert code_box.evaluate("el => el === document.activeElement")  # autofocus: ready for the first person
    scan = phone.locator("[data-scan-start]")
    assert scan.is_visible() == phone.evaluate("'BarcodeDetector' in window")
    url = phone.url

    code_box.fill(code.lower())
    phone.get_by_role("button", name="Check in", exact=True).click()
    result = phone.locator(".result-checked_in")
    result.wait_for()
    assert "Aliya Nurlanovna" in result.inner_text() and "NHRI" in result.inner_text()
    assert phone.locator('[data-count="checked_in"]').inner_text() == "1"
    assert phone.locator('[data-count="confirmed"]').inner_text() == "2"
    assert phone.url == url and code_box.input_value() == ""  # no reload; the box is ready for the next one

    code_box.fill(code)
    code_box.press("Enter")
    phone.locator(".result-already").wait_for()
    assert "Already checked in at" in phone.locator(".result-already").inner_text()

    phone.get_by_role("button", name="Undo check-in").click()
    phone.locator(".result-undone").wait_for()
    assert phone.locator('[data-count="checked_in"]').inner_text() == "0"

    code_box.fill("NO-SUCH-TICKET")
    code_box.press("Enter")
    phone.locator(".result-not_found").wait_for()
    assert "Ticket not found" in phone.locator(".result-not_found").inner_text()
    # Phone-sized: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
