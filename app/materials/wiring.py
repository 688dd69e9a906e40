"""How speakers and materials wire themselves into the app: their pages, their permission rules,
and the materials part of the agenda's session page."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.agenda.hooks import SESSION_PAGE_PARTS
from app.core.audit import register_audit_actions
from app.core.permissions import register_rules
from app.events.hooks import DASHBOARD_PARTS
from app.materials import dashboard, permissions
from app.materials.public_views import session_materials
from app.materials.views import bp

register_audit_actions({
    "materials.created": _l("Material added"),
    "materials.deleted": _l("Material deleted"),
    "materials.replaced": _l("New version of a material uploaded"),
    "materials.restored": _l("Earlier version of a material restored"),
    "materials.updated": _l("Material changed"),
    "speakers.accepted": _l("Invitation to speak accepted"),
    "speakers.invitation_resent": _l("Invitation to speak sent again"),
    "speakers.invited": _l("Invitation to speak sent"),
    "speakers.photo_changed": _l("Speaker's photo changed"),
    "speakers.photo_removed": _l("Speaker's photo removed"),
})


def _session_page_part(event, session) -> dict:
    return {"materials": session_materials(event, session)}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_rules(app, permissions.RULES)
    SESSION_PAGE_PARTS.connect(app, _session_page_part)
    DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
