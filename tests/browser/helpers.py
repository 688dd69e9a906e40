"""Steps that several browser journeys share: signing in from the home page, translated plurals."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import DEFAULT_PASSWORD, translated


def new_page(browser, lang: str, **options):
    """A fresh browser profile whose Accept-Language is `lang` (laptop-sized unless told)."""
    options.setdefault("viewport", {"width": 1280, "height": 800})
    locale = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}[lang]
    context = browser.new_context(locale=locale, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def open_site_menu(page, app, lang: str) -> None:
    """On a phone the header's links and language switcher are behind one menu button: open it (once)."""
    button = page.locator(".site-header").get_by_role("button", name=translated(app, lang, "Menu"), exact=True)
    if button.is_visible() and button.get_attribute("aria-expanded") == "false":
        page.wait_for_load_state()  # the menu's script is bound by then: a click before it would be lost
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")


def sign_in_from_home(page, app, live_server: str, email: str, lang: str, password: str = DEFAULT_PASSWORD) -> None:
    """Open the home page, follow "Sign in" in the header and sign in; ends back on the home page."""
    page.goto(f"{live_server}/")
    assert page.locator("html").get_attribute("lang") == lang
    open_site_menu(page, app, lang)
    page.get_by_role("navigation", name=translated(app, lang, "Main")).get_by_role(
        "link", name=translated(app, lang, "Sign in")).click()
    page.get_by_label(translated(app, lang, "E-mail address")).fill(email)
    page.get_by_label(translated(app, lang, "Password"), exact=True).fill(password)
    page.locator("form.card").get_by_role("button", name=translated(app, lang, "Sign in")).click()
    page.get_by_role("button", name=translated(app, lang, "Sign out"), include_hidden=True).wait_for(state="attached")


def nav_link(page, app, lang: str, msgid: str):
    """A link of the site's main navigation, by its translated name (on a phone, the menu button is tapped first)."""
    open_site_menu(page, app, lang)
    return page.get_by_role("navigation", name=translated(app, lang, "Main")).get_by_role(
        "link", name=translated(app, lang, msgid), exact=True)


def tab(page, app, lang: str, msgid: str, nav: str = "Event management"):
    """A tab of an event's management navigation, by its translated name."""
    return page.get_by_role("navigation", name=translated(app, lang, nav)).get_by_role(
        "link", name=translated(app, lang, msgid), exact=True)


def catalog_text(app, lang: str, msgid: str, **variables) -> str:
    """What the catalog gives for `msgid` now, translated or not yet (for messages waiting for translators)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context():
        with force_locale(lang):
            return gettext(msgid, **variables)


def translated_plural(app, lang: str, singular: str, plural: str, num: int, **variables) -> str:
    """The catalog's plural form of a message for `num` (Russian has three)."""
    from flask_babel import force_locale, ngettext

    with app.test_request_context():
        with force_locale(lang):
            text = ngettext(singular, plural, num, **variables)
    if lang != "en":
        assert text not in (singular % dict(num=num, **variables), plural % dict(num=num, **variables)), \
            f"no {lang} translation for {plural!r}"
    return text


def add_material(app, event, filename: str, *, session_id: int | None = None, visibility: str = "public",
                 language: str = "ru") -> int:
    """A PDF material added through the service, as an organiser would; returns its id."""
    from app.core.storage import get_storage
    from app.events.models import Event
    from app.extensions import db
    from app.materials import services
    from app.materials.uploads import stage_bytes
    from tests.materials import samples

    with app.test_request_context():
        target = db.session.get(Event, event.id)
        storage = get_storage()
        with stage_bytes(storage, samples.pdf(filename), filename) as staged:
            material = services.create_material(target, None, kind="file", session_id=session_id, title={},
                                                language=language, visibility=visibility, embargo_until_start=False,
                                                staged=staged, storage=storage)
        db.session.commit()
        return material.id
