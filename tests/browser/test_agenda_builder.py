"""J2 in Russian: an organiser builds the agenda in the grid, sees and fixes a conflict, reviews the changes and
publishes; a change after publishing shows in the change list."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import nav_link, new_page, sign_in_from_home, tab, translated_plural
from tests.conftest import translated

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
PLENARY, BREAKOUT = "Пленарный зал", "Малый зал"
OPENING, PANEL = "Открытие форума", "Панель о надзоре"


def _t(app, msgid, **variables):
    return translated(app, "ru", msgid, **variables)


def _card(page, title):
    return page.locator("article.grid-session", has=page.get_by_role("link", name=title, exact=True))


def _add_session(page, app, title, start, end, room):
    page.locator(".grid-head", has_text=room).locator("a.room-add").click()  # the room's own "Add" link
    expect(page.get_by_label(_t(app, "Room"), exact=True).locator("option:checked")).to_have_text(room)
    page.locator("#title-ru").fill(title)
    page.get_by_label(_t(app, "Starts at")).fill(start)
    page.get_by_label(_t(app, "Ends at")).fill(end)
    page.get_by_role("button", name=_t(app, "Add the session")).click()
    expect(page.locator(".flash-success")).to_contain_text(_t(app, "The session has been added."))


def test_organiser_builds_the_agenda_fixes_a_conflict_and_publishes(browser, live_server, app, create_user,
                                                                   create_event):
    organiser = create_user(email="organiser@example.org", name="Ольга Организатор", preferred_language="ru")
    create_event(organiser=organiser, slug="forum", default_language="ru",
                 title={"ru": "Форум по НПМ", "en": "NPM forum", "kk": "ҰАТ форумы"})
    t = lambda msgid, **kw: _t(app, msgid, **kw)  # noqa: E731
    page = new_page(browser, "ru")
    sign_in_from_home(page, app, live_server, "organiser@example.org", "ru")
    nav_link(page, app, "ru", "My events").click()
    page.get_by_role("link", name="Форум по НПМ").click()
    tab(page, app, "ru", "Agenda").click()

    # The venue's rooms first.
    page.get_by_role("navigation", name=t("Agenda builder")).get_by_role("link", name=t("Rooms")).click()
    for name, seats in ((PLENARY, "120"), (BREAKOUT, "40")):
        page.locator("#name-ru").fill(name)
        page.get_by_label(t("Capacity (seats)")).fill(seats)
        page.get_by_role("button", name=t("Add the room")).click()
        expect(page.locator(".flash-success")).to_contain_text(t("The room has been added."))

    # Two sessions on day 1 in the plenary hall; the second overlaps the first.
    page.get_by_role("link", name=t("Grid"), exact=True).click()
    expect(page.get_by_role("link", name=re.compile(t("Day %(num)d", num=1)))).to_have_attribute("aria-current", "page")
    _add_session(page, app, OPENING, "10:00", "11:00", PLENARY)
    expect(page.locator(".no-conflicts")).to_be_visible()
    _add_session(page, app, PANEL, "10:30", "11:30", PLENARY)

    # The conflict is flagged in the list above the grid and on both sessions, in words.
    one_conflict = translated_plural(app, "ru", "%(num)d conflict to look at.", "%(num)d conflicts to look at.", 1)
    expect(page.locator(".flash-success")).to_contain_text(one_conflict)
    expect(page.get_by_role("heading", name=translated_plural(app, "ru", "%(num)d conflict", "%(num)d conflicts", 1)))\
        .to_be_visible()
    expect(page.locator("#conflict-0")).to_contain_text(
        t("%(room)s is booked for two sessions at the same time.", room=PLENARY))
    for title in (OPENING, PANEL):
        expect(_card(page, title).locator(".conflict-badge")).to_have_text(re.compile(t("Room double-booked")))

    # Fix it by dragging the panel to the small hall at the same time.
    moved_fine = t("The session has been moved.") + " " + t("No conflicts.")
    panel = _card(page, PANEL)
    target = page.locator('.slot[data-time="10:30"][data-room]:not([data-room=""])').nth(1)
    panel.drag_to(target, source_position={"x": 20, "y": 6}, target_position={"x": 20, "y": 6})
    expect(page.locator(".flash-success")).to_contain_text(moved_fine)
    breakout_column = page.locator(".grid-head", has_text=BREAKOUT).get_attribute("data-col")
    expect(_card(page, PANEL)).to_have_attribute("data-col", breakout_column)
    expect(_card(page, PANEL)).to_contain_text("10:30")

    # With the keyboard: focus "Move", left arrow back to the plenary hall, Enter: the conflict is back.
    _card(page, PANEL).locator(".gs-move").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#builder-live")).to_contain_text(f"10:30, {PLENARY}")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text(one_conflict)
    expect(_card(page, PANEL).locator(".conflict-badge")).to_be_visible()

    # And with the plain form behind "Move": start at 11:00 instead. The session keeps its hour.
    _card(page, PANEL).get_by_role("link", name=re.compile("^" + t("Move"))).click()
    expect(page.get_by_role("heading", name=t("Move “%(title)s”", title=PANEL))).to_be_visible()
    page.get_by_label(t("Starts at")).fill("11:00")
    page.get_by_role("button", name=t("Move"), exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text(moved_fine)
    expect(page.locator(".no-conflicts")).to_be_visible()
    expect(_card(page, PANEL).locator(".gs-time")).to_contain_text(re.compile(r"11:00.*12:00"))

    # The change list before the first publication, then publish.
    page.get_by_role("link", name=t("Review and publish")).first.click()
    added = page.locator("section.change-added")
    expect(added.get_by_role("heading")).to_have_text(f"{t('Added')} (2)")
    expect(added).to_contain_text(OPENING)
    expect(added).to_contain_text(PANEL)
    page.get_by_role("button", name=t("Publish the agenda")).click()
    expect(page.locator(".flash-success")).to_have_text(t("Version %(num)d of the agenda is now public.", num=1))
    expect(page.get_by_text(t("There is nothing new to publish."))).to_be_visible()

    # The public agenda shows both sessions.
    tab(page, app, "ru", "Public page").click()
    page.get_by_role("navigation", name=t("Event")).get_by_role("link", name=t("Agenda")).click()
    expect(page.get_by_role("link", name=OPENING)).to_be_visible()
    expect(page.get_by_role("link", name=PANEL)).to_be_visible()

    # A change after publishing: the organiser sees it as "moved", with times before and after.
    page.get_by_role("navigation", name=t("Event")).get_by_role("link", name=t("About")).click()
    page.get_by_role("link", name=t("Manage this event")).click()
    tab(page, app, "ru", "Agenda").click()
    _card(page, OPENING).get_by_role("link", name=re.compile("^" + t("Move"))).click()
    page.get_by_label(t("Starts at")).fill("09:00")
    page.get_by_role("button", name=t("Move"), exact=True).click()
    page.get_by_role("link", name=t("Review and publish")).first.click()
    moved = page.locator("section.change-moved")
    expect(moved).to_contain_text(OPENING)
    expect(moved).to_contain_text(f"{OPENING}: 10:00 → 09:00")  # old → new, in the event's zone
    page.get_by_role("button", name=t("Publish version %(num)d", num=2)).click()
    expect(page.locator(".flash-success")).to_have_text(t("Version %(num)d of the agenda is now public.", num=2))
    tab(page, app, "ru", "Public page").click()
    page.get_by_role("navigation", name=t("Event")).get_by_role("link", name=t("Agenda")).click()
    one_change = translated_plural(app, "ru", "%(num)d change since %(date)s", "%(num)d changes since %(date)s", 1,
                                   date="DATE")
    expect(page.locator("details.changes summary")).to_have_text(re.compile(re.escape(one_change).replace("DATE", ".+")))
    page.context.close()


def test_on_a_phone_the_grid_becomes_a_list_per_room(phone, live_server, create_user, create_event, create_session,
                                                       app):
    from app.agenda.models import Room
    from app.extensions import db

    organiser = create_user(email="organiser@example.org")
    event = create_event(organiser=organiser, slug="forum")
    with app.app_context():
        room = Room(event_id=event.id, name={"en": "Plenary hall"}, capacity=100)
        db.session.add(room)
        db.session.commit()
        room_id = room.id
    create_session(event, "Opening", room_id=room_id)
    phone.goto(f"{live_server}/account/login?lang=en")
    phone.get_by_label("E-mail address").fill("organiser@example.org")
    phone.get_by_label("Password", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_role("button", name="Sign out", include_hidden=True).wait_for(state="attached")  # behind the menu button
    phone.goto(f"{live_server}/manage/events/forum/agenda")
    assert phone.locator(".builder-grid").evaluate("el => getComputedStyle(el).display") == "block"
    expect(phone.locator(".slot").first).to_be_hidden()
    heading = phone.get_by_role("heading", name=re.compile("Plenary hall"))
    card = phone.locator("article.grid-session")
    assert heading.bounding_box()["y"] < card.bounding_box()["y"]
    assert card.bounding_box()["width"] > 300  # the whole width, not a grid column
    expect(phone.get_by_text("Use “Move” on a session to change its day, time or room.")).to_be_visible()
