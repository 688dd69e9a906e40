"""How reminders wire themselves into the app: the management pages, and the periodic job (imported so the
worker knows it)."""
from __future__ import annotations

from flask import Flask

from app.reminders import jobs  # noqa: F401 - registers the periodic job
from app.reminders.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
