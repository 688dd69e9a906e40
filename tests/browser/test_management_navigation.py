"""The organiser's menu fits a laptop and a phone, in English, Russian and Kazakh (issue 13, point 7).

At 1280 × 800 every destination of the menu (a training has the most) is on the first screen, unclipped,
on the widest page of the area (the agenda grid). At 390 × 844 one menu button opens the menu, and the
management bar above the page stays small; the site's header is one row whose menu button shows its links and
the language switcher, so the whole header (site header and management bar) takes at most 15% of the screen.
"""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import new_page, sign_in_from_home
from tests.conftest import translated

pytestmark = pytest.mark.browser

TITLE = {
    "en": "Forum on the National Preventive Mechanism against Torture: national and international practice",
    "ru": "Форум по национальному превентивному механизму против пыток: национальная и международная практика",
    "kk": "Азаптауларға қарсы ұлттық алдын алу тетігі жөніндегі форум: ұлттық және халықаралық тәжірибе",
}
DESTINATIONS = ("Overview", "Settings", "Registration form", "Clone", "Agenda", "Speakers", "Materials",
                "Limited sessions", "Interpretation", "Participants", "Invitations", "Team", "Reminders", "Messages",
                "Check-in", "Live view", "Attendance", "Notes", "Certificates", "Feedback", "Activity log",
                "Public page")

# Is the element's centre really the element (not covered, not scrolled away inside the menu)?
UNCOVERED = """link => {
  const box = link.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && link.contains(hit);
}"""


@pytest.fixture
def training(create_user, create_event):
    """A training (the longest menu) whose organiser is organiser@example.org."""
    from app.events.models import EventKind

    organiser = create_user(email="organiser@example.org", name="Organiser")
    return create_event(organiser=organiser, slug="training", kind=EventKind.TRAINING, title=TITLE)


