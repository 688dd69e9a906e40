import re

import pytest

from app.accounts import services
from app.accounts.models import User
from app.core.errors import DomainError
from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD, signed_in_id, translated


def _link_in(message) -> str:
    body = message.get_content()
    match = re.search(r"https?://\S+", body)
    assert match, body
    return match.group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


SIGNUP = {
    "name": "Aigerim Nurlanova", "email": "Aigerim@Example.org", "password": "long enough pw",
    "confirm": "long enough pw", "organisation": "NPM", "country": "KZ", "preferred_language": "ru",
}


def test_signup_sends_verification_mail_in_chosen_language_and_link_verifies(client, mailbox, app):
    response = client.post("/account/signup", data=SIGNUP)
    assert response.status_code == 302 and response.headers["Location"] == "/account/signup/sent"
    assert "aigerim@example.org" in client.get("/account/signup/sent").get_data(as_text=True)

    [message] = mailbox.wait_for("aigerim@example.org")
    assert message["Subject"] == translated(app, "ru", "Confirm your e-mail address")
    # The name is isolated from the sentence (issue 12.10).
    assert translated(app, "ru", "Hello %(name)s,", name="\u2068Aigerim Nurlanova\u2069") in message.get_content()
    assert message["Content-Language"] == "ru"

    # Not verified yet: signing in is refused with a way to get the link again.
    response = client.post("/account/login", data={"email": "aigerim@example.org", "password": "long enough pw"})
    assert response.status_code == 200
    assert "/account/verify/resend" in response.get_data(as_text=True)

    response = client.get(_path(_link_in(message)))
    assert response.status_code == 302
    response = client.post("/account/login", data={"email": "AIGERIM@example.org", "password": "long enough pw"})
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200


