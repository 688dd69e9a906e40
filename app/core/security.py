"""Security headers, safe redirects, the instance's own secret key, session cookies, rate-limit checks
and same-origin checks."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "geolocation=(), microphone=(), camera=(self)"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        # Every answer, including a cached page served in a fraction of a millisecond: one pass over the
        # headers a view set itself (which win), not one search per header.
        headers = response.headers
        present = {name.lower() for name in headers.keys()}
        wanted = (*SECURITY_HEADERS, HSTS) if request.is_secure else SECURITY_HEADERS
        headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
        return response


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signing serializer made once per key instead of on
    every request (a twentieth of the time of a cached page). The key and its fallbacks are looked up
    each time, so a change of SECRET_KEY still takes effect at once."""

    def __init__(self):
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer


def check_limits_in_routes_only(app: Flask, limiter) -> None:
    """Every rate limit of Convene is declared on the route it protects (`@limiter.limit`), and
    Flask-Limiter checks those in the route's decorator. Its before_request hook is there for
    default, application-wide and blueprint limits: with none of them set, it found nothing to
    check and cost ~0.06 ms on every request (a sixth of a cached agenda page's time), so it is
    taken out. Setting such a limit (RATELIMIT_DEFAULT, say) keeps it."""
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or getattr(manager, "_blueprint_limits", True):
        return
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def safe_next_url(target: str | None, fallback: str) -> str:
    """Only same-site paths are followed after login; anything else goes to `fallback`."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def instance_secret_key(instance_path: str) -> str:
    """The key in `instance/secret_key`, generated (random, mode 0600) the first time it is asked for.

    For a server without a configured SECRET_KEY: its cookies and e-mailed links are signed with a key
    nobody else has, and it stays the same across restarts and between the app and its worker.
    Two processes starting at once agree: the file appears complete or not at all (a hard link).
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        os.makedirs(instance_path, exist_ok=True)
        draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(32) + "\n")
            try:
                os.link(draft, path)
            except FileExistsError:
                pass  # another process was first: use its key
        finally:
            draft.unlink(missing_ok=True)
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key: delete it and a new one is generated at start-up.")
    return key


def is_same_origin_request() -> bool:
    """The browser says this request comes from one of our own pages (Fetch Metadata, else Origin).

    For a form that sits on pages cached for every anonymous visitor (the language switcher),
    where a CSRF token tied to one visitor's session cannot be.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return bool(origin) and origin.rstrip("/") == request.host_url.rstrip("/")
