"""No input reaches a 500: every form route gets hostile values and must answer below 500."""
import pytest

HOSTILE = ["", "\x00", "a" * 100_000, "<script>alert(1)</script>", "'; DROP TABLE event; --", "ә" * 500,
           "../../etc/passwd", "-1", "99999999999999999999", "2030-02-30", "\u202e\u0000x"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_post_route_survives_hostile_values(app, client, create_user, create_event, login, value):
    user = create_user(is_admin=True)
    event = create_event(organiser=user)
    login(user)
    adapter = app.url_map.bind("localhost")
    fields = ["email", "password", "confirm", "name", "organisation", "country", "preferred_language", "slug",
              "start_date", "end_date", "timezone", "languages", "default_language", "visibility", "capacity",
              "registration_mode", "registration_opens_at", "registration_closes_at", "role", "title-en",
              "title-ru", "description-kk", "pw-current_password", "pw-password", "pw-confirm", "next", "token-name",
              "max_uses", "valid_days", "label", "invitation", "reason", "change"]
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "accounts.logout":
            continue
        url = adapter.build(rule.endpoint, {arg: {"slug": event.slug}.get(arg, 1) for arg in rule.arguments})
        response = client.post(url, data={name: value for name in fields})
        assert response.status_code < 500, (rule.rule, response.status_code)
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_administrations_query_parameters_survive_hostile_values(app, client, create_user, create_event, login,
                                                                    value):
    expected = 400 if "\x00" in value else 200  # NUL bytes are refused before any view
    login(create_user(is_admin=True))
    create_event()
    for path in ("/admin/users", "/admin/audit"):
        for query in ({"q": value}, {"page": value}, {"scope": value}, {"q": value, "page": value}):
            response = client.get(path, query_string=query)
            assert response.status_code == expected, (path, query, response.status_code)


def test_ids_out_of_range_are_404(client, create_user, create_event, login):
    user = create_user()
    event = create_event(organiser=user)
    login(user)
    for member_id in ["99999999999999999999", "0"]:
        assert client.post(f"/manage/events/{event.slug}/team/{member_id}/remove").status_code == 404
    login(create_user(is_admin=True))
    for user_id in ["99999999999999999999", "0"]:
        assert client.get(f"/admin/users/{user_id}").status_code == 404
        assert client.post(f"/admin/users/{user_id}/disable").status_code == 404
    assert client.post("/admin/events/no-such-event/approve").status_code == 404


def test_nul_bytes_are_refused_with_400(client):
    assert client.get("/?q=%00").status_code == 400
    assert client.post("/account/login", data={"email": "a\x00@example.org", "password": "x"}).status_code == 400


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_api_route_survives_hostile_query_values_and_tokens(app, client, create_user, create_event, value):
    """Every query parameter the OpenAPI document names, and the Authorization header, get hostile values:
    400 (or 401 for a token), never a 500; a token in the address is refused whatever it holds."""
    from urllib.parse import quote

    from app.api.openapi import openapi_document

    create_event(slug="forum")
    document = openapi_document()
    names = {p["name"] for p in document["components"]["parameters"].values() if p["in"] == "query"}
    names |= {p["name"] for item in document["paths"].values() for p in item["get"].get("parameters", [])
              if "name" in p and p["in"] == "query"}
    assert names >= {"page", "per_page", "session", "lang"}
    for path in document["paths"]:
        url = "/api/v1" + path.replace("{slug}", "forum")
        for name in sorted(names):
            response = client.get(f"{url}?{name}={quote(value)}")
            assert response.status_code in (200, 400), (url, name, response.status_code)
        response = client.get(f"{url}?access_token={quote(value)}")
        assert response.status_code == 400, url
        latin1 = value.encode("utf-8").decode("latin-1")  # what a header carries of a non-Latin value
        if "\x00" not in value:  # no HTTP client sends a NUL byte in a header
            response = client.get(url, headers={"Authorization": f"Bearer {latin1}"})
            assert response.status_code in (400, 401), (url, response.status_code)
    assert client.get("/healthz").status_code == 200
