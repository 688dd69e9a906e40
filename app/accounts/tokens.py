"""Personal API tokens: a user makes, names and revokes them on their profile page; the read API
(app/api/auth.py) reads as the token's owner.

A token is `cvn_` and 43 characters of `secrets.token_urlsafe(32)`: 256 random bits. Only its SHA-256
is stored. A slow, salted hash (argon2, as for passwords) protects secrets people choose, which an
attacker with the table can guess word by word; nobody can guess 256 random bits, however fast the
hash, so SHA-256 loses nothing here and lets a request find its token by an indexed lookup of the
hash instead of trying every stored salt. The prefix lets secret scanners and people recognise a
leaked Convene token.

A token has no expiry, on purpose (a script reads with it for as long as it runs): it only reads,
its owner revokes it, "last used" shows a forgotten one, and disabling the account ends it.

Functions take plain values, change the session and flush; the caller commits.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.accounts.models import ApiToken, User
from app.core.errors import DomainError
from app.db import utcnow
from app.extensions import db

PREFIX = "cvn_"
MAX_TOKENS_PER_USER = 20
# "Last used" is kept to the quarter of an hour: a script polling the API every few seconds must not
# turn each of its reads into a write.
LAST_USED_PRECISION = timedelta(minutes=15)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is never available again.
    Raises DomainError when the user already has MAX_TOKENS_PER_USER."""
    count = db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id))
    if count >= MAX_TOKENS_PER_USER:
        raise DomainError(_l("You have %(count)d API tokens, the most one account may have: revoke one you "
                             "no longer use first.", count=MAX_TOKENS_PER_USER), field="name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), secret_hash=_digest(secret), hint=secret[:8],
                     created_at=utcnow())
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(user: User, token_id: int) -> bool:
    """Delete one of `user`'s tokens; False when they have no token of that id (another user's included)."""
    result = db.session.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    return result.rowcount == 1


def user_for_secret(secret: str) -> User | None:
    """The owner of the token whose secret this is (None for an unknown or revoked one, or a disabled account)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == _digest(secret)))
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
    return user
