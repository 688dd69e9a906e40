"""J1 in Kazakh: an organiser (an event creator: her events need no approval) starts on the home page,
creates a training with its texts in three languages, dates, the Asia/Almaty time zone, venue, languages,
visibility, capacity, a registration window and approval mode; the overview and the public page show what
was entered, and the times are stored in UTC."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import catalog_text, nav_link, new_page, sign_in_from_home, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser

TEXTS = {
    "title": {"en": "Course for new NPM monitors", "ru": "Курс для новых членов НПМ",
              "kk": "ҰАТ-тың жаңа мүшелеріне арналған курс"},
    "summary": {"en": "Three days of practice.", "ru": "Три дня практики.", "kk": "Үш күндік практика."},
    "description": {"en": "Visits to places of **detention**.", "ru": "Посещения мест **лишения свободы**.",
                    "kk": "Бас бостандығынан айыру орындарына **бару**."},
    "venue": {"en": "Almaty, Hotel Kazakhstan", "ru": "Алматы, гостиница «Казахстан»",
              "kk": "Алматы, «Қазақстан» қонақ үйі"},
}


def test_organiser_creates_a_training_in_kazakh(browser, live_server, app, create_user):
    from app.events.models import Event, EventKind, RegistrationMode, Visibility

    create_user(email="dana@example.org", name="Dana Abenova", preferred_language="kk", is_event_creator=True)
    page = new_page(browser, "kk")
    t = lambda msgid, **kw: translated(app, "kk", msgid, **kw)  # noqa: E731

    sign_in_from_home(page, app, live_server, "dana@example.org", "kk")
    nav_link(page, app, "kk", "My events").click()
    page.get_by_role("link", name=t("Create an event")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Create an event"))

    for name, texts in TEXTS.items():
        for lang, text in texts.items():
            page.locator(f"#{name}-{lang}").fill(text)
    first_day = date.today() + timedelta(days=60)
    last_day = first_day + timedelta(days=2)
    opens = datetime.combine(date.today() + timedelta(days=10), time(9, 0))
    closes = datetime.combine(first_day - timedelta(days=1), time(18, 0))
    page.get_by_label(t("First day")).fill(first_day.isoformat())
    page.get_by_label(t("Last day")).fill(last_day.isoformat())
    page.get_by_label(t("Time zone")).select_option("Asia/Almaty")
    page.get_by_label(t("Kind of event")).select_option(label=t("Training"))
    page.get_by_label(t("Web address")).fill("monitors-course")
    for lang in ("en", "ru", "kk"):
        expect(page.locator(f"input[name=languages][value={lang}]")).to_be_checked()
    page.get_by_label(t("Main language")).select_option("kk")
    page.get_by_label(t("Public: listed on the home page")).check()
    page.get_by_label(t("Approval: an organiser approves each registration")).check()
    page.get_by_label(t("Capacity (seats)")).fill("24")
    page.get_by_label(t("Registration opens")).fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(t("Registration closes")).fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name=t("Create event")).click()

    # The overview of the new event.
    expect(page.locator(".flash-success")).to_have_text(catalog_text(app, "kk", "The event has been created."))
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS["title"]["kk"])
    facts = page.locator("section.card", has=page.get_by_role("heading", name=t("The event"))).locator("dl")
    expect(facts).to_contain_text(t("Training"))
    expect(facts).to_contain_text("Asia/Almaty")
    expect(facts).to_contain_text(t("Public"))
    expect(facts).to_contain_text(t("With the organisers' approval"))
    expect(facts).to_contain_text(translated_plural(app, "kk", "%(num)d seat", "%(num)d seats", 24))
    translations = page.locator("section.card", has=page.get_by_role("heading", name=t("Translations")))
    expect(translations.locator(".badge-ok")).to_have_count(3)
    expect(translations.locator(".badge-missing")).to_have_count(0)

    # Stored as typed, with the registration window converted from Almaty time to UTC.
    almaty = ZoneInfo("Asia/Almaty")
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "monitors-course"))
        assert {name: getattr(event, name) for name in TEXTS} == TEXTS
        assert (event.kind, event.visibility, event.registration_mode) == (
            EventKind.TRAINING, Visibility.PUBLIC, RegistrationMode.APPROVAL)
        assert (event.start_date, event.end_date, event.timezone) == (first_day, last_day, "Asia/Almaty")
        assert (event.languages, event.default_language, event.capacity) == (["en", "ru", "kk"], "kk", 24)
        stored = [value.replace(tzinfo=value.tzinfo or UTC)
                  for value in (event.registration_opens_at, event.registration_closes_at)]
        assert stored == [opens.replace(tzinfo=almaty), closes.replace(tzinfo=almaty)]

    # The public page, reached from the home page like everyone else.
    nav_link(page, app, "kk", "Events").click()
    card = page.locator("article.event-card", has_text=TEXTS["title"]["kk"])
    expect(card).to_contain_text(t("Training"))
    expect(card).to_contain_text(TEXTS["venue"]["kk"])
    card.get_by_role("link", name=TEXTS["title"]["kk"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS["title"]["kk"])
    expect(page.locator(".lead")).to_have_text(TEXTS["summary"]["kk"])
    expect(page.locator(".event-description strong")).to_have_text("бару")
    facts = page.locator(".key-facts")
    expect(facts).to_contain_text(TEXTS["venue"]["kk"])
    expect(facts).to_contain_text("(Asia/Almaty)")
    expect(facts).to_contain_text(t("With the organisers' approval"))
    expect(facts).to_contain_text("09:00")  # the opening time, in the event's time zone
    expect(page.get_by_role("link", name=t("Register"), exact=True)).to_have_count(0)  # not open yet

    # The same page in Russian, through the language switcher.
    page.get_by_role("navigation", name=t("Language")).get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS["title"]["ru"])
    expect(page.locator(".key-facts")).to_contain_text(TEXTS["venue"]["ru"])
    page.context.close()
