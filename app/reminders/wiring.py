"""How reminders wire themselves into the app: the management pages, and the periodic job (imported so the
worker knows it)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core.audit import register_audit_actions
from app.reminders import jobs  # noqa: F401 - registers the periodic job
from app.reminders.views import bp

register_audit_actions({
    "reminder.updated": _l("Reminder settings changed"),
})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
