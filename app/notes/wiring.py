"""How notes wire themselves into the app: their pages, and the notes part of the agenda's session page."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.agenda.hooks import SESSION_PAGE_PARTS
from app.core.audit import register_audit_actions
from app.core.i18n import current_language
from app.events.hooks import DASHBOARD_PARTS
from app.notes import dashboard
from app.notes.reading import reader_note
from app.notes.services import session_scope
from app.notes.views import bp

register_audit_actions({
    "notes.language_published": _l("Notes published in one language"),
    "notes.language_unpublished": _l("Notes in one language unpublished"),
    "notes.published": _l("Notes published"),
    "notes.unpublished": _l("Notes unpublished"),
})


def _session_page_part(event, session) -> dict:
    return {"session_notes": reader_note(event, session_scope(session.id), current_language())}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    SESSION_PAGE_PARTS.connect(app, _session_page_part)
    DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
