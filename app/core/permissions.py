"""The one place that decides who may do what.

can(user, action, obj) answers every permission question; views use the
decorators below, which load the object (404) and then check access (403, or
the login page for anonymous visitors), in that order. Templates ask can() too,
so a button is only shown when the action behind it is allowed.

Actions on events:
  event.view       see the event page (public/unlisted: anyone; private: team and admins)
  event.manage     edit settings, team, agenda, registrations (organisers and admins)
  event.checkin    check people in (check-in staff and organisers)
  event.write_notes write and translate session notes (rapporteurs and organisers)
  event.create     create a new event (no object)
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, current_app, g, request, url_for, redirect
from flask_login import current_user

from app.events.models import Event, EventMember, EventRole, Visibility
from app.extensions import db


def event_roles(user, event: Event) -> set[EventRole]:
    """The user's roles in the event's team, cached for the request."""
    if user is None or not user.is_authenticated:
        return set()
    cache = g.setdefault("_event_roles", {})
    key = (user.id, event.id)
    if key not in cache:
        cache[key] = set(db.session.scalars(
            db.select(EventMember.role).where(EventMember.event_id == event.id, EventMember.user_id == user.id)
        ))
    return cache[key]


def _is_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_admin)


def _has_role(user, event: Event, *roles: EventRole) -> bool:
    return _is_admin(user) or bool(event_roles(user, event) & {EventRole.ORGANISER, *roles})


_EVENT_RULES: dict[str, Callable] = {
    "event.view": lambda user, event: event.visibility != Visibility.PRIVATE or _is_admin(user)
    or bool(event_roles(user, event)),
    "event.manage": lambda user, event: _has_role(user, event),
    "event.checkin": lambda user, event: _has_role(user, event, EventRole.CHECKIN),
    "event.write_notes": lambda user, event: _has_role(user, event, EventRole.RAPPORTEUR),
}


def can(user, action: str, obj=None) -> bool:
    if action == "event.create":
        if user is None or not user.is_authenticated:
            return False
        return user.is_admin or current_app.config.get("EVENT_CREATORS", "users") == "users"
    if action == "admin":
        return _is_admin(user)
    rule = _EVENT_RULES.get(action)
    if rule is None:
        raise LookupError(f"unknown permission action {action!r}")
    return rule(user, obj)


def deny():
    """403 for signed-in users; the login page (then back here) for anonymous ones."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    abort(403)


def load_event(slug: str) -> Event:
    event = db.session.scalar(db.select(Event).where(Event.slug == slug))
    if event is None:
        abort(404)
    g.event = event
    g.event_default_language = event.default_language
    return event


def event_required(action: str):
    """Load the event named by the route's `slug` (404), check `action` (403), pass it as `event`."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, slug: str, **kwargs):
            event = load_event(slug)
            if not can(current_user, action, event):
                if action == "event.view" and event.visibility == Visibility.PRIVATE and current_user.is_authenticated:
                    abort(404)  # a private event does not reveal that it exists
                return deny()
            return view(*args, event=event, **kwargs)

        wrapper.permission = action
        return wrapper

    return decorator


def permission_required(action: str):
    """Check an action that needs no object (event.create, admin)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not can(current_user, action):
                return deny()
            return view(*args, **kwargs)

        wrapper.permission = action
        return wrapper

    return decorator


def login_required_view(view):
    """Any signed-in user (own profile, own agenda...)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return deny()
        return view(*args, **kwargs)

    wrapper.permission = "authenticated"
    return wrapper
