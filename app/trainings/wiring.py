"""How trainings wire themselves into the app: attendance, certificates and feedback pages."""
from __future__ import annotations

from flask import Flask

from app.trainings.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
