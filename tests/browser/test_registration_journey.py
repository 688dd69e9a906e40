import re

import pytest

from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD, translated

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email, lang="ru"):
    page.goto(f"{live_server}/account/login?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def test_register_in_russian_fill_the_event_wait_and_get_promoted(browser, live_server, app, mailbox, create_event,
                                                                create_user):
    from app.registration.models import Registration

    event = create_event(slug="forum", capacity=1, title={"en": "Forum", "ru": "Форум"}, default_language="ru")
    with app.app_context():
        from app.registration.models import FieldKind, RegistrationField
        db.session.add(RegistrationField(event_id=event.id, key="organisation", kind=FieldKind.TEXT, required=True,
                                         label={"en": "Organisation", "ru": "Организация"}))
        db.session.commit()
    create_user(email="first@example.org", name="Первый Участник", preferred_language="ru")
    create_user(email="second@example.org", name="Второй Участник", preferred_language="ru")

    first = browser.new_context(locale="ru-RU").new_page()
    _sign_in(first, live_server, "first@example.org")
    first.goto(f"{live_server}/events/forum")
    first.get_by_role("link", name=translated(app, "ru", "Register"), exact=True).click()
    first.get_by_label("Организация").fill("Бюро по правам человека")
    first.get_by_role("button", name=translated(app, "ru", "Register")).click()
    assert translated(app, "ru", "Confirmed") in first.locator(".status-card").inner_text()
    [mail] = mailbox.wait_for("first@example.org")
    assert mail["Subject"] == translated(app, "ru", "Your registration is confirmed")

    # The only seat is taken: the second person joins the waiting list.
    second = browser.new_context(locale="ru-RU").new_page()
    _sign_in(second, live_server, "second@example.org")
    second.goto(f"{live_server}/events/forum/register")
    second.get_by_label("Организация").fill("НПМ")
    second.get_by_role("button", name=translated(app, "ru", "Register")).click()
    assert translated(app, "ru", "On the waiting list") in second.locator(".status-card").inner_text()
    assert mailbox.wait_for("second@example.org")[0]["Subject"] == translated(app, "ru", "You are on the waiting list")

    # The first cancels (with confirmation); the second is promoted and told, in Russian.
    first.get_by_role("link", name=translated(app, "ru", "Cancel my registration")).click()
    first.get_by_role("button", name=translated(app, "ru", "Yes, cancel my registration")).click()
    assert translated(app, "ru", "Cancelled") in first.locator(".status-card").inner_text()
    promoted = mailbox.wait_for("second@example.org", count=2)[-1]
    assert promoted["Subject"] == translated(app, "ru", "A seat is free: your registration is confirmed")
    second.reload()
    assert translated(app, "ru", "Confirmed") in second.locator(".status-card").inner_text()
    second.get_by_role("link", name=translated(app, "ru", "Open your ticket")).click()
    assert second.locator(".ticket-qr svg").count() == 1
    with app.app_context():
        statuses = sorted(r.status.value for r in db.session.scalars(db.select(Registration)))
    assert statuses == ["cancelled", "confirmed"]
    first.context.close()
    second.context.close()
