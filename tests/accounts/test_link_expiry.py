"""Secret links that act expire after a configured time; an expired one gets a translated page that
offers the next step, never an error."""
import pytest

from app.accounts import services
from app.extensions import db
from tests.conftest import translated


@pytest.mark.parametrize(("lang", "purpose", "setting", "next_step", "next_url"), [
    ("ru", "verify", "EMAIL_VERIFICATION_MAX_AGE", "Send the confirmation link again", "/account/verify/resend"),
    ("kk", "reset", "PASSWORD_RESET_MAX_AGE", "Ask for a new password reset link", "/account/password/forgot"),
])
def test_an_expired_account_link_says_so_in_the_readers_language_and_offers_a_new_one(
        app, client, create_user, monkeypatch, lang, purpose, setting, next_step, next_url):
    user = create_user(email="p@example.org", verified=purpose == "reset")
    with app.test_request_context():
        account = db.session.get(type(user), user.id)
        if purpose == "verify":
            path = f"/account/verify/{services.make_verification_token(account)}"
        else:
            path = f"/account/password/reset/{services.make_password_reset_token(account)}"
    if purpose == "reset":
        assert client.get(path).status_code == 200  # fresh: it works
    monkeypatch.setitem(app.config, setting, -1)  # any age is too old now
    response = client.get(f"{path}?lang={lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert translated(app, lang, "This link has expired. Please ask for a new one.") in page
    assert translated(app, lang, next_step) in page and f'href="{next_url}' in page
    if purpose == "verify":
        with app.app_context():
            assert db.session.get(type(user), user.id).email_verified_at is None  # nothing was confirmed


def test_link_lifetimes_and_invitation_validity_come_from_the_configuration(app):
    for setting in ("EMAIL_VERIFICATION_MAX_AGE", "PASSWORD_RESET_MAX_AGE", "INVITATION_VALID_DAYS",
                    "SPEAKER_INVITATION_VALID_DAYS"):
        assert isinstance(app.config[setting], int) and app.config[setting] > 0


def test_the_mails_say_how_long_their_link_works_as_configured(app, client, create_user, mailbox, monkeypatch):
    create_user(email="known@example.org", preferred_language="ru")
    client.post("/account/password/forgot", data={"email": "known@example.org"})
    assert "действует 2 часа" in mailbox.wait_for("known@example.org")[0].get_content()
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", 5 * 3600)
    client.post("/account/password/forgot", data={"email": "known@example.org"})
    assert "действует 5 часов" in mailbox.wait_for("known@example.org", count=2)[1].get_content()

    monkeypatch.setitem(app.config, "EMAIL_VERIFICATION_MAX_AGE", 86400)
    create_user(email="new@example.org", verified=False, preferred_language="kk")
    client.post("/account/verify/resend", data={"email": "new@example.org"})
    assert "Сілтеме 1 күн бойы жарамды." in mailbox.wait_for("new@example.org")[0].get_content()
