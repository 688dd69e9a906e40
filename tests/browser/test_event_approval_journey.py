"""In Russian: a newcomer's event waits for approval; the administrator finds it through the header's
"Administration" link, approves it, and the organiser can then make it public."""
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab
from tests.conftest import translated

pytestmark = pytest.mark.browser


def test_administrator_approves_a_newcomers_event_by_clicking(browser, live_server, app, create_user, create_event):
    newcomer = create_user(email="newcomer@example.org", name="Марат Искаков", preferred_language="ru")
    create_event(organiser=newcomer, slug="round-table", needs_approval=None,
                 title={"en": "Round table", "ru": "Круглый стол"}, default_language="ru")
    create_user(email="root@example.org", name="Администратор", is_admin=True, preferred_language="ru")
    t = lambda msgid, **kw: translated(app, "ru", msgid, **kw)  # noqa: E731

    organiser = new_page(browser, "ru")
    sign_in_from_home(organiser, app, live_server, "newcomer@example.org", "ru")
    expect(nav_link(organiser, app, "ru", "Administration")).to_have_count(0)
    organiser.goto(f"{live_server}/manage/events/round-table/")
    expect(organiser.get_by_role("heading", name=t("Awaiting approval"))).to_be_visible()

    admin = new_page(browser, "ru", viewport={"width": 390, "height": 844})
    sign_in_from_home(admin, app, live_server, "root@example.org", "ru")
    nav_link(admin, app, "ru", "Administration").click()
    tab(admin, app, "ru", "Events awaiting approval", nav="Site administration").click()
    card = admin.locator("article.approval-card", has_text="Круглый стол")
    expect(card).to_contain_text("newcomer@example.org")
    card.get_by_role("button", name=t("Approve")).click()
    expect(admin.locator(".flash-success")).to_have_text(t("The event has been approved; its organisers have been told."))
    expect(admin.locator("article.approval-card")).to_have_count(0)

    organiser.goto(f"{live_server}/manage/events/round-table/edit")
    organiser.get_by_label(t("Public: listed on the home page")).check()
    organiser.get_by_role("button", name=t("Save changes")).click()
    expect(organiser.locator(".flash-success")).to_have_text(t("Your changes have been saved."))
    organiser.goto(f"{live_server}/")
    expect(organiser.get_by_role("link", name="Круглый стол")).to_be_visible()
