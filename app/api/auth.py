"""Who reads the API: anonymous, or the owner of the personal API token the request sends.

The token travels only in the `Authorization: Bearer <token>` header (RFC 6750 §2.1). One in the
address (`?token=`, `?access_token=`, `?api_key=`) is refused with 400 before anything else:
addresses end up in server and proxy logs, browser history and Referer headers. Cookies are never
read here, so a signed-in browser session does not reach private data through the API, and a
token never reaches the HTML pages (Flask-Login has no request loader): it reads, through the
API, what its owner may read (`can()`), and nothing else. The API only reads, so it has no
state-changing route that CSRF protection would have to let a token through.

An `Authorization` header of another scheme (Basic, from a password-protected staging proxy) is
left alone: the request is anonymous.
"""
from __future__ import annotations

from flask import abort, g, request
from flask_login import AnonymousUserMixin
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import BadRequest

from app.accounts.tokens import user_for_secret

QUERY_NAMES = ("token", "access_token", "api_key")
REALM = "Convene API"


def reader():
    """The user the API reads as: the token's owner, or an anonymous visitor."""
    return g.get("api_reader") or AnonymousUserMixin()


def has_token() -> bool:
    return g.get("api_reader") is not None


def _refuse(error: str, description: str):
    abort(401, description=description,
          www_authenticate=WWWAuthenticate("bearer", {"realm": REALM, "error": error}))


def token_in_address() -> BadRequest | None:
    """The refusal of a request with a token in its query string (asked first, for any path under the API)."""
    named = sorted({name for name in request.args if name.lower() in QUERY_NAMES})
    if not named:
        return None
    return BadRequest(description=(f"A token in the address ('{named[0]}') is refused: addresses are written to "
                                   "logs and browser history. Send it in the Authorization header instead: "
                                   "'Authorization: Bearer <token>'. Revoke this token on your profile page and "
                                   "make a new one."))


def authenticate() -> None:
    """Before every API request: the reader of the Bearer token sent, if any; 401 for a bad one."""
    scheme, _, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return
    secret = secret.strip()
    if not secret:
        _refuse("invalid_request", "The Authorization header names no token: 'Authorization: Bearer <token>'.")
    user = user_for_secret(secret)
    if user is None:
        _refuse("invalid_token", "This API token is not valid: it was revoked, or it was not copied completely.")
    g.api_reader = user
