"""The organiser's menu (app.events.navigation): one data structure, each person sees what they may open."""
from __future__ import annotations

import re

import pytest

from app.events.models import EventKind
from app.events.navigation import MANAGE_MENU, PUBLIC_PAGE


def menu_links(html: str) -> list[str]:
    """The hrefs of the management menu of a page, in order."""
    nav = re.search(r'<nav class="manage-nav".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', nav.group(0)) if nav else []


def current_link(html: str) -> list[str]:
    nav = re.search(r'<nav class="manage-nav".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav.group(0)) if nav else []


def test_every_destination_of_the_menu_is_a_page_of_the_app(app):
    endpoints = [d.endpoint for group in MANAGE_MENU for d in group.destinations] + [PUBLIC_PAGE.endpoint]
    assert len(endpoints) == len(set(endpoints))
    for endpoint in endpoints:
        assert endpoint in app.view_functions, endpoint
        assert getattr(app.view_functions[endpoint], "permission", None), f"{endpoint} has no permission rule"


def test_organiser_of_a_training_gets_every_destination_and_each_page_carries_the_menu(
        client, create_event, create_user, login):
    organiser = create_user()
    event = create_event(organiser=organiser, kind=EventKind.TRAINING)
    login(organiser)
    first = client.get(f"/manage/events/{event.slug}/")
    links = menu_links(first.get_data(as_text=True))
    expected = 1 + 3 + 5 + 5 + 4 + 3 + 1  # overview, setup, programme, people, on the day, after, public page
    assert len(links) == expected and links[-1] == f"/events/{event.slug}"
    for href in links[:-1]:
        response = client.get(href)
        assert response.status_code == 200, href
        html = response.get_data(as_text=True)
        assert menu_links(html) == links, href
        assert current_link(html) == [href]


def test_forum_menu_leaves_out_training_pages_and_sub_pages_mark_their_destination(
        client, create_event, create_user, login):
    organiser = create_user()
    event = create_event(organiser=organiser)
    login(organiser)
    html = client.get(f"/manage/events/{event.slug}/agenda/rooms").get_data(as_text=True)
    links = menu_links(html)
    assert f"/manage/events/{event.slug}/attendance" not in links
    assert f"/manage/events/{event.slug}/certificates" not in links
    assert current_link(html) == [f"/manage/events/{event.slug}/agenda"]


@pytest.mark.parametrize("role, pages", [
    ("checkin", ["checkin", "live", "attendance"]),
    ("rapporteur", ["notes"]),
])
def test_team_members_see_only_the_pages_they_may_open(client, create_event, create_user, login, add_role, role, pages):
    event = create_event(kind=EventKind.TRAINING)
    member = create_user()
    add_role(event, member, role)
    login(member)
    first = f"/manage/events/{event.slug}/{pages[0]}"
    links = menu_links(client.get(first).get_data(as_text=True))
    assert links == [f"/manage/events/{event.slug}/{page}" for page in pages] + [f"/events/{event.slug}"]
    assert client.get(f"/manage/events/{event.slug}/").status_code == 403
