"""Ready for a real event, as a participant sees it on a phone and a laptop:

- "My events" in the header leads every signed-in person to their registrations across events (status,
  waiting-list position, ticket with QR, places, personal agenda) in their language, without first inviting
  them to create an event;
- a full event says so in words on the home, event and register pages before the form is sent ("full ·
  N waiting", "you will join the waiting list"), and afterwards the person sees their place in the line;
- forms respect people: the registration starts from the profile, stars work without reloading or jumping,
  each star is named with its session, long addresses wrap at 390 px, the title is asked in the event's
  main language, and no "Issue 0 certificates" button is offered.
"""
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import nav_link, new_page, sign_in_from_home, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def _violations(page) -> list[str]:
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]]


def _fits(page) -> None:
    """Nothing pushes the page wider than the screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def _register(app, event, user, place_in: int | None = None) -> None:
    from app.accounts.models import User
    from app.agenda.models import Session
    from app.events.models import Event
    from app.registration import places, services

    with app.test_request_context():
        target = db.session.get(Event, event.id)
        registration = services.register(target, db.session.get(User, user.id), answers={}, language="ru")
        if place_in is not None:
            places.join(db.session.get(Session, place_in), registration, target)
        db.session.commit()


def test_a_participant_finds_seats_the_waiting_list_and_all_their_registrations_in_russian_on_a_phone(
        browser, live_server, app, create_event, create_user, create_session, publish):
    start = date.today() + timedelta(days=40)
    course = create_event(slug="course", kind="training", capacity=20, start_date=start, end_date=start,
                          title={"en": "Course", "ru": "Курс для мониторов", "kk": "Курс"})
    workshop = create_session(course, {"en": "Mock interview", "ru": "Учебное интервью"}, capacity=6,
                              kind="training_module")
    publish(course)
    forum = create_event(slug="forum", capacity=2, start_date=start, end_date=start + timedelta(days=1),
                         title={"en": "Forum", "ru": "Форум о предупреждении пыток", "kk": "Форум"})
    with app.app_context():
        from app.events.models import Event
        from app.registration.models import FieldKind, RegistrationField

        db.session.add_all([
            RegistrationField(event_id=forum.id, key="organisation", kind=FieldKind.TEXT, required=True,
                              label={"en": "Organisation", "ru": "Организация"}),
            RegistrationField(event_id=forum.id, key="country", kind=FieldKind.COUNTRY, required=True, position=1,
                              label={"en": "Country", "ru": "Страна"})])
        db.session.commit()
        assert db.session.get(Event, forum.id)
    for n in range(3):  # two seats taken, one person waiting
        _register(app, forum, create_user(email=f"early{n}@example.org"))
    me = create_user(email="natalya@example.org", name="Наталья Ковалёва", preferred_language="ru",
                     organisation="Общественный фонд «Право и общество»", country="KZ")
    _register(app, course, me, place_in=workshop)
    ru = lambda msgid, **variables: translated(app, "ru", msgid, **variables)  # noqa: E731
    full = translated_plural(app, "ru", "Full · %(num)d waiting", "Full · %(num)d waiting", 1)
    you_will_wait = ru("If you register now, you will join the waiting list and get a seat automatically, in order, "
                       "when one frees.")

    page = new_page(browser, "ru", viewport=PHONE, is_mobile=True, has_touch=True)
    page.context.add_init_script(path=str(AXE))  # the CSP refuses injected scripts, so axe comes with the page
    sign_in_from_home(page, app, live_server, "natalya@example.org", "ru")

    # The home page says the forum is full before anyone opens it.
    card = page.locator("article.event-card", has_text="Форум о предупреждении пыток")
    expect(card.locator(".event-seats")).to_have_text(full)
    card.get_by_role("link", name="Форум о предупреждении пыток").click()
    # The event page: full, how many wait, and what registering now means.
    expect(page.locator(".key-facts")).to_contain_text(full)
    expect(page.locator("[data-availability=full]")).to_contain_text(you_will_wait)
    _fits(page)
    assert _violations(page) == []
    page.get_by_role("link", name=ru("Join the waiting list")).click()

    # The register page says it again before the form is sent; the form starts from the profile.
    expect(page.locator("[data-availability=full]")).to_contain_text(full)
    expect(page.locator("[data-availability=full]")).to_contain_text(you_will_wait)
    expect(page.get_by_label("Организация")).to_have_value("Общественный фонд «Право и общество»")
    expect(page.get_by_label("Страна")).to_have_value("KZ")
    _fits(page)
    assert _violations(page) == []
    page.get_by_role("button", name=ru("Join the waiting list")).click()
    expect(page.locator(".waiting-position")).to_have_text(ru("You are number %(num)d on the waiting list.", num=2))

    # "My events" in the header: every registration, in Russian, the ticket and the place included.
    nav_link(page, app, "ru", "My events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ru("My events"))
    cards = page.locator("article.my-event")
    expect(cards).to_have_count(2)
    course_card = cards.filter(has_text="Курс для мониторов")
    expect(course_card.locator(".my-status")).to_contain_text(ru("Confirmed"))
    expect(course_card.locator(".my-ticket-qr svg")).to_be_visible()
    expect(course_card.locator(".my-places")).to_contain_text("Учебное интервью")
    expect(course_card.locator(".my-agenda")).to_contain_text("Учебное интервью")
    expect(course_card.locator(".my-agenda")).to_contain_text(ru("You have a place"))
    forum_card = cards.filter(has_text="Форум о предупреждении пыток")
    expect(forum_card.locator(".my-status")).to_contain_text(ru("On the waiting list"))
    expect(forum_card).to_contain_text(ru("You are number %(num)d on the waiting list.", num=2))
    # No invitation to create an event stands before the person's own registrations.
    expect(page.locator("main .button", has_text=ru("Create an event"))).to_have_count(0)
    _fits(page)
    assert _violations(page) == []
    course_card.get_by_role("link", name=ru("Open your ticket")).click()
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    page.context.close()


def test_starring_keeps_the_page_where_it_is_and_names_each_star_in_kazakh(browser, live_server, app, create_event,
                                                                          create_user, create_session, publish):
    from playwright.sync_api import expect as wait_until

    event = create_event(slug="forum", title={"en": "Forum", "kk": "Форум"})
    titles = [f"Секция {n}" for n in range(1, 13)]
    for n, title in enumerate(titles):
        create_session(event, {"en": f"Session {n + 1}", "kk": title}, day=1 + n // 6, start=time(9 + n % 6))
    publish(event)
    create_user(email="asel@example.org", preferred_language="kk")
    kk = lambda msgid, **variables: translated(app, "kk", msgid, **variables)  # noqa: E731

    page = new_page(browser, "kk")
    sign_in_from_home(page, app, live_server, "asel@example.org", "kk")
    page.goto(f"{live_server}/events/forum/agenda")
    star = page.get_by_role("button", name=f"{kk('Add to my agenda')}: Секция 11", exact=True)
    star.scroll_into_view_if_needed()
    page.evaluate("window.stillTheSamePage = true")
    before = page.evaluate("window.scrollY")
    assert before > 0
    star.click()
    starred = page.get_by_role("button", name=f"{kk('In my agenda')}: Секция 11", exact=True)
    wait_until(starred).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert page.evaluate("window.scrollY") == before          # no jump to the top
    assert page.url.endswith("/events/forum/agenda")
    # Every other star keeps its own name and state; the star was saved.
    expect(page.get_by_role("button", name=f"{kk('Add to my agenda')}: Секция 10", exact=True)).to_have_attribute(
        "aria-pressed", "false")
    page.reload()
    expect(page.get_by_role("button", name=f"{kk('In my agenda')}: Секция 11", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    # And back off again, still without leaving the page.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name=f"{kk('In my agenda')}: Секция 11", exact=True).click()
    expect(page.get_by_role("button", name=f"{kk('Add to my agenda')}: Секция 11", exact=True)).to_have_attribute(
        "aria-pressed", "false")
    assert page.evaluate("window.stillTheSamePage") is True
    page.context.close()


def test_forms_respect_people_long_addresses_main_language_title_and_no_empty_certificate_button(
        browser, live_server, app, create_event, create_user):
    start = date.today() + timedelta(days=30)
    create_event(slug="seminar", capacity=30, start_date=start, end_date=start,
                 title={"en": "Seminar", "ru": "Семинар", "kk": "Семинар"})
    email = "aleksandra.konstantinopolskayavasilyeva.internationalcooperation@ombudsmanoffice.example.org"
    create_user(email=email, name="Александра Константинопольская-Васильева-Нурмухамедова", preferred_language="ru")
    ru = lambda msgid, **variables: translated(app, "ru", msgid, **variables)  # noqa: E731

    phone = new_page(browser, "ru", viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in_from_home(phone, app, live_server, email, "ru")
    phone.goto(f"{live_server}/events/seminar/register")
    expect(phone.locator("p.identity")).to_contain_text(email)
    _fits(phone)
    phone.get_by_role("button", name=ru("Register")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(ru("Your registration"))
    for path in ("/events/seminar/registration", "/me/", "/account/profile"):
        phone.goto(f"{live_server}{path}")
        _fits(phone)
    phone.goto(f"{live_server}/me/")
    phone.get_by_role("link", name=ru("Open your ticket")).click()
    expect(phone.locator(".ticket-name")).to_be_visible()
    _fits(phone)

    # The create form asks for the title in the main language (Russian here), not in English.
    phone.goto(f"{live_server}/me/")
    phone.get_by_role("link", name=ru("Create an event")).click()
    expect(phone.locator("#title-ru")).to_have_attribute("required", "")
    expect(phone.locator("#title-en")).not_to_have_attribute("required", "")
    phone.locator("#title-ru").fill("Круглый стол о мониторинге")
    phone.get_by_label(ru("First day")).fill(start.isoformat())
    phone.get_by_label(ru("Last day")).fill(start.isoformat())
    phone.get_by_role("button", name=ru("Create event")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Круглый стол о мониторинге")
    _fits(phone)

    # A training nobody has completed: the certificates page offers no "Issue 0 certificates" button.
    training = create_event(slug="training", kind="training", organiser=_user(app, email),
                            title={"en": "Training", "ru": "Тренинг"})
    phone.goto(f"{live_server}/manage/events/{training.slug}/certificates")
    zero = translated_plural(app, "ru", "Issue %(num)d certificate", "Issue %(num)d certificates", 0)
    expect(phone.get_by_role("button", name=zero)).to_have_count(0)
    expect(phone.locator(".issue-none")).to_have_text(
        ru("No certificate to issue yet: nobody has completed the training."))
    phone.context.close()


def _user(app, email):
    from app.accounts.models import User

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        db.session.expunge(user)
        return user
