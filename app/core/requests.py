"""Per-request hooks: the remembered language choice and mail delivery after a successful request."""
from __future__ import annotations

from flask import Flask, abort, current_app, g, request, session
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.core.mail import deliver_due
from app.extensions import db


class IdConverter(IntegerConverter):
    """Database ids in URLs: positive and small enough for an INTEGER column, else 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


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

    @app.after_request
    def deliver_queued_mail(response):
        queued = g.get("queued_mail_ids")
        if queued and response.status_code < 400 and current_app.config.get("MAIL_DELIVER_IN_REQUEST", True):
            # The view has committed; a failure here only leaves the mail for the outbox worker.
            # Only this request's own mail: older retries are the worker's job (`flask outbox send`).
            try:
                deliver_due(limit=len(queued), only_ids=queued)
            except Exception:  # noqa: BLE001 - mail trouble must never break the page
                db.session.rollback()
                current_app.logger.exception("Mail delivery failed; messages stay in the outbox")
        return response
