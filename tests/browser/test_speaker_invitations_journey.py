"""J3 in Kazakh: the organiser invites two people of the agenda by e-mail, each in their own language; one
accepts (creating an account), the other declines; the organiser sees both answers and uploads slides on the
speaker's behalf, which the speaker then finds on her own page."""
import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from app.agenda.models import PersonRole
from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab
from tests.conftest import DEFAULT_PASSWORD, EVENT_YEAR, translated
from tests.materials import samples

pytestmark = pytest.mark.browser

TITLE = {"en": "NPM forum", "ru": "Форум НПМ", "kk": "ҰАТ форумы"}
OPCAT = {"en": "Ten years of OPCAT", "ru": "Десять лет ФП КПП", "kk": "ҚҚН-ФХ-ға он жыл"}
PANEL = {"en": "Monitoring in practice", "ru": "Мониторинг на практике", "kk": "Мониторинг іс жүзінде"}


def _invite(page, app, row_name: str, email: str, language: str) -> None:
    t = lambda msgid, **kw: translated(app, "kk", msgid, **kw)  # noqa: E731
    page.locator("tr", has_text=row_name).get_by_role("link", name=re.compile(re.escape(t("Invite")))).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(t("Invite %(name)s", name=row_name))
    page.get_by_label(t("E-mail address")).fill(email)
    page.get_by_label(t("Language of the invitation")).select_option(language)
    page.get_by_role("button", name=t("Send the invitation")).click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("tr", has_text=row_name).locator(".badge-missing")).to_have_text(t("Waiting for an answer"))


def _invitation_link(mailbox, app, email: str, language: str, session_title: str) -> str:
    [mail] = mailbox.wait_for(email)
    subject = translated(app, language, "Invitation to speak: %(event)s", event=TITLE[language])
    assert mail["Subject"] == subject  # whole, spaces included (app/core/mail.py works around gh-144156)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert session_title in body
    return re.search(r"http://\S+/invitations/speaker/\S+", body).group(0)


def test_organiser_invites_speakers_sees_answers_and_uploads_on_their_behalf(
        browser, live_server, app, mailbox, create_user, create_event, create_session, publish):
    organiser = create_user(email="dana@example.org", name="Dana Abenova", preferred_language="kk")
    event = create_event(organiser=organiser, slug="forum", title=TITLE, default_language="kk",
                         start_date=date(EVENT_YEAR + 1, 5, 16), end_date=date(EVENT_YEAR + 1, 5, 17))
    opcat = create_session(event, OPCAT, start=time(10), people=[("Lucia Ferrante", PersonRole.SPEAKER)])
    create_session(event, PANEL, start=time(14), people=[("Aidos Seitkali", PersonRole.PANELIST)])
    publish(event)
    t = lambda msgid, **kw: translated(app, "kk", msgid, **kw)  # noqa: E731

    # From the home page to the event's speakers.
    page = new_page(browser, "kk")
    sign_in_from_home(page, app, live_server, "dana@example.org", "kk")
    nav_link(page, app, "kk", "My events").click()
    page.get_by_role("link", name=TITLE["kk"]).click()
    tab(page, app, "kk", "Speakers").click()
    expect(page.locator("tr", has_text="Lucia Ferrante")).to_contain_text(t("Not invited"))

    # Two invitations, in Russian and in Kazakh.
    _invite(page, app, "Lucia Ferrante", "lucia@example.org", "ru")
    _invite(page, app, "Aidos Seitkali", "aidos@example.org", "kk")
    lucia_link = _invitation_link(mailbox, app, "lucia@example.org", "ru", OPCAT["ru"])
    aidos_link = _invitation_link(mailbox, app, "aidos@example.org", "kk", PANEL["kk"])

    # Lucia accepts from the link in her mail and creates her account; Aidos declines.
    lucia = new_page(browser, "ru")
    lucia.goto(lucia_link)
    expect(lucia.locator("html")).to_have_attribute("lang", "ru")
    lucia.get_by_label(translated(app, "ru", "Password"), exact=True).fill(DEFAULT_PASSWORD)
    lucia.get_by_label(translated(app, "ru", "Repeat the password")).fill(DEFAULT_PASSWORD)
    lucia.get_by_role("button", name=translated(app, "ru", "Accept and create my account")).click()
    expect(lucia).to_have_url(re.compile(r"/speaker/events/forum$"))

    aidos = new_page(browser, "kk")
    aidos.goto(aidos_link)
    aidos.once("dialog", lambda dialog: dialog.accept())
    aidos.get_by_role("button", name=t("Decline the invitation")).click()
    expect(aidos.locator(".status-card .badge-declined")).to_have_text(t("Declined"))
    aidos.context.close()

    # The organiser sees who accepted and who declined.
    page.reload()
    expect(page.locator("tr", has_text="Lucia Ferrante").locator(".badge-ok").first).to_be_visible()
    expect(page.locator("tr", has_text="Lucia Ferrante")).to_contain_text(t("Accepted"))
    expect(page.locator("tr", has_text="Aidos Seitkali").locator(".badge-declined")).to_have_text(t("Declined"))

    # Slides on Lucia's behalf, from the materials page.
    tab(page, app, "kk", "Materials").click()
    group = page.locator("section.material-group", has=page.get_by_role("heading", name=OPCAT["kk"]))
    group.get_by_role("link", name=re.compile("^" + re.escape(t("Add")))).click()
    expect(page.get_by_label(t("Session"), exact=True).locator("option:checked")).to_have_text(OPCAT["kk"])
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "Ферранте ФП КПП.pdf", "mimeType": "application/pdf", "buffer": samples.pdf("slides")}])
    page.locator("#title-ru").fill("Слайды: десять лет ФП КПП")
    page.get_by_label(t("Language of the material")).select_option("ru")
    page.get_by_role("button", name=t("Add the material")).click()
    expect(page.locator(".flash-success")).to_have_text(t("The material has been added."))
    row = page.locator("section.material-group", has=page.get_by_role("heading", name=OPCAT["kk"])).locator("tbody tr")
    expect(row).to_contain_text("Ферранте ФП КПП.pdf")

    # Lucia finds them on her speaker page, under her session.
    lucia.reload()
    session = lucia.locator("section.material-group", has=lucia.locator(f"#session-{opcat}"))
    expect(session.locator(".material")).to_contain_text("Ферранте ФП КПП.pdf")
    lucia.context.close()
    page.context.close()
