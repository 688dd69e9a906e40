"""How registration wires itself into the app: its pages, its permission rule, and its answers to
the layers below it (who may see a private event, the registration and the seats on the event pages,
the person's registrations on "My events", places in limited sessions: checks when the agenda changes a
session, the places box of the session page, the places in the person's agenda)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.agenda import hooks as agenda
from app.core.audit import register_audit_actions
from app.core.permissions import register_rules
from app.events import hooks as events
from app.registration import (
    dashboard,
    desk_views,  # noqa: F401 - the check-in desk's routes join manage_views.bp
    interpretation_views,
    live_views,  # noqa: F401 - the live on-the-day view's routes join manage_views.bp
    manage_views,
    permissions,
    personal,
    places,
    places_views,
    views,
)
from app.registration.services import confirmed_count

register_audit_actions({
    "registration.added": _l("Participant added by the organisers"),
    "registration.approved": _l("Registration approved"),
    "registration.cancelled": _l("Registration cancelled"),
    "registration.check_in_undone": _l("Check-in undone"),
    "registration.checked_in": _l("Arrival checked in"),
    "registration.field_added": _l("Registration question added"),
    "registration.field_changed": _l("Registration question changed"),
    "registration.field_deleted": _l("Registration question deleted"),
    "registration.field_moved": _l("Registration question moved"),
    "registration.invited": _l("Invitations to register sent"),
    "registration.link_created": _l("Shareable link created"),
    "registration.link_revoked": _l("Shareable link revoked"),
    "registration.note": _l("Internal note changed"),
    "registration.promoted": _l("Place given from the waiting list"),
    "registration.rejected": _l("Registration rejected"),
    "session_place.added": _l("Place in a session given"),
    "session_place.removed": _l("Place in a session freed"),
})


def _session_page_part(event, session) -> dict:
    return {"places": places_views.session_place_context(event, session.id)}


def init_app(app: Flask) -> None:
    for blueprint in (views.bp, manage_views.bp, places_views.bp, interpretation_views.bp):
        app.register_blueprint(blueprint)
    register_rules(app, permissions.RULES)
    events.PRIVATE_EVENT_GUESTS.connect(app, permissions.registered_guest)
    events.EVENT_PAGE_PARTS.connect(app, personal.event_page_part)
    events.EVENT_LIST_PARTS.connect(app, personal.event_list_part)
    events.MY_EVENTS_PARTS.connect(app, personal.my_events_part)
    events.DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
    agenda.PERSONAL_SESSIONS.connect(app, personal.held_sessions)
    agenda.SESSION_CAPACITY_CHANGING.connect(app, places.check_new_capacity)
    agenda.SESSION_CAPACITY_CHANGED.connect(app, places.capacity_changed)
    agenda.SESSION_DELETING.connect(app, places.check_can_delete)
    agenda.EXPECTED_AT_EVENT.connect(app, confirmed_count)
    agenda.SESSION_PAGE_PARTS.connect(app, _session_page_part)
