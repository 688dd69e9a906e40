"""The consolidated report: page and PDF per language, fallback to the original, Kazakh letters in the PDF."""
from datetime import UTC, datetime
from io import BytesIO

from babel import Locale
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from app.core.i18n import language_in_text
from app.notes.pdf import as_of_date
from tests.conftest import translated
from tests.notes.conftest import KAZAKH_LETTERS

NOTICE = "This text is not yet available in %(language)s. It is shown in the original language (%(original)s)."


def _pdf(client, url: str) -> PdfReader:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/pdf" and response.data.startswith(b"%PDF")
    return PdfReader(BytesIO(response.data))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(_outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


def test_the_report_page_has_facts_agenda_notes_conclusions_materials_and_contents(client, forum, write_note):
    write_note(forum, forum.opening, "ru", "Форум открыл модератор.", publish=True)
    write_note(forum, forum.opening, "en", "The moderator opened the forum.", publish=True)
    write_note(forum, forum.panel, "ru", "Панель обсудила **закон**.", publish=True)
    write_note(forum, forum.panel, "en", "A draft translation.")  # not published: readers get the original
    write_note(forum, None, "ru", "Участники рекомендуют:\n\n- выделить бюджет", publish=True)
    page = client.get(f"/events/{forum.slug}/report?lang=en").get_data(as_text=True)
    toc = page.split('class="report-toc', 1)[1].split("</nav>", 1)[0]
    for anchor in ("#about", "#agenda", "#notes", f"#session-{forum.opening}", f"#session-{forum.panel}",
                   "#conclusions", "#materials"):
        assert f'href="{anchor}"' in toc, anchor
    for section in ('id="about"', 'id="agenda"', 'id="notes"', 'id="conclusions"', 'id="materials"'):
        assert section in page
    assert "May 16" in page and "Asia/Almaty" in page  # facts
    agenda = page.split('id="agenda"', 1)[1].split('id="notes"', 1)[0]
    assert "Coffee break" in agenda and "Askar Shakirov" in agenda and "9:30" in agenda
    notes = page.split('id="notes"', 1)[1].split('id="conclusions"', 1)[0]
    assert "The moderator opened the forum." in notes and "Форум открыл модератор." not in notes
    assert "Панель обсудила <strong>закон</strong>." in notes and "A draft translation." not in notes
    assert "Coffee break" not in notes
    assert NOTICE % {"language": "English", "original": "Russian"} in notes
    conclusions = page.split('id="conclusions"', 1)[1].split('id="materials"', 1)[0]
    assert "<li>выделить бюджет</li>" in conclusions and 'lang="ru"' in conclusions
    assert "2 texts are not yet available in English" in page
    assert "No materials are listed." in page
    assert f'href="/events/{forum.slug}/report.pdf?lang=en"' in page and "css/notes.css" in page


def test_the_report_lists_the_materials_it_is_given(client, forum, monkeypatch):
    from app.notes import report

    monkeypatch.setattr(report, "_materials_for_report", lambda event, language: [
        {"title": "Слайды: закон о НПМ", "url": "https://example.org/slides.pdf", "session_title": "Законодательство"}])
    page = client.get(f"/events/{forum.slug}/report?lang=ru").get_data(as_text=True)
    assert '<a href="https://example.org/slides.pdf">Слайды: закон о НПМ</a>' in page
    assert "Слайды: закон о НПМ" in _text(_pdf(client, f"/events/{forum.slug}/report.pdf?lang=ru"))


def test_the_pdf_report_renders_kazakh_letters_with_an_embedded_font(client, forum, write_note):
    kazakh = f"Қорытынды: {' '.join(KAZAKH_LETTERS)} — {KAZAKH_LETTERS.upper()}. Һәм іңқ ғұлама өңір үкімет."
    write_note(forum, forum.opening, "ru", "Форум открыл **модератор**.\n\n- первое\n- второе", publish=True)
    write_note(forum, forum.opening, "kk", kazakh, publish=True)
    write_note(forum, forum.panel, "ru", "Панель: закон о НПМ.", publish=True)
    write_note(forum, None, "kk", "Ұсынымдар:\n\n1. бюджет\n2. қорғау", publish=True)
    reader = _pdf(client, f"/events/{forum.slug}/report.pdf?lang=kk")
    text = _text(reader)
    for letter in KAZAKH_LETTERS + KAZAKH_LETTERS.upper():
        assert letter in text, letter
    assert "Форумның ашылуы" in text and "ҰАТ форумы" in text  # titles in Kazakh
    assert "Панель: закон о НПМ." in text  # no Kazakh text yet: the original
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # embedded, not left to the reader's machine
    titles = _outline_titles(reader.outline)
    assert "Форумның ашылуы" in titles and "ҰАТ туралы заң" in titles and len(titles) >= 6
    contents = reader.pages[1].extract_text()
    assert "Форумның ашылуы" in contents and "ҰАТ туралы заң" in contents  # the table of contents


def test_the_pdf_follows_the_language_and_marks_the_originals(client, forum, write_note):
    write_note(forum, forum.opening, "ru", "Форум открыл модератор.", publish=True)
    write_note(forum, forum.opening, "en", "The moderator opened the forum.", publish=True)
    english = _text(_pdf(client, f"/events/{forum.slug}/report.pdf?lang=en"))
    assert "The moderator opened the forum." in english and "Форум открыл модератор." not in english
    kazakh = _text(_pdf(client, f"/events/{forum.slug}/report.pdf?lang=kk"))
    assert "Форум открыл модератор." in kazakh and "The moderator" not in kazakh


def test_a_report_before_anything_is_published(client, create_event):
    event = create_event(slug="quiet", languages=["en", "ru"])
    page = client.get("/events/quiet/report?lang=en").get_data(as_text=True)
    assert "The agenda has not been published yet." in page and "No session notes have been published yet." in page
    assert "The agenda has not been published yet." in _text(_pdf(client, "/events/quiet/report.pdf?lang=en"))
    assert event.slug == "quiet"


def test_a_private_events_report_stays_private(client, create_event, create_user, login):
    from app.events.models import Visibility

    create_event(slug="secret", visibility=Visibility.PRIVATE)
    assert client.get("/events/secret/report").status_code == 404  # anonymous too: as an unknown event
    login(create_user(email="nosy@example.org"))
    assert client.get("/events/secret/report").status_code == 404
    assert client.get("/events/secret/report.pdf").status_code == 404


def test_the_fallback_notice_is_in_the_readers_language(app, client, forum, write_note):
    """Needs the Kazakh catalog to translate the notice (the lead's catalog work)."""
    write_note(forum, forum.opening, "ru", "Форум открыл модератор.", publish=True)
    page = client.get(f"/events/{forum.slug}/sessions/{forum.opening}?lang=kk").get_data(as_text=True)
    names = {code: Locale.parse(code).get_display_name("kk") for code in ("kk", "ru")}
    assert translated(app, "kk", NOTICE, language=names["kk"], original=names["ru"]) in page


def test_the_report_dates_its_notes_as_a_native_reader_writes_it(app):
    """Kazakh: "2026 жылғы 3 желтоқсандағы жағдай бойынша", the month in the attributive locative."""
    evening = datetime(2026, 12, 3, 12, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("kk"):
            assert gettext("Published notes as of %(date)s", date=as_of_date(evening, "Asia/Almaty")) == \
                "2026 жылғы 3 желтоқсандағы жағдай бойынша жарияланған жазбалар"
            assert as_of_date(datetime(2026, 9, 1, 12, tzinfo=UTC), "Asia/Almaty") == "2026 жылғы 1 қыркүйектегі"
            assert as_of_date(datetime(2026, 4, 30, 20, tzinfo=UTC), "Asia/Almaty") == "2026 жылғы 1 мамырдағы"
        with force_locale("ru"):
            assert gettext("Published notes as of %(date)s", date=as_of_date(evening, "Asia/Almaty")) == \
                "Опубликованные заметки по состоянию на 3 декабря 2026\u202fг."
            assert gettext("Language of this edition: %(language)s", language=language_in_text("kk")) == \
                "Язык этого издания: казахский"
