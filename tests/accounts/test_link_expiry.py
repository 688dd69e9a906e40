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
