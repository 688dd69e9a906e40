"""How the read API v1 wires itself into the app: one blueprint, with routes in three modules."""
from __future__ import annotations

from flask import Flask

from app.api import materials, notes, views  # noqa: F401  (materials and notes put their routes on the blueprint)
from app.api.common import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
