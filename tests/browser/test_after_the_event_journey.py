"""J10 in Russian: after a training the organiser, starting on the home page, exports the participants
(CSV and XLSX, custom questions included, Cyrillic intact), downloads all materials as one ZIP, reads the
report, issues the certificates of attendance and reads the feedback."""
import csv
import io
import re
import zipfile
from datetime import date, time, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.helpers import add_material, nav_link, new_page, sign_in_from_home, tab, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser

TITLE = {"ru": "Курс для новых членов НПМ", "en": "Course for new NPM monitors", "kk": "ҰАТ жаңа мүшелеріне курс"}
MODULES = [{"ru": "Модуль 1: интервью", "en": "Module 1: interviewing", "kk": "1-модуль: сұхбат"},
           {"ru": "Модуль 2: отчёт о посещении", "en": "Module 2: the visit report", "kk": "2-модуль: есеп"}]
FIELDS = [  # key, kind, Russian label, choices
    ("organisation", "text", "Организация", []),
    ("country", "country", "Страна", []),
    ("interpretation", "language", "Язык перевода", []),
    ("sector", "single_choice", "Сектор", [{"key": "gov", "label": {"ru": "Государственный орган", "en": "Government"}},
                                          {"key": "ngo", "label": {"ru": "НКО", "en": "NGO"}}]),
    ("access", "long_text", "Особые потребности", []),
]
PEOPLE = [  # name, e-mail, answers, modules attended
    ("Айгуль Жаксылыкова", "aigul@example.org",
     {"organisation": "Офис омбудсмена", "country": "KZ", "interpretation": "kk", "sector": "gov",
      "access": "Пандус у входа"}, (0, 1)),
    ("Борис Петров", "boris@example.org",
     {"organisation": "Бюро по правам человека", "country": "RU", "interpretation": "ru", "sector": "ngo"}, (0,)),
    ("Вера Ким", "vera@example.org",
     {"organisation": "Коалиция НПО", "country": "KZ", "interpretation": "en", "sector": "ngo"}, (0, 1)),
]
NOTE = "Участники разобрали **три интервью** с задержанными."


def _after_the_training(app, create_user, create_event, create_session, publish):
    """A finished training: participants with answers, attendance, a published note, feedback, materials."""
    from app.accounts.models import User
    from app.agenda.models import SessionKind
    from app.events.models import Event, EventKind
    from app.notes import services as notes
    from app.registration.models import FieldKind, Registration, RegistrationField, RegistrationStatus
    from app.trainings import feedback
    from app.trainings import services as trainings

    organiser = create_user(email="dana@example.org", name="Дана Абенова", preferred_language="ru")
    start = date.today() - timedelta(days=14)
    created = create_event(organiser=organiser, slug="monitors-course", kind=EventKind.TRAINING, title=TITLE,
                           languages=["ru", "kk", "en"], default_language="ru", start_date=start, end_date=start)
    modules = [create_session(created, title, start=time(9 + 3 * n), minutes=120, kind=SessionKind.TRAINING_MODULE)
               for n, title in enumerate(MODULES)]
    publish(created)
    users = [create_user(email=email, name=name, preferred_language="ru") for name, email, _, _ in PEOPLE]
    with app.test_request_context():
        event = db.session.get(Event, created.id)
        actor = db.session.get(User, organiser.id)
        for position, (key, kind, label, choices) in enumerate(FIELDS):
            db.session.add(RegistrationField(event_id=event.id, key=key, kind=FieldKind(kind), label={"ru": label},
                                             position=position, choices=choices))
        registrations = []
        for user, (name, email, answers, _) in zip(users, PEOPLE):
            registration = Registration(event_id=event.id, user_id=user.id, email=email, name=name,
                                        organisation=answers["organisation"], language="ru", answers=answers,
                                        status=RegistrationStatus.CONFIRMED)
            db.session.add(registration)
            registrations.append(registration)
        db.session.flush()
        published = {m.id: m for m in trainings.modules(event)}
        for registration, (_, _, _, attended) in zip(registrations, PEOPLE):
            for index in attended:
                trainings.mark_attendance(event, published[modules[index]], registration, actor, method="roll_call")

        scope = notes.session_scope(modules[0])
        saved = notes.save_note(event, scope, "ru", actor, NOTE, base_revision_id=None)
        notes.publish_note(event, saved.note, actor, saved.note.current_revision_id)

        survey = feedback.create_survey(event, actor, None, anonymous=False)
        rating = feedback.save_question(survey, event, actor, kind="rating", required=True,
                                        label={"ru": "Насколько полезен был курс?"})
        comment = feedback.save_question(survey, event, actor, kind="text", required=False,
                                         label={"ru": "Что улучшить?"})
        for user, (stars, text) in zip(users, ((5, "Больше практики в изоляторах"), (4, "Раздать материалы заранее"))):
            feedback.submit_response(survey, event, db.session.get(User, user.id),
                                     {str(rating.id): stars, str(comment.id): text}, is_participant=True)
        db.session.commit()
    add_material(app, created, "Презентация модуля 1.pdf", session_id=modules[0])
    add_material(app, created, "Программа курса.pdf")