def test_signup_with_bad_input_shows_errors_and_creates_nothing(client, app, mailbox):
    bad = dict(SIGNUP, email="not-an-address", password="short", confirm="different")
    response = client.post("/account/signup", data=bad, headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert translated(app, "ru", "Please enter a valid e-mail address.") in page
    assert translated(app, "ru", "The two passwords do not match.") in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert mailbox.messages == []


def test_login_with_wrong_password_says_nothing_about_which_part(client, create_user):
    create_user(email="a@example.org")
    wrong_password = client.post("/account/login", data={"email": "a@example.org", "password": "nope nope nope"})
    unknown_user = client.post("/account/login", data={"email": "b@example.org", "password": "nope nope nope"})
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert "not correct" in wrong_password.get_data(as_text=True)
    assert "not correct" in unknown_user.get_data(as_text=True)


def test_login_redirects_only_to_local_paths(client, create_user):
    create_user(email="a@example.org")
    for target, expected in [("/manage/", "/manage/"), ("https://evil.example/", "/"), ("//evil.example/x", "/"),
                             ("/\\evil.example", "/"), ("javascript:alert(1)", "/")]:
        client.post("/account/logout")
        response = client.post("/account/login", data={"email": "a@example.org", "password": DEFAULT_PASSWORD, "next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == expected, target


def test_login_is_rate_limited(client, create_user, app, monkeypatch):
    create_user(email="a@example.org")
    from app.extensions import limiter

    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "10 per minute")
    limiter.reset()
    statuses = [client.post("/account/login", data={"email": "a@example.org", "password": "wrong wrong wrong"},
                            headers={"Accept-Language": "kk"}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    blocked = client.post("/account/login", data={"email": "a@example.org", "password": DEFAULT_PASSWORD},
                          headers={"Accept-Language": "kk"})
    assert blocked.status_code == 429
    assert translated(app, "kk", "Too many attempts") in blocked.get_data(as_text=True)
    limiter.reset()


def test_password_reset_link_works_once(client, create_user, mailbox, app):
    create_user(email="a@example.org", preferred_language="kk")
    response = client.post("/account/password/forgot", data={"email": "a@example.org"})
    assert response.status_code == 200
    [message] = mailbox.wait_for("a@example.org")
    assert message["Subject"] == translated(app, "kk", "Reset your password")
    reset_path = _path(_link_in(message))

    response = client.post(reset_path, data={"password": "a brand new secret", "confirm": "a brand new secret"})
    assert response.status_code == 302
    assert client.post(reset_path, data={"password": "another new secret", "confirm": "another new secret"}).status_code == 400
    ok = client.post("/account/login", data={"email": "a@example.org", "password": "a brand new secret"})
    assert ok.status_code == 302


def test_password_reset_for_an_unknown_address_says_so_only_to_that_address(client, mailbox, app):
    response = client.post("/account/password/forgot", data={"email": "Nobody@example.org"},
                           headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    assert "Nobody@example.org" in response.get_data(as_text=True)
    [message] = mailbox.wait_for("nobody@example.org")
    assert message["Subject"] == translated(app, "ru", "Password reset: no account with this address")
    assert "/account/password/reset/" not in message.get_content()
    assert "/account/signup" in message.get_content()


def test_tampered_verification_link_is_refused(client):
    response = client.get("/account/verify/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/account/verify/not-a-real-token", "/account/password/reset/not-a-real-token"])
def test_unusable_link_page_says_why_once(client, path):
    """The reason is the page's own message, not repeated by a flashed copy above it."""
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("This link is not valid.") == 1
    assert 'class="flash' not in page


def test_profile_update_changes_language_of_pages(client, create_user, login, app):
    user = create_user(email="a@example.org")
    login(user)
    response = client.post("/account/profile", data={"name": "Асель", "organisation": "Омбудсмен", "country": "KZ",
                                                     "preferred_language": "kk"})
    assert response.status_code == 302
    page = client.get("/account/profile").get_data(as_text=True)
    assert '<html lang="kk">' in page
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert (stored.name, stored.organisation, stored.preferred_language) == ("Асель", "Омбудсмен", "kk")


def test_changing_password_ends_other_sessions(app, create_user, login, client):
    user = create_user(email="a@example.org")
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = signed_in_id(app, user.id)
    assert other_device.get("/account/profile").status_code == 200

    login(user)
    response = client.post("/account/password", data={"pw-current_password": DEFAULT_PASSWORD,
                                                     "pw-password": "a new long password", "pw-confirm": "a new long password"})
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200
    assert other_device.get("/account/profile").status_code == 302


def _commit_fails():
    raise RuntimeError("the database refused the commit")


def test_sign_in_whose_commit_fails_does_not_sign_in(app, client, create_user, monkeypatch):
    create_user(email="a@example.org")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with monkeypatch.context() as patched:
        patched.setattr(db.session, "commit", _commit_fails)
        response = client.post("/account/login", data={"email": "a@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 500
    assert client.get("/account/profile").status_code == 302


def test_password_change_whose_commit_fails_keeps_the_session_and_the_old_password(app, client, create_user, login,
                                                                                  monkeypatch):
    """The session cookie takes the new session version only once the new password is committed."""
    login(create_user(email="a@example.org"))
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with monkeypatch.context() as patched:
        patched.setattr(db.session, "commit", _commit_fails)
        response = client.post("/account/password", data={"pw-current_password": DEFAULT_PASSWORD,
                                                         "pw-password": "a new long password",
                                                         "pw-confirm": "a new long password"})
    assert response.status_code == 500
    assert client.get("/account/profile").status_code == 200
    client.post("/account/logout")
    ok = client.post("/account/login", data={"email": "a@example.org", "password": DEFAULT_PASSWORD})
    assert ok.status_code == 302


def test_changing_password_needs_the_current_one(client, create_user, login):
    login(create_user(email="a@example.org"))
    response = client.post("/account/password", data={"pw-current_password": "wrong one here",
                                                     "pw-password": "a new long password", "pw-confirm": "a new long password"})
    assert response.status_code == 400
    assert "current password is not correct" in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2_hashes(ctx):
    user = services.create_user(email="a@example.org", password="secret secret", name="A")
    assert user.password_hash.startswith("$argon2id$")
    assert "secret" not in user.password_hash
    assert services.check_password(user, "secret secret")
    assert not services.check_password(user, "secret secreT")


def test_unverified_user_cannot_authenticate(ctx):
    services.create_user(email="a@example.org", password="secret secret", name="A")
    with pytest.raises(DomainError) as error:
        services.authenticate("a@example.org", "secret secret")
    assert error.value.field == "unverified"


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "root@example.org", "--password", "admin password 1"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        admin = services.find_user_by_email("root@example.org")
        assert admin.is_admin and admin.is_verified
    short = runner.invoke(args=["users", "create-admin", "x@example.org", "--password", "short"])
    assert short.exit_code != 0
