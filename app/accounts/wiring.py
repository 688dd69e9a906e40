"""How accounts wire themselves into the app: their pages (personal API tokens' too) and how Flask-Login finds a
user (from the session cookie only: an API token never signs anyone in to the pages)."""
from __future__ import annotations

from flask import Flask

from app.accounts import token_views
from app.accounts.views import bp, load_user
from app.extensions import login_manager


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(token_views.bp)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "basic"
