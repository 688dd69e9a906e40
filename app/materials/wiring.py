"""How speakers and materials wire themselves into the app: their pages, their permission rules,
and the materials part of the agenda's session page."""
from __future__ import annotations

from flask import Flask

from app.agenda.hooks import SESSION_PAGE_PARTS
from app.core.permissions import register_rules
from app.events.hooks import DASHBOARD_PARTS
from app.materials import dashboard, permissions
from app.materials.public_views import session_materials
from app.materials.views import bp


def _session_page_part(event, session) -> dict:
    return {"materials": session_materials(event, session)}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_rules(app, permissions.RULES)
    SESSION_PAGE_PARTS.connect(app, _session_page_part)
    DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
