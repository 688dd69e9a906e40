"""Accounts: sign-up, e-mail verification, authentication, password reset, profile.

Functions take plain values, change the session and flush; the caller commits.
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.accounts.signins import end_all_sign_ins
from app.core.errors import DomainError
from app.core.mail import mail_link, queue_mail
from app.db import utcnow
from app.extensions import db

# A hash of a random password: verifying against it when the e-mail is unknown
# makes a failed login take as long whether or not the account exists.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["PASSWORD_HASH_TIME_COST"], memory_cost=config["PASSWORD_HASH_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(user: User | None, password: str) -> bool:
    hasher = _hasher()
    if user is None:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = hasher.hash("not-a-password")
        try:
            hasher.verify(_DUMMY_HASH[key], password)
        except VerificationError:
            pass
        return False
    try:
        hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(func.lower(User.email) == normalise_email(email)))


def _new_user(*, email: str, password_hash: str, name: str, organisation: str, country: str,
              preferred_language: str, is_admin: bool, verified: bool) -> User:
    return User(
        email=normalise_email(email),
        password_hash=password_hash,
        name=name.strip(),
        organisation=organisation.strip(),
        country=country,
        preferred_language=preferred_language,
        is_admin=is_admin,
        email_verified_at=utcnow() if verified else None,
    )


def create_user(*, email: str, password: str, name: str, organisation: str = "", country: str = "",
                preferred_language: str = "en", is_admin: bool = False, verified: bool = False) -> User:
    """Create an account. Raises DomainError when the e-mail address is taken."""
    if find_user_by_email(email):
        raise DomainError(_l("An account with this e-mail address already exists."), field="email")
    user = _new_user(email=email, password_hash=hash_password(password), name=name, organisation=organisation,
                     country=country, preferred_language=preferred_language, is_admin=is_admin, verified=verified)
    db.session.add(user)
    db.session.flush()
    return user


def sign_up(*, email: str, password: str, name: str, organisation: str = "", country: str = "",
            preferred_language: str = "en") -> None:
    """Create an unconfirmed account and mail it its confirmation link; when the address has an
    account already, mail its owner that someone tried to sign up with it instead.

    The caller answers "check your e-mail" either way, and both ways do the same work (one
    password hash, which dominates the time, one lookup, one outbox mail), so neither the answer
    nor its timing tells a stranger whether the address has an account.
    """
    password_hash = hash_password(password)
    owner = find_user_by_email(email)
    if owner is None:
        user = _new_user(email=email, password_hash=password_hash, name=name, organisation=organisation,
                         country=country, preferred_language=preferred_language, is_admin=False, verified=False)
        try:
            with db.session.begin_nested():
                db.session.add(user)
        except IntegrityError:  # the same address signed up at the same moment
            owner = find_user_by_email(email)
        else:
            send_verification_mail(user)
            return
    send_signup_attempt_mail(owner)


# --- signed tokens for e-mailed links --------------------------------------

def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"convene-{purpose}")


def make_verification_token(user: User) -> str:
    return _serializer("verify-email").dumps({"id": user.id, "email": user.email})


def make_password_reset_token(user: User) -> str:
    # session_version makes the link single-use: a reset bumps it.
    return _serializer("reset-password").dumps({"id": user.id, "v": user.session_version})


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_l("This link has expired. Please ask for a new one.")) from None
    except BadSignature:
        raise DomainError(_l("This link is not valid. Please check that you copied it completely.")) from None
    return data if isinstance(data, dict) else {}


def verify_email(token: str) -> User:
    data = _load("verify-email", token, current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    user = db.session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise DomainError(_l("This link is not valid. Please check that you copied it completely."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def user_from_reset_token(token: str) -> User:
    data = _load("reset-password", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("id"))
    if user is None or user.session_version != data.get("v"):
        raise DomainError(_l("This link has already been used. Please ask for a new one."))
    return user


def set_password(user: User, password: str) -> None:
    """Also ends every sign-in of the account (the caller signs this browser in again if it should)."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    end_all_sign_ins(user)


def reset_password(token: str, password: str) -> User:
    user = user_from_reset_token(token)
    set_password(user, password)
    # Following the link proves the address too.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user, or raise DomainError; the message never says which part was wrong."""
    user = find_user_by_email(email)
    if not check_password(user, password):
        raise DomainError(_l("The e-mail address or password is not correct."))
    if not user.is_verified:
        raise DomainError(_l("Please confirm your e-mail address first: open the link we sent you."), field="unverified")
    if not user.is_active:
        raise DomainError(_l("This account has been disabled. Please contact the site administrators."))
    user.last_login_at = utcnow()
    return user


# --- mail -------------------------------------------------------------------

def send_verification_mail(user: User) -> None:
    link = mail_link("accounts.verify", token=make_verification_token(user))
    days = max(1, current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400)
    queue_mail(user.email, "verify_email", user.preferred_language,
               _l("Confirm your e-mail address"), user=user, link=link, days=days, secret_body=True)


def send_signup_attempt_mail(owner: User) -> None:
    """Tell an account's owner that someone tried to sign up with their address (no link that signs in)."""
    queue_mail(owner.email, "signup_attempt", owner.preferred_language,
               _l("Someone tried to create an account with your address"), user=owner,
               login_url=mail_link("accounts.login"), reset_url=mail_link("accounts.forgot_password"))


def resend_verification_mail(email: str, language: str) -> None:
    """Mail the confirmation link again to an unconfirmed account with this address; to a confirmed
    one, that it is confirmed already (where to sign in, or choose a new password); to an address
    without an account, that it has none (in `language`, the asker's).

    As for a password reset (below), the caller says the same either way and every way does the
    same work (one lookup, one outbox mail), so neither the answer nor its timing tells a stranger
    whether the address has an account, or whether it is confirmed.
    """
    user = find_user_by_email(email)
    if user is not None and not user.is_verified:
        send_verification_mail(user)
    elif user is not None:
        queue_mail(user.email, "verify_email_already_confirmed", user.preferred_language,
                   _l("Your e-mail address is already confirmed"), user=user,
                   login_url=mail_link("accounts.login"), reset_url=mail_link("accounts.forgot_password"))
    else:
        queue_mail(normalise_email(email), "verify_email_no_account", language,
                   _l("Confirmation link: no account with this address"), email=normalise_email(email),
                   signup_url=mail_link("accounts.signup"), resend_url=mail_link("accounts.resend_verification"))


def send_password_reset_mail(email: str, language: str) -> None:
    """Mail a reset link to the account with this address; when there is none, mail the address
    that it has no account (in `language`, the asker's), which helps whoever mistyped it or does
    not remember which address they signed up with.

    The caller says the same either way, and both ways do the same work (one lookup, one outbox
    mail): neither the answer nor its timing tells a stranger whether the address has an account.
    Mailing an address that has no account is what sign-up does too, and both are rate-limited.
    """
    user = find_user_by_email(email)
    if user is not None:
        link = mail_link("accounts.reset_password", token=make_password_reset_token(user))
        hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
        queue_mail(user.email, "reset_password", user.preferred_language,
                   _l("Reset your password"), user=user, link=link, hours=hours, secret_body=True)
    else:
        queue_mail(normalise_email(email), "reset_password_no_account", language,
                   _l("Password reset: no account with this address"), email=normalise_email(email),
                   signup_url=mail_link("accounts.signup"), forgot_url=mail_link("accounts.forgot_password"))


def update_profile(user: User, *, name: str, organisation: str, country: str, preferred_language: str) -> None:
    user.name = name.strip()
    user.organisation = organisation.strip()
    user.country = country
    user.preferred_language = preferred_language
