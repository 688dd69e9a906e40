"""Per-request hooks: refusing NUL bytes and the language a link from our mail brings.

Mail is not among them: a request only queues it (core/mail.py), the worker delivers it.
"""
from __future__ import annotations

from flask import Flask, abort, request, session
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.core.http import MAX_ID
from app.core.urls import signed_link_language


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
    def remember_language_of_mail_link():
        # ?lang= shows this one response in that language (core/i18n.py) and changes nothing: a
        # Markdown image `![](/?lang=kk)` in a note must not switch its readers' language. A link
        # from our mail carries it signed (core/urls.py): an anonymous visitor keeps that language
        # for the pages that follow (the login page after the verification link). A signed-in
        # user's preference changes only through the language form (core/views.py).
        lang = signed_link_language()
        if lang and request.blueprint not in MACHINE_BLUEPRINTS and not current_user.is_authenticated:
            session["lang"] = lang
