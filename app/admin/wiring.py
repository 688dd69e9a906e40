"""How site administration wires itself into the app: its pages and its permission rules."""
from __future__ import annotations

from flask import Flask

from app.admin import permissions
from app.admin.views import bp
from app.core.permissions import register_rules


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_rules(app, permissions.RULES)
