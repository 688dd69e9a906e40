"""How reminders wire themselves into the app: the management pages, the periodic job (imported so the
worker knows it), and the reminders a participant received on the registration pages (theirs and the
organisers')."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core.audit import register_audit_actions
from app.registration import hooks as registration
from app.reminders import jobs, services  # noqa: F401 - jobs registers the periodic job
from app.reminders.views import bp

register_audit_actions({
    "reminder.updated": _l("Reminder settings changed"),
})


def _received_part(event, registration_row) -> dict:
    return {"received_reminders": services.received_by(registration_row)}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    registration.MY_REGISTRATION_PARTS.connect(app, _received_part)
    registration.MANAGE_REGISTRATION_PARTS.connect(app, _received_part)
