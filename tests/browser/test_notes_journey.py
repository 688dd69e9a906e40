"""J8 in a real browser: a rapporteur writes a Russian note, translates it into Kazakh side by side,
the matrix follows every step, the organiser publishes, and the report reads in each language."""
import json
from datetime import date, time
from pathlib import Path

import pytest

from app.agenda.models import PersonRole
from tests.conftest import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser

RUSSIAN = "Форум открыл модератор **Ербол Мухамеджанов**.\n\nКлючевые тезисы:\n\n- превентивная работа — это партнёрство"
KAZAKH = "Форумды модератор **Ербол Мұхамеджанов** ашты.\n\nНегізгі тұжырымдар:\n\n- алдын алу жұмысы — әріптестік"
RUSSIAN_ADDITION = "\n- НПМ независим от всех ветвей власти"
KAZAKH_ADDITION = "\n- ҰАТ биліктің барлық тармақтарынан тәуелсіз"


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()


def _cell(page, session_id: int, language: str):
    return page.locator(f"#row-session-{session_id} td[data-language='{language}']")


def _state(page, session_id: int, language: str) -> str:
    return _cell(page, session_id, language).get_attribute("data-state")


def test_write_translate_publish_and_read_the_report(browser, page, live_server, app, create_event, create_user,
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
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    matrix_url = f"{live_server}/manage/events/forum/notes"

    # The rapporteur writes the Russian note, with a live preview.
    _sign_in(page, live_server, "rapporteur@example.org")
    page.goto(matrix_url)
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["missing"] * 3
    _cell(page, opening, "ru").locator("a").click()
    page.locator("#body").fill(RUSSIAN)
    page.locator("#note-preview strong", has_text="Ербол Мухамеджанов").wait_for()
    assert page.locator("#note-preview li").inner_text() == "превентивная работа — это партнёрство"
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    page.goto(matrix_url)
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["draft", "missing", "missing"]

    # Then translates it into Kazakh, the original beside the editor.
    _cell(page, opening, "kk").locator("a").click()
    source = page.locator(".note-source")
    assert "Ербол Мухамеджанов" in source.inner_text()
    page.locator("[data-copy-from=note-source-markdown]").click()
    assert page.locator("#body").input_value() == RUSSIAN
    page.locator("#body").fill(KAZAKH)
    page.locator("#note-preview strong", has_text="Ербол Мұхамеджанов").wait_for()
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    page.goto(matrix_url)
    assert _state(page, opening, "kk") == "draft"

    # The original changes: the translation is outdated, and the change is marked beside it.
    _cell(page, opening, "ru").locator("a").click()
    page.locator("#body").fill(RUSSIAN + RUSSIAN_ADDITION)
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    page.goto(matrix_url)
    assert _state(page, opening, "kk") == "outdated"
    _cell(page, opening, "kk").locator("a").click()
    assert "НПМ независим от всех ветвей власти" in page.locator(".note-source ins").inner_text()
    page.locator("#body").fill(KAZAKH + KAZAKH_ADDITION)
    page.locator("button[name=action][value=save]").click()
    page.locator(".flash-success").wait_for()
    page.goto(matrix_url)
    assert [_state(page, opening, lang) for lang in ("ru", "en", "kk")] == ["draft", "missing", "draft"]
    assert page.locator("form[action$='/publish'] button").count() == 0  # rapporteurs do not publish

    # The organiser publishes Russian and Kazakh.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    organiser_page = context.new_page()
    organiser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _sign_in(organiser_page, live_server, "organiser@example.org")
    organiser_page.goto(matrix_url)
    for language in ("ru", "kk"):
        organiser_page.locator(f"form[action$='/languages/{language}/publish'] button").click()
        organiser_page.locator(".flash-success").wait_for()
    assert [_state(organiser_page, opening, lang) for lang in ("ru", "en", "kk")] == ["published", "missing", "published"]

    # The report: Kazakh as written; English falls back to the Russian original with a notice.
    organiser_page.goto(f"{live_server}/events/forum/report?lang=kk")
    note = organiser_page.locator(f"#session-{opening}")
    assert "ҰАТ биліктің барлық тармақтарынан тәуелсіз" in note.inner_text()
    assert note.locator(".note-notice").count() == 0
    organiser_page.goto(f"{live_server}/events/forum/report?lang=en")
    note = organiser_page.locator(f"#session-{opening}")
    assert note.locator(".note-notice").count() == 1 and "НПМ независим" in note.inner_text()
    organiser_page.locator(".report-toc a[href='#session-%d']" % opening).click()
    pdf_link = organiser_page.locator("a[href$='report.pdf?lang=en']")
    response = organiser_page.request.get(live_server + pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    context.close()
    assert errors == []


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
FORUM = "npm-forum-astana-2017"


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_note_pages_have_no_axe_violations(browser, live_server, app, lang):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    from app.demo.notes import load_notes
    from app.events.models import Event
    from app.extensions import db

    with app.app_context():
        load_notes(db.session.scalar(db.select(Event).where(Event.slug == FORUM)))  # no-op once `demo` loads notes
        db.session.commit()
    items = json.loads(app.test_client().get(f"/api/v1/events/{FORUM}/notes?per_page=100").data)["items"]
    session_id = next(item["session_id"] for item in items if item["session_id"])
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    _sign_in(page, live_server, "organiser@example.org")
    base = f"/manage/events/{FORUM}/notes"
    editor = f"{base}/session:{session_id}/ru"
    paths = [base, editor, f"{base}/session:{session_id}/kk", f"{base}/event/en", f"{editor}/revisions",
             f"{editor}/diff", f"/events/{FORUM}/report", f"/events/{FORUM}/sessions/{session_id}"]
    problems = {}
    for path in paths:
        page.goto(f"{live_server}{path}?lang={lang}")
        result = page.evaluate(f"axe.run(document, {AXE_RULES})")
        found = [f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['target']})" for v in result["violations"]]
        if found:
            problems[path] = found
    context.close()
    assert problems == {}
