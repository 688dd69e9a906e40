"""Per-request hooks: refusing NUL bytes and the remembered language choice.

Mail is not among them: a request only queues it (core/mail.py), the worker delivers it.
"""
from __future__ import annotations

from flask import Flask, abort, current_app, request, session
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.core.http import MAX_ID
from app.extensions import db


class IdConverter(IntegerConverter):
    """Database ids in URLs: positive and small enough for an INTEGER column, else 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


MACHINE_BLUEPRINTS = {"agenda_exports", "api"}


def _has_nul(values) -> bool:
    return any("\x00" in value for _, value in values.items(multi=True) if isinstance(value, str))


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes():
        # No text field legitimately holds a NUL byte, and PostgreSQL cannot store one.
        if "\x00" in request.path or _has_nul(request.args) or (request.method == "POST" and _has_nul(request.form)):
            abort(400)

    @app.before_request
    def remember_language_choice():
        lang = request.args.get("lang")
        # Feeds and the API take ?lang= for that response only: a calendar app polling
        # a URL must not change anyone's settings or get a cookie.
        if lang not in current_app.config["LANGUAGES"] or request.blueprint in MACHINE_BLUEPRINTS:
            return
        session["lang"] = lang
        # The switcher is also how a signed-in user changes their preference: a
        # harmless setting, so this GET may change it without a form.
        if current_user.is_authenticated and current_user.preferred_language != lang:
            current_user.preferred_language = lang
            db.session.commit()
