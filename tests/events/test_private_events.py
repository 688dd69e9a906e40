"""Issue 12.9: a private event does not reveal that it exists. Every URL of it answers anonymous
visitors and signed-in non-members exactly as the same URL of an unknown slug does: 404."""
import pytest

from app.events.models import Visibility

# Values for the other parts of an event's URLs: the 404 must come before any of them is looked at.
OTHER_VALUES = {"token": "made-up", "code": "MADEUP", "scope": "event", "language": "en", "filename": "x.pdf"}


def _event_urls(app, slug: str) -> list[tuple[str, str]]:
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "slug" not in rule.arguments:
            continue
        values = {name: slug if name == "slug" else OTHER_VALUES.get(name, 1) for name in rule.arguments}
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, adapter.build(rule.endpoint, values)))
    return urls


@pytest.mark.parametrize("who", ["anonymous", "non-member"])
def test_every_url_of_a_private_event_answers_as_an_unknown_slug(app, client, create_event, create_user, login, who):
    create_event(slug="secret", visibility=Visibility.PRIVATE)
    if who == "non-member":
        login(create_user(email="outsider@example.org"))
    private, unknown = _event_urls(app, "secret"), _event_urls(app, "no-such-event")
    assert len(private) > 100  # every event-scoped route of the app, GET and POST
    differ = []
    for (method, url), (_, twin) in zip(private, unknown, strict=True):
        answer, unknown_answer = client.open(url, method=method), client.open(twin, method=method)
        # The site administration's event routes answer only administrators, the same for any slug.
        expected = unknown_answer.status_code if url.startswith("/admin/") else 404
        if (answer.status_code, unknown_answer.status_code) != (expected, expected):
            differ.append(f"{method} {url}: {answer.status_code} {answer.headers.get('Location', '')}"
                          f" (unknown slug: {unknown_answer.status_code})")
    assert not differ, "\n".join(differ)


def test_the_not_found_page_offers_signing_in_to_anonymous_visitors(client, create_event):
    create_event(slug="secret", visibility=Visibility.PRIVATE)
    assert client.get("/events/secret/agenda.ics").status_code == 404
    assert client.get("/events/secret").get_data(as_text=True).count("/account/login?next=/events/secret") == 1


def test_the_team_still_gets_in_and_a_public_events_management_still_asks_to_sign_in(client, create_event,
                                                                                      create_user, login):
    organiser = create_user(email="org@example.org")
    create_event(organiser=organiser, slug="secret", visibility=Visibility.PRIVATE)
    create_event(organiser=organiser, slug="open")
    response = client.get("/manage/events/open/edit")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    login(organiser)
    assert client.get("/events/secret").status_code == 200
    assert client.get("/manage/events/secret/edit").status_code == 200
