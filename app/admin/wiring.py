"""How site administration wires itself into the app: its pages and its permission rules."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.admin import permissions
from app.admin.views import bp
from app.core.audit import register_audit_actions
from app.core.permissions import register_rules

register_audit_actions({
    "admin.account_disabled": _l("Account disabled"),
    "admin.account_enabled": _l("Account enabled again"),
    "admin.role_granted": _l("Site role granted"),
    "admin.role_revoked": _l("Site role taken away"),
})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_rules(app, permissions.RULES)
