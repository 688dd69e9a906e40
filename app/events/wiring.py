"""How the events domain wires itself into the app: its pages, its permission rules and the
organiser's menu (manage_menu() in templates)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.audit import register_audit_actions
from app.core.permissions import register_rules
from app.events import navigation, permissions
from app.events.views import bp, manage_bp

register_audit_actions({
    "event.approval_refused": _l("Event not approved"),
    "event.approval_requested": _l("Approval of the event requested"),
    "event.approved": _l("Event approved"),
    "event.cloned": _l("Event created as a copy of another"),
    "event.cloned_to": _l("Event copied to a new one"),
    "event.created": _l("Event created"),
    "event.imported": _l("Event imported"),
    "event.updated": _l("Event settings changed"),
    "team.added": _l("Added to the event team"),
    "team.removed": _l("Removed from the event team"),
})


def init_app(app: Flask) -> None:
    if app.config["EVENT_CREATORS"] not in permissions.EVENT_CREATOR_POLICIES:
        raise RuntimeError(f"EVENT_CREATORS must be one of {', '.join(permissions.EVENT_CREATOR_POLICIES)}, "
                           f"not {app.config['EVENT_CREATORS']!r}.")
    app.register_blueprint(bp)
    app.register_blueprint(manage_bp)
    register_rules(app, permissions.RULES)
    app.add_template_global(lambda event: navigation.manage_menu(current_user, event), "manage_menu")
