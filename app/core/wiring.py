"""How core wires itself into the app: the id converter, its permission rule, templates, error pages
and security headers. create_app calls init_app before any domain's, and register_request_hooks
(app.core.requests) after them."""
from __future__ import annotations

from flask import Flask

from app.core import permissions
from app.core.errors import register_error_handlers
from app.core.http import register_personal_pages
from app.core.requests import IdConverter
from app.core.security import SessionCookies, register_security_headers
from app.core.templating import register_templating
from app.core.views import bp


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter  # before any route uses <id:...>
    permissions.register_rules(app, permissions.RULES)
    app.register_blueprint(bp)
    register_templating(app)
    register_error_handlers(app)
    register_security_headers(app)
    app.session_interface = SessionCookies()
    register_personal_pages(app)
