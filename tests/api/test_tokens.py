"""Personal API tokens (PRODUCT.md §3): made, named and revoked on the profile page; stored hashed; the API
reads as their owner and shows what the owner may see; never in the address; never for the web pages."""
import hashlib
import json
import re
from datetime import timedelta

from werkzeug.datastructures import WWWAuthenticate

from app.accounts.models import ApiToken
from app.events.models import Visibility
from app.extensions import db
from tests.conftest import bearer, translated


def _secret_from(page: str) -> str:
    found = re.search(r'id="api-token-secret" value="(cvn_[A-Za-z0-9_-]{43})"', page)
    assert found, page[:2000]
    return found.group(1)


def _tokens(app) -> list[ApiToken]:
    with app.app_context():
        rows = db.session.scalars(db.select(ApiToken).order_by(ApiToken.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_only_as_its_sha256(app, client, create_user,
                                                                                      login):
    user = create_user(email="rapporteur@example.org")
    login(user)
    profile = client.get("/account/profile").get_data(as_text=True)
    assert 'id="api-tokens"' in profile and "You have no API tokens." in profile
    response = client.post("/account/api-tokens", data={"token-name": "  Report script "})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    secret = _secret_from(page)
    assert f"Authorization: Bearer {secret}" in page
    [token] = _tokens(app)
    assert token.name == "Report script" and token.user_id == user.id
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    with app.app_context():  # the secret itself is nowhere in the database
        row = db.session.execute(db.text("SELECT * FROM api_token")).one()
    assert secret not in [str(value) for value in row]
    # Afterwards the profile lists it by name and its first characters, never the whole secret again.
    profile = client.get("/account/profile").get_data(as_text=True)
    assert "Report script" in profile and f"{secret[:8]}…" in profile and secret not in profile
    assert "never" in profile  # not used yet
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
    assert _tokens(app)[0].last_used_at is not None


def test_a_token_needs_a_name_and_an_account_has_at_most_twenty(app, client, create_user, login, api_token):
    user = create_user()
    login(user)
    response = client.post("/account/api-tokens", data={"token-name": "   "})
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    for number in range(20):
        api_token(user, f"Script {number}")
    response = client.post("/account/api-tokens", data={"token-name": "One more"})
    assert response.status_code == 400
    assert "revoke one you no longer use first" in response.get_data(as_text=True)
    assert len(_tokens(app)) == 20


def test_revoking_a_token_ends_it_and_nobody_revokes_another_users_token(app, client, create_user, login,
                                                                         api_token):
    owner, other = create_user(email="owner@example.org"), create_user(email="other@example.org")
    secret = api_token(owner, "Mine")
    [token] = _tokens(app)
    login(other)
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
    login(owner)
    response = client.post(f"/account/api-tokens/{token.id}/revoke")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/profile#api-tokens")
    assert _tokens(app) == []
    problem = client.get("/api/v1/events", headers=bearer(secret))
    assert problem.status_code == 401 and problem.content_type == "application/problem+json"
    challenge = WWWAuthenticate.from_header(problem.headers["WWW-Authenticate"])
    assert (challenge.type, challenge["realm"], challenge["error"]) == ("bearer", "Convene API", "invalid_token")
    assert "revoked" in json.loads(problem.data)["detail"]
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404


def test_an_organisers_token_reads_their_private_event_and_a_strangers_does_not(app, client, create_user,
                                                                                create_event, add_role,
                                                                                api_token, login):
    organiser = create_user(email="organiser@example.org")
    rapporteur = create_user(email="rapporteur@example.org")
    stranger = create_user(email="stranger@example.org")
    admin = create_user(email="admin@example.org", is_admin=True)
    event = create_event(organiser, slug="closed", visibility=Visibility.PRIVATE)
    create_event(organiser, slug="by-link", visibility=Visibility.UNLISTED)
    create_event(create_user(), slug="someone-elses", visibility=Visibility.UNLISTED)
    create_event(organiser, slug="open")
    add_role(event, rapporteur, "rapporteur")
    readers = {name: api_token(user) for name, user in
               [("organiser", organiser), ("rapporteur", rapporteur), ("stranger", stranger), ("admin", admin)]}
    for name in ("organiser", "rapporteur", "admin"):
        for path in ("", "/sessions", "/speakers", "/rooms", "/materials", "/notes"):
            response = client.get(f"/api/v1/events/closed{path}", headers=bearer(readers[name]))
            assert response.status_code == 200, (name, path)
            # What a token reads is its owner's: no shared cache may keep it.
            assert response.headers["Cache-Control"] == "private, max-age=60"
            assert "Authorization" in response.headers["Vary"]
        assert json.loads(client.get("/api/v1/events/closed", headers=bearer(readers[name])).data)[
            "visibility"] == "private"
    listed = {name: [e["slug"] for e in json.loads(client.get("/api/v1/events", headers=bearer(secret)).data)["items"]]
              for name, secret in readers.items()}
    assert listed["organiser"] == ["by-link", "closed", "open"]
    assert listed["rapporteur"] == ["closed", "open"]
    assert listed["admin"] == ["by-link", "closed", "open", "someone-elses"]
    assert listed["stranger"] == ["open"]
    for headers in (bearer(readers["stranger"]), {}):
        for path in ("", "/sessions", "/materials"):
            assert client.get(f"/api/v1/events/closed{path}", headers=headers).status_code == 404
    anonymous = client.get("/api/v1/events/open")
    assert anonymous.headers["Cache-Control"] == "public, max-age=60" and "Authorization" in anonymous.headers["Vary"]
    # The organiser's session cookie is still no way in: only the token is.
    login(organiser)
    assert client.get("/api/v1/events/closed").status_code == 404


def test_a_token_in_the_address_is_refused_even_a_valid_one(client, create_user, api_token):
    secret = api_token(create_user())
    for name in ("token", "access_token", "api_key", "Access_Token"):
        for url in (f"/api/v1/events?{name}={secret}", f"/api/v1/openapi.json?{name}=x",
                    f"/api/v1/events/unknown/sessions?{name}={secret}", f"/api/v1/no-such-path?{name}={secret}"):
            response = client.get(url, headers=bearer(secret))
            assert response.status_code == 400, url
            detail = json.loads(response.data)["detail"]
            assert "Authorization: Bearer <token>" in detail and f"'{name}'" in detail, url


def test_an_unknown_or_empty_bearer_token_is_401_and_other_schemes_are_anonymous(client, create_user, create_event,
                                                                                 api_token):
    create_event(slug="open")
    create_event(slug="closed", visibility=Visibility.PRIVATE)
    secret = api_token(create_user())
    for value, error in [(f"Bearer {secret}x", "invalid_token"), ("Bearer cvn_made-up", "invalid_token"),
                         ("Bearer not-even-ours", "invalid_token"), ("Bearer", "invalid_request"),
                         ("bearer    ", "invalid_request"), ("Bearer " + "x" * 5000, "invalid_token")]:
        response = client.get("/api/v1/events", headers={"Authorization": value})
        assert response.status_code == 401, value
        assert WWWAuthenticate.from_header(response.headers["WWW-Authenticate"])["error"] == error, value
        assert json.loads(response.data)["status"] == 401
    # A password-protected staging proxy's Basic credentials are no token: the request is anonymous.
    basic = client.get("/api/v1/events", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 200 and [e["slug"] for e in json.loads(basic.data)["items"]] == ["open"]
    assert client.get("/api/v1/events", headers={"Authorization": f"bearer {secret}"}).status_code == 200


def test_a_token_opens_no_web_page_and_changes_nothing(app, client, create_user, create_event, api_token):
    organiser = create_user(is_admin=True)
    create_event(organiser, slug="forum")
    secret = api_token(organiser)
    for url in ("/account/profile", "/manage/events/forum/", "/my/agenda", "/manage/"):
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    response = client.post("/account/api-tokens", data={"token-name": "Made by a token"}, headers=bearer(secret))
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post("/api/v1/events", headers=bearer(secret)).status_code == 405
    assert [t.name for t in _tokens(app)] == ["Script"]


def test_last_use_is_written_at_most_once_a_quarter_of_an_hour(app, client, create_user, api_token, count_queries):
    secret = api_token(create_user())
    client.get("/api/v1/events", headers=bearer(secret))
    first = _tokens(app)[0].last_used_at
    client.get("/api/v1/events", headers=bearer(secret))
    assert _tokens(app)[0].last_used_at == first  # a script polling every few seconds does not write each time
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        token.last_used_at = first - timedelta(minutes=16)
        db.session.commit()
    client.get("/api/v1/events", headers=bearer(secret))
    assert _tokens(app)[0].last_used_at > first


def test_the_api_tokens_part_of_the_profile_is_in_russian_and_kazakh(app, client, create_user, login, api_token):
    for lang in ("ru", "kk"):
        user = create_user(preferred_language=lang)
        api_token(user, "Отчёт")
        login(user)
        page = client.get("/account/profile").get_data(as_text=True)
        assert translated(app, lang, "API tokens") in page
        assert translated(app, lang, "Revoke") in page and translated(app, lang, "Create a token") in page
        created = client.post("/account/api-tokens", data={"token-name": "Скрипт"}).get_data(as_text=True)
        assert translated(app, lang, "Copy it now: it is shown only this once.") in created


def test_the_tokens_of_a_disabled_account_stop_working_until_it_is_enabled_again(app, client, create_user, login,
                                                                                 api_token):
    person = create_user(email="person@example.org")
    secret = api_token(person)
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
    login(create_user(email="admin@example.org", is_admin=True))
    assert client.post(f"/admin/users/{person.id}/disable").status_code == 302
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 401
    assert client.post(f"/admin/users/{person.id}/enable").status_code == 302
    assert client.get("/api/v1/events", headers=bearer(secret)).status_code == 200
