"""Per-request hooks: the remembered language choice and mail delivery after a successful request."""
from __future__ import annotations

from flask import Flask, current_app, g, request, session
from flask_login import current_user

from app.core.mail import deliver_due
from app.extensions import db


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def remember_language_choice():
        lang = request.args.get("lang")
        if lang not in current_app.config["LANGUAGES"]:
            return
        session["lang"] = lang
        # The switcher is also how a signed-in user changes their preference: a
        # harmless setting, so this GET may change it without a form.
        if current_user.is_authenticated and current_user.preferred_language != lang:
            current_user.preferred_language = lang
            db.session.commit()

    @app.after_request
    def deliver_queued_mail(response):
        if g.get("mail_queued") and response.status_code < 400 and current_app.config.get("MAIL_DELIVER_IN_REQUEST", True):
            # The view has committed; a failure here only leaves the mail for the next run.
            try:
                deliver_due(limit=20)
            except Exception:  # noqa: BLE001 - mail trouble must never break the page
                db.session.rollback()
                current_app.logger.exception("Mail delivery failed; messages stay in the outbox")
        return response
