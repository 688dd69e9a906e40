"""Settings for development, testing and production, read from the environment.

Every setting a deployment may need to change comes from an environment variable
(a `.env` file in the project root is read too); the classes only choose defaults.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CONVENE_INSTANCE_DIR", BASE_DIR / "instance"))

def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the driver "postgres://"; SQLAlchemy wants the psycopg 3 dialect.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    # Without one, create_app generates a random key once and keeps it in instance/secret_key
    # (app/core/security.py); production refuses to start without a configured one.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'convene.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # Languages: adding one is a line here plus a catalog in translations/.
    LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Mail: without MAIL_SERVER, messages are printed to the console and kept in the outbox.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Convene <no-reply@convene.localhost>")
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 10)
    # The worker's limit for one message's whole SMTP conversation (MAIL_TIMEOUT bounds
    # each socket operation only), and how long it waits before resending a message whose
    # worker died after DATA began (the server may have it: resent once, marked).
    MAIL_SEND_DEADLINE = _env_int("MAIL_SEND_DEADLINE", 60)
    MAIL_RESEND_MAYBE_SENT_AFTER = _env_int("MAIL_RESEND_MAYBE_SENT_AFTER", 3600)
    # SMTP connections a delivery pass uses side by side once a full batch is due (app/core/mail.py).
    MAIL_CONNECTIONS = _env_int("MAIL_CONNECTIONS", 4)

    # Rate limits (Flask-Limiter): memory by default, Redis when REDIS_URL is set.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Background jobs (app/core/jobs.py, `flask jobs worker`): a SQLite file next to the
    # database by default, Redis when REDIS_URL is set, or JOBS_URL (sqlite:///, redis://,
    # postgresql://). JOBS_IMMEDIATE runs each job in the process that asks for it (no worker).
    JOBS_URL = os.environ.get("JOBS_URL") or REDIS_URL or f"sqlite:///{INSTANCE_DIR / 'jobs.sqlite3'}"
    JOBS_IMMEDIATE = _env_bool("JOBS_IMMEDIATE", False)
    JOBS_WORKERS = _env_int("JOBS_WORKERS", 2)
    # The worker's scheduling priority (nice, 0-19): it shares the machine with the web server, and
    # a burst of requests (registrations opening) is served first; the mail it queued follows.
    JOBS_WORKER_NICE = _env_int("JOBS_WORKER_NICE", 10)
    # Organiser messages: recipients per event in 24 hours, unless the site administrator set the event's own.
    MESSAGES_DAILY_LIMIT = _env_int("MESSAGES_DAILY_LIMIT", 5000)
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    # Rendered public pages and exports (core/pagecache.py): in Redis when configured, shared by
    # every app server; otherwise in files of the instance directory, shared by the app's workers
    # and the background worker of this machine (which pre-renders them after a publish).
    CACHE_TYPE = "RedisCache" if REDIS_URL else "FileSystemCache"
    CACHE_REDIS_URL = REDIS_URL or None
    CACHE_DIR = str(INSTANCE_DIR / "cache")
    CACHE_THRESHOLD = 20000  # files, before the file cache prunes the oldest
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "convene:")
    CACHE_DEFAULT_TIMEOUT = 3600
    # Without Redis, one render at a time per page is a file lock in this directory.
    PAGE_LOCK_DIR = str(INSTANCE_DIR / "cache-locks")
    # How long an app server trusts its cached "generation" of an event's public pages: the cache
    # is shared (Redis, or files), so publishing's invalidation reaches every worker at once.
    PAGE_CACHE_GENERATION_TTL = _env_int("PAGE_CACHE_GENERATION_TTL", 3600)
    # After a publish the background worker renders the agenda's pages and exports in every
    # language (app/agenda/prerender.py); meanwhile readers get the previous version, for at
    # most this many seconds if the worker does not get to it.
    PAGE_PRERENDER = _env_bool("PAGE_PRERENDER", True)
    PAGE_PRERENDER_GRACE = _env_int("PAGE_PRERENDER_GRACE", 30)
    # Redis is a cache, not a single point of failure: it gets half a second, then pages are
    # served uncached (core/pagecache.py) and rate limits fall back to memory until it answers.
    REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    if REDIS_URL:
        CACHE_OPTIONS = REDIS_TIMEOUTS
        RATELIMIT_STORAGE_OPTIONS = REDIS_TIMEOUTS
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "convene")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "5 per minute;30 per hour")

    # Behind a reverse proxy, how many proxies to trust for the client address and scheme
    # (X-Forwarded-For/-Proto): rate limits and secure cookies need the real values.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # Files: local storage under instance/files by default.
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    STORAGE_LOCAL_ROOT = os.environ.get("STORAGE_LOCAL_ROOT", str(INSTANCE_DIR / "files"))
    STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
    STORAGE_S3_ENDPOINT_URL = os.environ.get("STORAGE_S3_ENDPOINT_URL", "")
    STORAGE_S3_REGION = os.environ.get("STORAGE_S3_REGION", "")
    MAX_UPLOAD_MB = _env_int("MAX_UPLOAD_MB", 200)
    # `flask storage sweep` leaves files younger than this alone: far longer than any upload takes.
    STORAGE_SWEEP_GRACE_HOURS = float(os.environ.get("STORAGE_SWEEP_GRACE_HOURS", "6"))
    # Requests bigger than this are refused with 413 before they are read.
    MAX_CONTENT_LENGTH = (MAX_UPLOAD_MB + 1) * 1024 * 1024
    # How often the live on-the-day view asks for new numbers (seconds; one small GET each time).
    LIVE_POLL_SECONDS = float(os.environ.get("LIVE_POLL_SECONDS", "5"))

    # Cookies: HttpOnly and SameSite always, Secure in production.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=365)  # a sign-in record lives as long (accounts/signins.py)
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, so a long form is not lost

    # How long the secret links that act stay valid. An expired one gets a page that says so and
    # offers the next step (ask for a new link; the organisers send an invitation again).
    # Signed links (accounts/services.py), in seconds: confirming an address, resetting a password
    # (also single-use: a reset makes older links invalid).
    EMAIL_VERIFICATION_MAX_AGE = _env_int("EMAIL_VERIFICATION_MAX_AGE", 60 * 60 * 24 * 3)
    PASSWORD_RESET_MAX_AGE = _env_int("PASSWORD_RESET_MAX_AGE", 60 * 60 * 2)
    # Invitations, in days from when the link was (last) sent: a personal invitation to register
    # (registration/invitations.py; an organiser's shareable link has the validity they choose),
    # an invitation to speak (materials/speakers.py).
    INVITATION_VALID_DAYS = _env_int("INVITATION_VALID_DAYS", 30)
    SPEAKER_INVITATION_VALID_DAYS = _env_int("SPEAKER_INVITATION_VALID_DAYS", 30)
    # Deliberately without an expiry, as they are credentials that read, not links that act: a
    # ticket's link and QR code last until the event (and the check-in desk needs them on the day;
    # erasing the registration ends them); a personal calendar feed and a personal API token last
    # until their owner revokes them; a remembered sign-in lasts REMEMBER_COOKIE_DURATION (above).

    # Argon2id with the library's defaults (RFC 9106 low-memory profile).
    PASSWORD_HASH_TIME_COST = _env_int("PASSWORD_HASH_TIME_COST", 3)
    PASSWORD_HASH_MEMORY_COST = _env_int("PASSWORD_HASH_MEMORY_COST", 65536)  # KiB

    # Every absolute link the app hands out (mail, feeds, QR codes) starts with BASE_URL, e.g.
    # https://convene.example.org, never with the request's Host header (app/core/urls.py).
    # It sets SERVER_NAME and PREFERRED_URL_SCHEME; SERVER_NAME alone still works.
    BASE_URL = os.environ.get("BASE_URL", "")
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Host names the app answers to, comma-separated: any other Host header gets 400.
    TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS") or None

    # Who may create events: "approval" (the default): anyone signed in, but the events of
    # those who are neither administrators nor event creators stay private until an
    # administrator approves them; "creators": administrators and event creators only.
    EVENT_CREATORS = os.environ.get("EVENT_CREATORS", "approval")

    DEMO_AUTOLOAD = False

    @classmethod
    def validate(cls, settings) -> None:
        """Raise RuntimeError when the settings are unsafe for this environment."""

    @classmethod
    def startup_warnings(cls, settings) -> list[str]:
        """What the app logs at start-up: settings that work, but not as well as they should here."""
        return []


class DevelopmentConfig(Config):
    DEBUG = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = secrets.token_hex(32)  # each test process its own; no key in the source signs a cookie
    BASE_URL = "http://localhost"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "SimpleCache"
    # Each publish would render every page and export in every language: the tests that are about
    # pre-rendering turn it on.
    PAGE_PRERENDER = False
    # Limits stay on (so the tests run through them) but high; a test lowers them to check them.
    LOGIN_RATE_LIMIT = "10000 per minute"
    SIGNUP_RATE_LIMIT = "10000 per minute"
    MAIL_SERVER = ""
    # Jobs run at once, in the test's process, through the same job code the worker runs;
    # tests of the worker itself start a real one (tests/core/test_mail_faults.py).
    JOBS_URL = "memory://"
    JOBS_IMMEDIATE = True
    # Cheap hashes keep the suite fast; production keeps the slow defaults.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 1024
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")

    @classmethod
    def validate(cls, settings) -> None:
        key = settings.get("SECRET_KEY") or ""
        if len(key) < 32:
            # Several app servers must share one key: a key generated per instance would not do.
            raise RuntimeError(
                "Refusing to start in production without a real SECRET_KEY "
                "(set SECRET_KEY to a random string of at least 32 characters)."
            )
        if not (settings.get("BASE_URL") or settings.get("SERVER_NAME")):
            raise RuntimeError(
                "Refusing to start in production without BASE_URL (e.g. https://convene.example.org): "
                "links in mail would otherwise take their host from the request's Host header."
            )

    @classmethod
    def startup_warnings(cls, settings) -> list[str]:
        warnings = []
        if str(settings.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
            warnings.append(
                "Rate limits are counted in each server process's memory (REDIS_URL is not set): every "
                "process, and every restart, gives an attacker a fresh allowance of login attempts."
            )
        return warnings


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
