"""How accounts wire themselves into the app: their pages and how Flask-Login finds a user."""
from __future__ import annotations

from flask import Flask

from app.accounts.views import bp, load_user
from app.extensions import login_manager


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"
