from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import TimestampMixin, postgresql_only, utcnow
from app.extensions import db


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user"
    # The administrators' account search (app/admin): "contains these letters" (ILIKE), on PostgreSQL.
    __table_args__ = tuple(
        postgresql_only(Index(f"ix_user_{column}_trgm", column, postgresql_using="gin",
                              postgresql_ops={column: "gin_trgm_ops"}))
        for column in ("name", "email", "organisation"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique index is case-insensitive on every backend.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Site roles and the account's state, granted and changed on the admin pages (app/admin).
    is_event_creator: Mapped[bool] = mapped_column(default=False, server_default=false())
    disabled_at: Mapped[datetime | None]
    email_verified_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Bumped on password change and reset: old sessions and reset links stop working.
    session_version: Mapped[int] = mapped_column(default=1)

    # The secret of the browser this object was loaded for (app/accounts/signins.py); not stored.
    sign_in_token = None

    @property
    def is_active(self) -> bool:
        """A disabled account cannot sign in, and its sessions stop working (Flask-Login asks this)."""
        return self.disabled_at is None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_id(self) -> str:
        """What the session and remember-me cookies hold: the account, its session version and
        this browser's sign-in, so that signing out (here or everywhere) ends the cookie."""
        return f"{self.id}:{self.session_version}:{self.sign_in_token or ''}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class ApiToken(db.Model):
    """A personal API token (app/accounts/tokens.py): its secret is shown once, at creation; only its
    SHA-256 is kept. The API reads as its owner; deleting the row revokes it."""

    __tablename__ = "api_token"
    __table_args__ = {"info": {"stays_on_instance": True}}  # a secret of this instance: never exported (app/transfer)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The secret's first characters, so its owner can tell which token a script uses.
    hint: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of user {self.user_id}>"
class SignIn(db.Model):
    """One signed-in browser. Its cookies name this row (by a secret, stored hashed): signing out
    deletes it, and a cookie captured before then no longer signs anyone in."""

    __tablename__ = "user_sign_in"
    __table_args__ = {"info": {"stays_on_instance": True}}  # never exported with the account (app/transfer)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
