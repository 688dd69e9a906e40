"""Issue 14: an organiser writes to the waiting list in three languages, previews what a waiting participant
receives, sends, sees it in the history; the participant reads it in Kazakh on their registration page."""
import pytest

from tests.browser.helpers import new_page, sign_in_from_home, tab
from tests.conftest import translated
from tests.messages.conftest import insert_people

pytestmark = pytest.mark.browser

TEXTS = {
    "en": ("Waiting list news", "Dear {name}, a place may free up soon."),
    "ru": ("Новости листа ожидания", "Уважаемый(ая) {name}, место может скоро освободиться."),
    "kk": ("Күту тізімі жаңалықтары", "Құрметті {name}, жақында орын босауы мүмкін."),
}


def test_organiser_messages_the_waiting_list_and_the_participant_reads_it_in_kazakh(
        browser, live_server, app, create_user, create_event):
    organiser = create_user(email="org@example.org", name="Organiser")
    event = create_event(organiser=organiser)
    waiting = create_user(email="aigerim@example.org", name="Aigerim", preferred_language="kk")
    insert_people(app, event, [("Confirmed One", "confirmed", "en")])
    insert_people(app, event, [("Aigerim", "waiting", "kk", {"user_id": waiting.id, "email": "aigerim@example.org"})])

    page = new_page(browser, "en")
    sign_in_from_home(page, app, live_server, "org@example.org", "en")
    page.goto(f"{live_server}/manage/events/{event.slug}")
    tab(page, app, "en", "Messages").click()
    page.get_by_role("link", name="Write a message").click()
    page.get_by_label("Registration status").select_option("waiting")
    for lang, (subject, body) in TEXTS.items():
        page.locator(f"#subject-{lang}").fill(subject)
        page.locator(f"#body-{lang}").fill(body)
    page.get_by_role("button", name="Update count and preview").click()
    assert "1 recipient" in page.locator(".recipient-count").inner_text()
    preview = page.locator(".message-preview")
    assert "Күту тізімі жаңалықтары" in preview.inner_text() and "Құрметті Aigerim" in preview.inner_text()
    page.get_by_role("button", name="Send to 1 recipient").click()
    page.get_by_text("The message is being sent to 1 person.").wait_for()
    tab(page, app, "en", "Messages").click()
    history = page.locator(".messages-table")
    assert "Waiting list news" in history.inner_text() and "1 sent" in history.inner_text()
    page.context.close()

    reader = new_page(browser, "kk")
    sign_in_from_home(reader, app, live_server, "aigerim@example.org", "kk")
    reader.goto(f"{live_server}/events/{event.slug}/registration")
    section = reader.locator(".received-messages")
    assert translated(app, "kk", "Messages from the organisers") in section.inner_text()
    assert "Күту тізімі жаңалықтары" in section.inner_text() and "Құрметті Aigerim" in section.inner_text()
    reader.context.close()
