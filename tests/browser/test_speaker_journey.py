"""J3 + J4 in a real browser: the organiser invites a speaker; the speaker accepts (creating an account),
writes a bio in two languages with a photo, uploads slides with a Cyrillic name, and replaces them."""
import re
from datetime import time

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD, translated
from tests.materials import samples

pytestmark = pytest.mark.browser


def _sign_in(page, base, email):
    page.goto(f"{base}/account/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEFAULT_PASSWORD)
    page.locator("form.card button[type=submit]").click()


def test_invited_speaker_accepts_uploads_and_replaces_slides(browser, page, live_server, app, create_event, create_user,
                                                             create_session, publish, mailbox):
    from app.agenda.models import PersonRole

    organiser = create_user(email="organiser@example.org", name="Organiser")
    event = create_event(organiser=organiser, slug="forum", title={"en": "Forum", "ru": "Форум"})
    session_id = create_session(event, {"en": "Ten years of OPCAT", "ru": "Десять лет ФП КПП"}, start=time(10),
                                people=[("Lucia Ferrante", PersonRole.SPEAKER)])
    publish(event)

    # J3: the organiser invites her, in Russian.
    _sign_in(page, live_server, "organiser@example.org")
    page.goto(f"{live_server}/manage/events/forum/speakers")
    row = page.locator("tr", has_text="Lucia Ferrante")
    row.locator("a[href*='/invite']").click()
    page.locator("#email").fill("lucia@example.org")
    page.locator("#language").select_option("ru")
    page.locator("form.card button[type=submit]").click()
    assert page.url.endswith("/manage/events/forum/speakers")
    expect(page.locator("tr", has_text="Lucia Ferrante").locator(".badge-missing")).to_have_count(1)
    body = mailbox.wait_for("lucia@example.org")[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/invitations/speaker/\S+", body).group(0)
    assert "Десять лет ФП КПП" in body

    # J4: the speaker, in a browser of her own, accepts and creates her account.
    speaker = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    phone = speaker.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "ru"
    phone.locator("#account-password").fill(DEFAULT_PASSWORD)
    phone.locator("#account-confirm").fill(DEFAULT_PASSWORD)
    phone.locator("button[value=create]").click()
    assert phone.url.endswith("/speaker/events/forum")

    # Her profile: a bio in Russian and English, and a photo (resized, metadata removed).
    phone.locator("a[href='/speaker/events/forum/profile']").click()
    phone.locator("#bio-ru").fill("Юрист, член Подкомитета ООН по предупреждению пыток.")
    phone.locator("#bio-en").fill("Lawyer, member of the UN Subcommittee on Prevention of Torture.")
    phone.locator("#photo").set_input_files(files=[{"name": "me.jpg", "mimeType": "image/jpeg",
                                                    "buffer": samples.jpeg_with_gps()}])
    phone.locator("form.material-form button[type=submit]").click()
    assert phone.url.endswith("/speaker/events/forum")
    expect(phone.locator("img.speaker-photo")).to_have_count(1)  # once the page after the redirect is in

    # Slides for her session, with a Cyrillic file name...
    phone.locator(f"a[href='/speaker/events/forum/sessions/{session_id}/materials/new']").click()
    phone.locator("#file").set_input_files(files=[{"name": "Доклад ФП КПП.pdf", "mimeType": "application/pdf",
                                                   "buffer": samples.pdf("v1")}])
    phone.locator("form.material-form button[type=submit]").click()
    assert phone.url.split("#")[0].endswith("/speaker/events/forum")
    item = phone.locator(".material", has_text="Доклад ФП КПП.pdf")
    expect(item).to_have_count(1)

    # ...then a new version.
    second = samples.pdf("v2", pages=2)
    item.locator("a[href*='/edit']").click()
    phone.locator("#replace-file").set_input_files(files=[{"name": "Доклад ФП КПП v2.pdf",
                                                           "mimeType": "application/pdf",
                                                           "buffer": second}])
    phone.locator("#replace-form button[type=submit]").click()
    assert phone.url.split("#")[0].endswith("/speaker/events/forum")
    expect(phone.locator(".material", has_text="Доклад ФП КПП v2.pdf")).to_have_count(1)

    # Participants download the current version from the session page, with its name intact.
    phone.get_by_role("link", name=translated(app, "ru", "The session's public page")).click()
    assert phone.url.endswith(f"/events/forum/sessions/{session_id}")
    href = phone.locator(".session-materials a.material-title").first.get_attribute("href")
    response = phone.request.get(live_server + href)
    assert response.status == 200 and response.body() == second
    assert "filename*=UTF-8''%D0%94%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4" in response.headers["content-disposition"]
    speaker.close()

    # The organiser sees that she accepted, and both versions.
    page.goto(f"{live_server}/manage/events/forum/speakers")
    assert page.locator("tr", has_text="Lucia Ferrante").locator(".badge-ok").count() >= 1
    with app.app_context():
        from app.materials.models import MaterialVersion

        assert sorted(v.number for v in db.session.scalars(db.select(MaterialVersion))) == [1, 2]
