"""Absolute links come from the configured base URL, never from the request.

A link the app hands out to be followed later (in mail, a calendar feed, a QR code) must not
take its host from the request that happened to cause it: `POST /account/password/forgot`
with `Host: evil.example` would otherwise mail a reset link to the attacker's site.

BASE_URL (e.g. `https://convene.example.org`) is split at start-up into SERVER_NAME,
PREFERRED_URL_SCHEME and APPLICATION_ROOT. Flask 3.1 then builds every external URL, in a
request or outside one, on SERVER_NAME; `external_url()` also fixes the scheme. Production
refuses to start without it (config.ProductionConfig.validate). TRUSTED_HOSTS, when set, makes
Flask refuse any other Host header with 400.

Links in mail also carry their mail's language: `?lang=kk&lang_sig=…`. `?lang=` alone shows
one page in that language; with its signature (only the app can make one) it also becomes an
anonymous visitor's remembered choice, so a Kazakh verification mail leads on to a Kazakh
login page. A signed-in user's stored preference changes only through the language form.
"""
from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from itsdangerous import Signer

LANG_SIGNATURE_ARG = "lang_sig"


def configure_base_url(app: Flask) -> None:
    """Derive SERVER_NAME, the scheme and the root path from BASE_URL (or BASE_URL from SERVER_NAME)."""
    config = app.config
    base = (config.get("BASE_URL") or "").strip().rstrip("/")
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise RuntimeError(f"BASE_URL must look like https://convene.example.org, not {base!r}.")
        config["SERVER_NAME"] = parts.netloc.lower()
        config["PREFERRED_URL_SCHEME"] = parts.scheme
        config["APPLICATION_ROOT"] = parts.path or "/"
    elif config.get("SERVER_NAME"):
        base = f"{config['PREFERRED_URL_SCHEME']}://{config['SERVER_NAME']}"
    config["BASE_URL"] = base
    hosts = config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):
        config["TRUSTED_HOSTS"] = [host.strip() for host in hosts.split(",") if host.strip()] or None


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on the configured base URL (in development without one: the request's host)."""
    scheme = current_app.config["PREFERRED_URL_SCHEME"] if current_app.config.get("BASE_URL") else None
    return url_for(endpoint, _external=True, _scheme=scheme, **values)


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="convene-link-language")


def language_signature(lang: str) -> str:
    return _signer().get_signature(lang).decode()


def link_with_language(endpoint: str, lang: str, **values) -> str:
    """An absolute URL that opens its page in `lang` and, for anonymous visitors, keeps that language."""
    return external_url(endpoint, lang=lang, **{LANG_SIGNATURE_ARG: language_signature(lang)}, **values)


def signed_link_language() -> str | None:
    """The request's ?lang= when it came with the app's signature (a link from our mail), else None."""
    lang, signature = request.args.get("lang"), request.args.get(LANG_SIGNATURE_ARG)
    if not lang or not signature or lang not in current_app.config["LANGUAGES"]:
        return None
    return lang if hmac.compare_digest(signature, language_signature(lang)) else None
