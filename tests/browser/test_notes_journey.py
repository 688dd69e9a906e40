"""J8 in a real browser: a rapporteur writes a Russian note, translates it into Kazakh side by side,
the matrix follows every step, the organiser publishes, and the report reads in each language."""
from datetime import date, time

import pytest

from app.agenda.models import PersonRole
from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab
from tests.conftest import translated

pytestmark = pytest.mark.browser

RUSSIAN = "Форум открыл модератор **Ербол Мухамеджанов**.\n\nКлючевые тезисы:\n\n- превентивная работа — это партнёрство"
KAZAKH = "Форумды модератор **Ербол Мұхамеджанов** ашты.\n\nНегізгі тұжырымдар:\n\n- алдын алу жұмысы — әріптестік"
RUSSIAN_ADDITION = "\n- НПМ независим от всех ветвей власти"
KAZAKH_ADDITION = "\n- ҰАТ биліктің барлық тармақтарынан тәуелсіз"


def _to_the_matrix(page, app, live_server: str, email: str, role: str) -> None:
    """From the home page, in Russian: sign in, then "My events" and the role's link to the notes."""
    sign_in_from_home(page, app, live_server, email, "ru")
    nav_link(page, app, "ru", "My events").click()
    row = page.locator("tr", has_text="Форум по НПМ")
    if role == "rapporteur":
        row.get_by_role("link", name=translated(app, "ru", "Rapporteur")).click()
    else:
        row.get_by_role("link", name="Форум по НПМ").click()
        tab(page, app, "ru", "Notes").click()
    assert page.locator("html").get_attribute("lang") == "ru"


def _open_editor(page, session_id: int, language: str) -> None:
    _cell(page, session_id, language).locator("a").click()
    page.wait_for_load_state()  # notes.js (deferred) listens for typing only once it has run


def _back_to_the_matrix(page, app) -> None:
    page.locator(".breadcrumb").get_by_role("link", name=translated(app, "ru", "Notes and translations")).click()


def _cell(page, session_id: int, language: str):
    return page.locator(f"#row-session-{session_id} td[data-language='{language}']")


def _state(page, session_id: int, language: str) -> str:
    return _cell(page, session_id, language).get_attribute("data-state")


def test_write_translate_publish_and_read_the_report(browser, live_server, app, create_event, create_user,
                                                     add_role, create_session, publish):
    organiser = create_user(email="organiser@example.org", name="Aigerim Nurlanova", preferred_language="ru")
    rapporteur = create_user(email="rapporteur@example.org", name="Olga Petrenko", preferred_language="ru")
    event = create_event(organiser=organiser, slug="forum", languages=["ru", "en", "kk"], default_language="ru",
                         start_date=date(2017, 5, 16), end_date=date(2017, 5, 17),
                         title={"ru": "Форум по НПМ", "en": "NPM forum", "kk": "ҰАТ форумы"})
    add_role(event, rapporteur, "rapporteur")
    opening = create_session(event, {"ru": "Открытие форума", "en": "Opening of the forum", "kk": "Форумның ашылуы"},
                             start=time(9, 30), people=[("Askar Shakirov", PersonRole.SPEAKER)])
    publish(event)
    errors = []

    # The rapporteur writes the Russian note, with a live preview.
    page = new_page(browser, "ru")
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _to_the_matrix(page, app, live_server, "rapporteur@example.org", "rapporteur")
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["missing"] * 3
    _open_editor(page, opening, "ru")
    page.locator("#body").fill(RUSSIAN)
    page.locator("#note-preview strong", has_text="Ербол Мухамеджанов").wait_for()
    assert page.locator("#note-preview li").inner_text() == "превентивная работа — это партнёрство"
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    _back_to_the_matrix(page, app)
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["draft", "missing", "missing"]

    # Then translates it into Kazakh, the original beside the editor.
    _open_editor(page, opening, "kk")
    source = page.locator(".note-source")
    assert "Ербол Мухамеджанов" in source.inner_text()
    page.locator("[data-copy-from=note-source-markdown]").click()
    assert page.locator("#body").input_value() == RUSSIAN
    page.locator("#body").fill(KAZAKH)
    page.locator("#note-preview strong", has_text="Ербол Мұхамеджанов").wait_for()
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    _back_to_the_matrix(page, app)
    assert _state(page, opening, "kk") == "draft"

    # The original changes: the translation is outdated, and the change is marked beside it.
    _open_editor(page, opening, "ru")
    page.locator("#body").fill(RUSSIAN + RUSSIAN_ADDITION)
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    _back_to_the_matrix(page, app)
    assert _state(page, opening, "kk") == "outdated"
    _open_editor(page, opening, "kk")
    assert "НПМ независим от всех ветвей власти" in page.locator(".note-source ins").inner_text()
    page.locator("#body").fill(KAZAKH + KAZAKH_ADDITION)
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    _back_to_the_matrix(page, app)
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["draft", "missing", "draft"]
    assert page.locator("form[action$='/publish'] button").count() == 0  # rapporteurs do not publish

    # The organiser publishes Russian and Kazakh.
    organiser_page = new_page(browser, "ru")
    context = organiser_page.context
    organiser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _to_the_matrix(organiser_page, app, live_server, "organiser@example.org", "organiser")
    for language in ("ru", "kk"):
        organiser_page.locator(f"form[action$='/languages/{language}/publish'] button").click()
        organiser_page.locator(".flash-success").wait_for()
    assert [_state(organiser_page, opening, lang) for lang in ("ru", "en", "kk")] == ["published", "missing", "published"]

    # The report: Kazakh as written; English falls back to the Russian original with a notice.
    organiser_page.locator("a[href$='/events/forum/report?lang=kk']").click()
    note = organiser_page.locator(f"#session-{opening}")
    assert "ҰАТ биліктің барлық тармақтарынан тәуелсіз" in note.inner_text()
    assert note.locator(".note-notice").count() == 0
    organiser_page.go_back()
    organiser_page.locator("a[href$='/events/forum/report?lang=en']").click()
    note = organiser_page.locator(f"#session-{opening}")
    assert note.locator(".note-notice").count() == 1 and "НПМ независим" in note.inner_text()
    organiser_page.locator(f".report-toc a[href='#session-{opening}']").click()
    pdf_link = organiser_page.locator("a[href$='report.pdf?lang=en']")
    response = organiser_page.request.get(live_server + pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    context.close()
    page.context.close()
    assert errors == []