def test_every_destination_is_on_the_first_screen_at_1280_in_each_language(browser, live_server, app, training):
    page = new_page(browser, "en")
    sign_in_from_home(page, app, live_server, "organiser@example.org", "en")
    for lang in ("en", "ru", "kk"):
        page.goto(f"{live_server}/manage/events/training/agenda?lang={lang}")
        menu = page.get_by_role("navigation", name=translated(app, lang, "Event management"))
        expect(menu.get_by_role("button")).to_be_hidden()
        links = menu.get_by_role("link")
        expect(links).to_have_count(len(DESTINATIONS))
        for msgid in DESTINATIONS:
            link = menu.get_by_role("link", name=translated(app, lang, msgid), exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= 1280, (lang, msgid, box)
            assert 0 <= box["y"] and box["y"] + box["height"] <= 800, (lang, msgid, box)
            assert link.evaluate(UNCOVERED), (lang, msgid)
        expect(menu.get_by_role("link", name=translated(app, lang, "Agenda"), exact=True)).to_have_attribute(
            "aria-current", "page")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, lang


def test_one_menu_button_opens_the_menu_on_a_phone(browser, live_server, app, training):
    phone = new_page(browser, "en", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in_from_home(phone, app, live_server, "organiser@example.org", "en")
    for lang in ("kk", "ru"):
        phone.goto(f"{live_server}/manage/events/training/agenda?lang={lang}")
        menu = phone.get_by_role("navigation", name=translated(app, lang, "Event management"))
        button = menu.get_by_role("button")
        expect(button).to_have_count(1)
        expect(button).to_be_visible()
        expect(button).to_contain_text(translated(app, lang, "Menu"))
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(menu.get_by_role("link", name=translated(app, lang, "Team"), exact=True)).to_be_hidden()
        # The management bar takes a few per cent of the screen; the page's own heading follows at once.
        bar = menu.bounding_box()
        assert bar["height"] <= 0.07 * 844, bar
        # The site's header is one row with one menu button; with the bar below it, at most 15% of the screen.
        header = phone.locator(".site-header")
        site_menu = header.get_by_role("button", name=translated(app, lang, "Menu"), exact=True)
        expect(site_menu).to_have_attribute("aria-expanded", "false")
        main_nav = phone.get_by_role("navigation", name=translated(app, lang, "Main"))
        switcher = phone.get_by_role("navigation", name=translated(app, lang, "Language"))
        expect(main_nav).to_be_hidden()
        expect(switcher).to_be_hidden()
        assert header.bounding_box()["height"] <= 60, header.bounding_box()
        assert bar["y"] + bar["height"] <= 0.15 * 844, (lang, bar)
        assert phone.locator("main h1").bounding_box()["y"] <= bar["y"] + bar["height"] + 24
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, lang

        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        for msgid in DESTINATIONS:
            expect(menu.get_by_role("link", name=translated(app, lang, msgid), exact=True)).to_be_visible()
        phone.keyboard.press("Escape")
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(menu.get_by_role("link", name=translated(app, lang, "Team"), exact=True)).to_be_hidden()

        # The site's menu button shows every link of the header and the language switcher; Escape hides them.
        site_menu.click()
        expect(site_menu).to_have_attribute("aria-expanded", "true")
        for msgid in ("Events", "My agenda", "My events", "Profile"):
            expect(main_nav.get_by_role("link", name=translated(app, lang, msgid), exact=True)).to_be_visible()
        expect(main_nav.get_by_role("button", name=translated(app, lang, "Sign out"))).to_be_visible()
        for name in ("English", "Русский", "Қазақша"):
            expect(switcher.get_by_role("button", name=name)).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, lang
        main_nav.get_by_role("link", name=translated(app, lang, "Profile"), exact=True).focus()
        phone.keyboard.press("Escape")
        expect(site_menu).to_have_attribute("aria-expanded", "false")
        expect(site_menu).to_be_focused()
        expect(main_nav).to_be_hidden()

    # The language switcher works from the menu: the page comes back in the chosen language, menu closed.
    site_menu.click()
    switcher.get_by_role("button", name="Қазақша").click()
    expect(phone.locator("html")).to_have_attribute("lang", "kk")
    expect(phone.get_by_role("navigation", name=translated(app, "kk", "Main"))).to_be_hidden()


# A card shows all it holds: nothing overflows it, and each part lies inside it.
WHOLE = """card => {
  const box = card.getBoundingClientRect();
  const inside = [...card.querySelectorAll('.gs-title, .gs-people, .conflict-badge, .gs-move')].every(part => {
    const r = part.getBoundingClientRect();
    return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
  return inside && card.scrollHeight <= card.clientHeight + 1;
}"""


def test_builder_grid_shows_title_people_and_conflicts_of_every_session_without_hover(
        browser, live_server, app, training, create_session):
    """Short sessions with long titles and several speakers, two of them double-booking a room."""
    from datetime import time

    from app.agenda.models import PersonRole, Room
    from app.extensions import db

    with app.app_context():
        room = Room(event_id=training.id, name={"en": "Plenary hall", "ru": "Пленарный зал"}, capacity=100)
        db.session.add(room)
        db.session.commit()
        room_id = room.id
    people = [("Raushan Bekmukhambetova", PersonRole.CHAIR), ("Nurlan Abdrakhmanov", PersonRole.PANELIST),
              ("György Szabó", PersonRole.PANELIST)]
    long_title = {"en": "Public oversight of places of deprivation of liberty: problems and challenges",
                  "ru": "Общественный контроль в местах лишения свободы: проблемы и вызовы"}
    create_session(training, long_title, start=time(9), minutes=15, people=people, room_id=room_id)
    create_session(training, {"en": "Legal framework", "ru": "Законодательная база"}, start=time(10), minutes=30,
                   people=people[:2], room_id=room_id)
    create_session(training, {"en": "Monitoring practice", "ru": "Практика мониторинга"}, start=time(10, 15),
                   minutes=30, people=people[:1], room_id=room_id)

    page = new_page(browser, "en")
    sign_in_from_home(page, app, live_server, "organiser@example.org", "en")
    page.goto(f"{live_server}/manage/events/training/agenda?lang=ru")
    cards = page.locator("article.grid-session")
    expect(cards).to_have_count(3)
    expect(page.locator("article.grid-session.has-conflict .conflict-badge")).not_to_have_count(0)
    page.mouse.move(0, 0)  # nothing hovered
    for index in range(3):
        card = cards.nth(index)
        assert card.evaluate(WHOLE), card.inner_text()
    expect(cards.first.locator(".gs-people")).to_contain_text("György Szabó")