def _download(page, link):
    with page.expect_download() as info:
        link.click()
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def test_after_the_training_export_download_report_certificates_feedback(
        browser, live_server, app, mailbox, create_user, create_event, create_session, publish):
    _after_the_training(app, create_user, create_event, create_session, publish)
    t = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731
    page = new_page(browser, "ru", accept_downloads=True)
    sign_in_from_home(page, app, live_server, "dana@example.org", "ru")
    nav_link(page, app, "ru", "My events").click()
    page.get_by_role("link", name=TITLE["ru"]).click()

    # The participants, as CSV: a BOM for Excel, Russian headers, the custom questions as columns, answers as words.
    tab(page, app, "ru", "Participants").click()
    name, data = _download(page, page.get_by_role("link", name=t("Export CSV")))
    assert name.endswith(".csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    for msgid in ("Name", "E-mail address", "Organisation", "Status"):
        assert t(msgid) in header
    assert [label for _, _, label, _ in FIELDS[1:]] == header[7:11]  # "Организация" is the Organisation column
    aigul = dict(zip(header, next(row for row in rows if row[0] == "Айгуль Жаксылыкова")))
    assert aigul[t("Organisation")] == "Офис омбудсмена"
    assert aigul[t("Status")] == t("Confirmed")
    assert aigul["Страна"] == "Казахстан"
    assert aigul["Язык перевода"].lower() == "казахский"
    assert aigul["Сектор"] == "Государственный орган"
    assert aigul["Особые потребности"] == "Пандус у входа"
    assert len(rows) == 1 + len(PEOPLE)

    # The same as XLSX.
    name, data = _download(page, page.get_by_role("link", name=t("Export XLSX")))
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet.title == t("Participants")[:31]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == header
    boris = dict(zip(table[0], next(row for row in table if row[0] == "Борис Петров")))
    assert (boris["Страна"], boris["Сектор"], boris[t("Organisation")]) == ("Россия", "НКО", "Бюро по правам человека")
    assert len(table) == 1 + len(PEOPLE)

    # Every material in one ZIP, from the event's public materials page; file names in Cyrillic.
    tab(page, app, "ru", "Materials").click()
    page.locator(".material-actions").get_by_role("link", name=t("Public page")).click()
    name, data = _download(page, page.get_by_role("link", name=t("Download everything (ZIP)")))
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert any(n.endswith("Презентация модуля 1.pdf") for n in names), names
    assert any(n.endswith("Программа курса.pdf") for n in names), names

    # The report, as a page and as a PDF: from the event's page.
    page.locator(".breadcrumb").get_by_role("link", name=TITLE["ru"]).click()
    page.get_by_role("navigation", name=t("Event")).get_by_role("link", name=t("Report")).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("main")).to_contain_text(MODULES[0]["ru"])
    expect(page.locator("main strong", has_text="три интервью")).to_be_visible()
    pdf = page.request.get(live_server + page.locator("a[href*='report.pdf']").first.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # Certificates for the two who attended both modules; each is told by e-mail, in Russian.
    page.get_by_role("navigation", name=t("Event")).get_by_role("link", name=t("About")).click()
    page.get_by_role("link", name=t("Manage this event")).click()
    tab(page, app, "ru", "Certificates").click()
    page.get_by_role("button", name=translated_plural(app, "ru", "Issue %(num)d certificate",
                                                      "Issue %(num)d certificates", 2)).click()
    expect(page.locator(".flash-success")).to_have_text(translated_plural(
        app, "ru", "%(num)d certificate issued; its holder has been told by e-mail.",
        "%(num)d certificates issued; their holders have been told by e-mail.", 2))
    for person in ("Айгуль Жаксылыкова", "Вера Ким"):
        expect(page.locator("tr", has_text=person)).to_contain_text(t("valid"))
    expect(page.locator("tr", has_text="Борис Петров").locator(".certificate-code")).to_have_count(0)
    [mail] = mailbox.wait_for("aigul@example.org")
    assert mail["Subject"] == t("Your certificate of attendance")
    certificate = page.locator("tr", has_text="Айгуль Жаксылыкова").get_by_role("link", name=re.compile("^PDF"))
    response = page.request.get(live_server + certificate.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # The feedback: two answers, the average rating and the comments.
    tab(page, app, "ru", "Feedback").click()
    page.get_by_role("link", name=re.compile("^" + re.escape(t("Results")))).click()
    expect(page.locator(".lead")).to_contain_text(translated_plural(
        app, "ru", "%(num)d participant answered", "%(num)d participants answered", 2))
    rating = page.locator("section.result", has_text="Насколько полезен был курс?")
    expect(rating).to_contain_text(t("average %(value)s of 5", value="4,5"))  # the Russian decimal comma
    comments = page.locator("section.result", has_text="Что улучшить?")
    expect(comments.locator("blockquote")).to_have_text(["Больше практики в изоляторах", "Раздать материалы заранее"])
    page.context.close()
