"""Sign-ins that end on the server: one row per signed-in browser.

Flask-Login keeps the user's id in the session cookie and, with "remember me", in a
year-long cookie of its own; both are only signed, so a copy taken before sign-out would
work for as long as they last. Here the id also names a sign-in row by a random secret
(User.get_id: "<user id>:<session version>:<secret>"), and the user loader accepts it only
while that row exists and is younger than REMEMBER_COOKIE_DURATION.

- Signing out deletes this browser's row: its cookies, and every copy of them, stop working;
  the user's other browsers stay signed in.
- "Sign out everywhere" (the profile page) and a password change or reset delete all of the
  user's rows (a password change also bumps session_version, which ends reset links).

The cost is one row per sign-in and a join in the one query that loads the user of a request.
Rows past their age are deleted every night.

The first part (start, end, load) is the service; sign_in()/sign_out() are its request side.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from app.accounts.models import SignIn, User
from app.core.jobs import crontab, periodic_job
from app.core.unit_of_work import after_commit
from app.db import utcnow
from app.extensions import db


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _max_age() -> timedelta:
    return current_app.config["REMEMBER_COOKIE_DURATION"]


def start_sign_in(user: User) -> str:
    """Record a new signed-in browser for `user`; returns its secret (also set on user.sign_in_token). Flushes."""
    token = secrets.token_urlsafe(32)
    db.session.add(SignIn(user_id=user.id, token_hash=_hash(token)))
    db.session.flush()
    user.sign_in_token = token
    return token


def end_sign_in(user: User) -> None:
    """Forget the browser `user` was loaded for."""
    if user.sign_in_token:
        db.session.execute(delete(SignIn).where(SignIn.user_id == user.id,
                                                SignIn.token_hash == _hash(user.sign_in_token)))


def end_all_sign_ins(user: User) -> int:
    """Forget every browser of `user`; returns how many there were."""
    return db.session.execute(delete(SignIn).where(SignIn.user_id == user.id)).rowcount


def user_signed_in(user_id: str) -> User | None:
    """The user a cookie's id names, while its sign-in lasts (one query), or None."""
    try:
        raw_id, version, token = user_id.split(":", 2)
        number, version_number = int(raw_id), int(version)
    except (ValueError, TypeError, AttributeError):
        return None
    if not token or not 0 < number < 2**31:
        return None
    user = db.session.scalar(
        select(User).join(SignIn, SignIn.user_id == User.id)
        .where(User.id == number, User.session_version == version_number, SignIn.token_hash == _hash(token),
               SignIn.created_at > utcnow() - _max_age()))
    if user is None or not user.is_active:  # a disabled account's sign-ins end at once (app/admin)
        return None
    user.sign_in_token = token
    return user


@periodic_job(crontab(hour="3", minute="41"))
def forget_old_sign_ins() -> None:
    """Nightly: sign-ins older than the remember-me cookie can no longer be used."""
    db.session.execute(delete(SignIn).where(SignIn.created_at <= utcnow() - _max_age()))
    db.session.commit()


# --- the request side ----------------------------------------------------------------

def sign_in(user: User, remember: bool = False) -> None:
    """Sign this browser in as `user` once the request's work is committed (never the id of a rolled-back account)."""
    start_sign_in(user)

    def set_cookies():
        session.pop("lang", None)  # the user's own preference takes over
        login_user(user, remember=remember)

    after_commit(set_cookies)


def sign_out(user: User, everywhere: bool = False) -> None:
    """End this browser's sign-in (or all of the user's) on the server, and drop its cookies."""
    if everywhere:
        end_all_sign_ins(user)
    else:
        end_sign_in(user)
    logout_user()
