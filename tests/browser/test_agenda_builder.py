"""J2: an organiser builds the agenda in the grid, sees and fixes a conflict, reviews the changes and publishes."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def _card(page, title):
    return page.locator("article.grid-session", has=page.get_by_role("link", name=title, exact=True))


def _add_session(page, title, start, end, room):
    page.get_by_role("link", name=f"Add a session in {room}").click()  # the room's own "Add" link
    expect(page.get_by_label("Room", exact=True).locator("option:checked")).to_have_text(room)
    page.locator("#title-en").fill(title)
    page.get_by_label("Starts at").fill(start)
    page.get_by_label("Ends at").fill(end)
    page.get_by_role("button", name="Add the session").click()
    expect(page.locator(".flash-success")).to_contain_text("The session has been added.")


def test_organiser_builds_the_agenda_fixes_a_conflict_and_publishes(page, live_server, create_user, create_event):
    organiser = create_user(email="organiser@example.org", name="Olga Organiser")
    create_event(organiser=organiser, slug="forum")

    page.goto(f"{live_server}/account/login?lang=en")
    page.get_by_label("E-mail address").fill("organiser@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()

    # The venue's rooms first.
    page.goto(f"{live_server}/manage/events/forum/agenda/rooms")
    for name, seats in (("Plenary hall", "120"), ("Breakout room", "40")):
        page.locator("#name-en").fill(name)
        page.get_by_label("Capacity (seats)").fill(seats)
        page.get_by_role("button", name="Add the room").click()
        expect(page.locator(".flash-success")).to_contain_text("The room has been added.")

    # Two sessions on day 1 in the plenary hall; the second overlaps the first.
    page.get_by_role("link", name="Grid", exact=True).click()
    expect(page.get_by_role("link", name=re.compile("Day 1"))).to_have_attribute("aria-current", "page")
    _add_session(page, "Opening", "10:00", "11:00", "Plenary hall")
    expect(page.locator(".no-conflicts")).to_be_visible()
    _add_session(page, "Panel on oversight", "10:30", "11:30", "Plenary hall")

    # The conflict is flagged in the list above the grid and on both sessions, in words.
    expect(page.locator(".flash-success")).to_contain_text("1 conflict to look at.")
    expect(page.get_by_role("heading", name="1 conflict")).to_be_visible()
    expect(page.locator("#conflict-0")).to_contain_text("Plenary hall is booked for two sessions at the same time.")
    for title in ("Opening", "Panel on oversight"):
        expect(_card(page, title).locator(".conflict-badge")).to_have_text(re.compile("Room double-booked"))

    # Fix it by dragging the panel to the breakout room at the same time.
    panel = _card(page, "Panel on oversight")
    target = page.locator('.slot[data-time="10:30"][data-room]:not([data-room=""])').nth(1)
    panel.drag_to(target, source_position={"x": 20, "y": 6}, target_position={"x": 20, "y": 6})
    expect(page.locator(".flash-success")).to_contain_text("The session has been moved. No conflicts.")
    breakout_column = page.locator(".grid-head", has_text="Breakout room").get_attribute("data-col")
    expect(_card(page, "Panel on oversight")).to_have_attribute("data-col", breakout_column)
    expect(_card(page, "Panel on oversight")).to_contain_text("10:30")

    # With the keyboard: focus "Move", left arrow back to the plenary hall, Enter: the conflict is back.
    _card(page, "Panel on oversight").locator(".gs-move").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#builder-live")).to_contain_text("10:30, Plenary hall")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("1 conflict to look at.")
    expect(_card(page, "Panel on oversight").locator(".conflict-badge")).to_be_visible()

    # And with the plain form behind "Move": start at 11:00 instead. The session keeps its hour.
    _card(page, "Panel on oversight").get_by_role("link", name=re.compile("^Move")).click()
    expect(page.get_by_role("heading", name="Move “Panel on oversight”")).to_be_visible()
    page.get_by_label("Starts at").fill("11:00")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("The session has been moved. No conflicts.")
    expect(page.locator(".no-conflicts")).to_be_visible()
    expect(_card(page, "Panel on oversight").locator(".gs-time")).to_contain_text(re.compile(r"11:00.*12:00"))

    # The change list before the first publication, then publish.
    page.get_by_role("link", name="Review and publish").first.click()
    added = page.locator("section.change-added")
    expect(added.get_by_role("heading")).to_have_text("Added (2)")
    expect(added).to_contain_text("Opening")
    expect(added).to_contain_text("Panel on oversight")
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".flash-success")).to_have_text("Version 1 of the agenda is now public.")
    expect(page.get_by_text("There is nothing new to publish.")).to_be_visible()

    # The public agenda shows both sessions.
    page.goto(f"{live_server}/events/forum/agenda?lang=en")
    expect(page.get_by_role("link", name="Opening")).to_be_visible()
    expect(page.get_by_role("link", name="Panel on oversight")).to_be_visible()

    # A change after publishing: the organiser sees it as "moved", with times before and after.
    page.goto(f"{live_server}/manage/events/forum/agenda")
    _card(page, "Opening").get_by_role("link", name=re.compile("^Move")).click()
    page.get_by_label("Starts at").fill("09:00")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_role("link", name="Review and publish").first.click()
    moved = page.locator("section.change-moved")
    expect(moved).to_contain_text("Opening")
    expect(moved.locator("del")).to_contain_text("10:00")
    expect(moved.locator("ins")).to_contain_text("9:00")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".flash-success")).to_have_text("Version 2 of the agenda is now public.")
    page.goto(f"{live_server}/events/forum/agenda?lang=en")
    expect(page.locator("details.changes summary")).to_contain_text("1 change since")


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
    phone.get_by_role("button", name="Sign out").wait_for()
    phone.goto(f"{live_server}/manage/events/forum/agenda")
    assert phone.locator(".builder-grid").evaluate("el => getComputedStyle(el).display") == "block"
    expect(phone.locator(".slot").first).to_be_hidden()
    heading = phone.get_by_role("heading", name=re.compile("Plenary hall"))
    card = phone.locator("article.grid-session")
    assert heading.bounding_box()["y"] < card.bounding_box()["y"]
    assert card.bounding_box()["width"] > 300  # the whole width, not a grid column
    expect(phone.get_by_text("Use “Move” on a session to change its day, time or room.")).to_be_visible()
