"""J5 and J6 in Russian: a participant browses the agenda, registers with the custom fields and is confirmed by
e-mail; the event is then full, a second one waits, the first cancels and the second is promoted and told.
In approval mode the registration waits for the organiser, who approves it; then comes the ticket."""
import pytest

from app.extensions import db
from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser


def _to_the_event(browser, app, live_server, email):
    """A participant's own browser, in Russian: sign in on the home page, open the forum's card."""
    page = new_page(browser, "ru")
    sign_in_from_home(page, app, live_server, email, "ru")
    page.locator("article.event-card").get_by_role("link", name="Форум").click()
    return page


def test_register_in_russian_fill_the_event_wait_and_get_promoted(browser, live_server, app, mailbox, create_event,
                                                                create_user, create_session, publish):
    from app.registration.models import Registration

    event = create_event(slug="forum", capacity=1, title={"en": "Forum", "ru": "Форум"}, default_language="ru")
    with app.app_context():
        from app.registration.models import FieldKind, RegistrationField
        db.session.add(RegistrationField(event_id=event.id, key="organisation", kind=FieldKind.TEXT, required=True,
                                         label={"en": "Organisation", "ru": "Организация"}))
        db.session.commit()
    create_session(event, {"en": "Opening", "ru": "Открытие"})
    publish(event)
    create_user(email="first@example.org", name="Первый Участник", preferred_language="ru")
    create_user(email="second@example.org", name="Второй Участник", preferred_language="ru")

    first = _to_the_event(browser, app, live_server, "first@example.org")
    # The public agenda first, in Russian.
    first.get_by_role("link", name=translated(app, "ru", "See the agenda")).click()
    assert first.locator(".session-item", has_text="Открытие").count() == 1
    first.get_by_role("navigation", name=translated(app, "ru", "Event")).get_by_role(
        "link", name=translated(app, "ru", "About")).click()
    first.get_by_role("link", name=translated(app, "ru", "Register"), exact=True).click()
    first.get_by_label("Организация").fill("Бюро по правам человека")
    first.get_by_role("button", name=translated(app, "ru", "Register")).click()
    assert translated(app, "ru", "Confirmed") in first.locator(".status-card").inner_text()
    [mail] = mailbox.wait_for("first@example.org")
    assert mail["Subject"] == translated(app, "ru", "Your registration is confirmed")

    # The only seat is taken: the pages say so, and the second person joins the waiting list.
    second = _to_the_event(browser, app, live_server, "second@example.org")
    assert translated(app, "ru", "If you register now, you will join the waiting list and get a seat automatically, "
                                 "in order, when one frees.") in second.locator("main").inner_text()
    second.get_by_role("link", name=translated(app, "ru", "Join the waiting list"), exact=True).click()
    second.get_by_label("Организация").fill("НПМ")
    second.get_by_role("button", name=translated(app, "ru", "Join the waiting list")).click()
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


def test_register_with_approval_in_russian_then_get_the_ticket(browser, live_server, app, mailbox, create_event,
                                                              create_user):
    """J5, approval mode: the custom questions (organisation, country, interpretation, accessibility), then
    pending; the organiser approves from the participants table; the participant is told and has a ticket."""
    from app.events.models import RegistrationMode
    from app.registration.models import FieldKind, RegistrationField

    organiser = create_user(email="organiser@example.org", name="Дана Абенова", preferred_language="ru")
    event = create_event(organiser=organiser, slug="forum", title={"en": "Forum", "ru": "Форум"}, default_language="ru",
                         registration_mode=RegistrationMode.APPROVAL)
    with app.app_context():
        for position, (key, kind, label) in enumerate((
                ("organisation", FieldKind.TEXT, "Организация"), ("country", FieldKind.COUNTRY, "Страна"),
                ("interpretation", FieldKind.LANGUAGE, "Язык синхронного перевода"),
                ("access", FieldKind.LONG_TEXT, "Особые потребности"))):
            db.session.add(RegistrationField(event_id=event.id, key=key, kind=kind, required=key != "access",
                                             position=position, label={"en": key, "ru": label}))
        db.session.commit()
    create_user(email="aliya@example.org", name="Алия Нурланова", preferred_language="ru")
    t = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731

    participant = _to_the_event(browser, app, live_server, "aliya@example.org")
    participant.get_by_role("link", name=t("Register"), exact=True).click()
    participant.get_by_label("Организация").fill("Офис омбудсмена")
    participant.get_by_label("Страна").select_option("KZ")
    participant.get_by_label("Язык синхронного перевода").select_option("kk")
    participant.get_by_label("Особые потребности").fill("Пандус у входа")
    participant.get_by_role("button", name=t("Register")).click()
    assert t("Awaiting approval") in participant.locator(".status-card").inner_text()
    assert mailbox.wait_for("aliya@example.org")[0]["Subject"] == t("We have received your registration")

    organiser_page = new_page(browser, "ru")
    sign_in_from_home(organiser_page, app, live_server, "organiser@example.org", "ru")
    nav_link(organiser_page, app, "ru", "My events").click()
    organiser_page.get_by_role("link", name="Форум").click()
    tab(organiser_page, app, "ru", "Participants").click()
    organiser_page.get_by_label(t("Select %(name)s", name="Алия Нурланова")).check()
    organiser_page.get_by_role("button", name=t("Approve"), exact=True).click()
    assert organiser_page.locator(".flash-success").inner_text() == translated_plural(
        app, "ru", "%(num)d registration approved.", "%(num)d registrations approved.", 1)
    organiser_page.get_by_role("link", name="Алия Нурланова").click()
    details = organiser_page.locator("main").inner_text()
    for answer in ("Офис омбудсмена", "Казахстан", "Пандус у входа"):
        assert answer in details, answer
    organiser_page.context.close()

    assert mailbox.wait_for("aliya@example.org", count=2)[-1]["Subject"] == t("Your registration has been approved")
    participant.reload()
    assert t("Confirmed") in participant.locator(".status-card").inner_text()
    participant.get_by_role("link", name=t("Open your ticket")).click()
    assert participant.locator(".ticket-qr svg").count() == 1
    participant.context.close()
