"""How the agenda wires itself into the app: its pages (public, organisers', exports, my agenda).

What it asks of the layers above it is declared in app.agenda.hooks; they connect from their wiring.
"""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.agenda import changes, export_views, manage_views, my_views, prerender, services, views  # noqa: F401 - prerender: its job
from app.core.audit import register_audit_actions
from app.events.hooks import MY_EVENTS_PARTS

register_audit_actions({
    "agenda.person_created": _l("Person added to the agenda"),
    "agenda.person_deleted": _l("Person removed from the agenda"),
    "agenda.person_updated": _l("Person of the agenda changed"),
    "agenda.published": _l("Agenda published"),
    "agenda.room_created": _l("Room added"),
    "agenda.room_deleted": _l("Room deleted"),
    "agenda.room_updated": _l("Room changed"),
    "agenda.session_created": _l("Session added"),
    "agenda.session_deleted": _l("Session deleted"),
    "agenda.session_duplicated": _l("Session duplicated"),
    "agenda.session_moved": _l("Session moved"),
    "agenda.session_updated": _l("Session changed"),
    "agenda.track_created": _l("Track added"),
    "agenda.track_deleted": _l("Track deleted"),
    "agenda.track_updated": _l("Track changed"),
})


def init_app(app: Flask) -> None:
    for blueprint in (views.bp, manage_views.bp, export_views.bp, my_views.bp):
        app.register_blueprint(blueprint)
    MY_EVENTS_PARTS.connect(app, services.my_events_part)
    app.add_template_filter(changes.change_details, "change_details")  # {{ change|change_details(event) }}
