"""The one place that decides who may do what.

can(user, action, obj) answers every permission question; views use the
decorators below, which load the object (404) and then check access (403, or
the login page for anonymous visitors), in that order. Templates ask can() too,
so a button is only shown when the action behind it is allowed.

Actions on events:
  event.view       see the event page (public/unlisted: anyone; private: its team, admins and the
                   people registered for it)
  event.register   open the registration form: whoever may see the event, and for a private event
                   also whoever holds a valid invitation link (?invitation=<token>)
  event.manage     edit settings, team, agenda, registrations (organisers and admins)
  event.checkin    check people in (check-in staff and organisers)
  event.write_notes write and translate session notes (rapporteurs and organisers)
  event.create     create a new event (no object)

Actions on speakers and materials (app/materials):
  material.view    see and download a material (a Material): its visibility (public, confirmed
                   participants and the team, organisers), its embargo until the session starts,
                   and, for a session's material, that the session is in the published agenda
  material.manage  edit, replace or delete a material (organisers; the people of its session)
  material.history see old versions of a material and restore one (organisers)
  speaker.upload   add materials to a session (a draft agenda Session): organisers and its people
  speaker.profile  edit a person's profile and photo (a Person): organisers and the person's own account
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, current_app, g, has_request_context, request, url_for, redirect
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


def _request_cache(name: str) -> dict:
    """Answers kept for one request (a page asks about many materials); none outside requests."""
    return g.setdefault(name, {}) if has_request_context() else {}


def _registration_status(user, event: Event):
    """The user's registration status in the event (None: not registered), cached for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = _request_cache("_registration_status")
    key = (user.id, event.id)
    if key not in cache:
        from app.registration.services import registration_of

        registration = registration_of(event, user)
        cache[key] = registration.status if registration is not None else None
    return cache[key]


def _event_view(user, event: Event) -> bool:
    from app.registration.models import RegistrationStatus

    if event.visibility != Visibility.PRIVATE or _is_admin(user) or event_roles(user, event):
        return True
    # Invited people of a private event see it once registered (a rejected registration does not count).
    return _registration_status(user, event) not in (None, RegistrationStatus.REJECTED)


def _holds_invitation(event: Event) -> bool:
    """The request carries a valid, unused invitation to this event (the link from the invitation mail)."""
    token = request.values.get("invitation") if has_request_context() else None
    if not token:
        return False
    from app.core.errors import DomainError
    from app.registration.services import check_invitation

    try:
        check_invitation(event, token)
    except DomainError:
        return False
    return True


_EVENT_RULES: dict[str, Callable] = {
    "event.view": _event_view,
    "event.register": lambda user, event: _event_view(user, event) or _holds_invitation(event),
    "event.manage": lambda user, event: _has_role(user, event),
    "event.checkin": lambda user, event: _has_role(user, event, EventRole.CHECKIN),
    "event.write_notes": lambda user, event: _has_role(user, event, EventRole.RAPPORTEUR),
}


# --- speakers and materials ------------------------------------------------------------

def _event_by_id(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)  # the identity map answers when the view loaded it


def _speaker_session_ids(user, event: Event) -> frozenset[int]:
    """Sessions (draft agenda) in which a person linked to the user's account has a role."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = _request_cache("_speaker_sessions")
    key = (user.id, event.id)
    if key not in cache:
        from app.agenda.models import Person, SessionPerson

        cache[key] = frozenset(db.session.scalars(
            db.select(SessionPerson.session_id).join(Person, Person.id == SessionPerson.person_id)
            .where(Person.event_id == event.id, Person.user_id == user.id)))
    return cache[key]


def _is_confirmed_participant(user, event: Event) -> bool:
    from app.registration.models import RegistrationStatus

    return _registration_status(user, event) == RegistrationStatus.CONFIRMED


def _published_start(event: Event, session_id: int | None):
    """When the material's session starts as published (the event's first day for event-wide
    materials); None when the session is not in the published agenda."""
    from datetime import datetime, time, timezone
    from zoneinfo import ZoneInfo

    if session_id is None:
        return datetime.combine(event.start_date, time(0), ZoneInfo(event.timezone)).astimezone(timezone.utc)
    cache = _request_cache("_published_agenda")
    if event.id not in cache:
        from app.agenda.published import published_agenda

        cache[event.id] = published_agenda(event)
    published = cache[event.id]
    session = published.by_id.get(session_id) if published else None
    return session.starts_at if session else None


def _material_manage(user, material) -> bool:
    event = _event_by_id(material.event_id)
    if event is None:
        return False
    if _has_role(user, event):
        return True
    return material.session_id is not None and material.session_id in _speaker_session_ids(user, event)


def _material_view(user, material) -> bool:
    from app.db import utcnow
    from app.materials.models import MaterialVisibility

    if _material_manage(user, material):
        return True
    event = _event_by_id(material.event_id)
    if event is None or not can(user, "event.view", event):
        return False
    if material.visibility == MaterialVisibility.ORGANISERS:
        return False
    starts_at = _published_start(event, material.session_id)
    if starts_at is None:
        return False
    team = bool(event_roles(user, event)) or bool(_speaker_session_ids(user, event))
    if material.embargo_until_start and utcnow() < starts_at and not team:
        return False
    if material.visibility == MaterialVisibility.PARTICIPANTS:
        return team or _is_confirmed_participant(user, event)
    return True


def _material_history(user, material) -> bool:
    event = _event_by_id(material.event_id)
    return event is not None and _has_role(user, event)


def _speaker_upload(user, session) -> bool:
    event = _event_by_id(session.event_id)
    return event is not None and (_has_role(user, event) or session.id in _speaker_session_ids(user, event))


def _speaker_profile(user, person) -> bool:
    event = _event_by_id(person.event_id)
    if event is None:
        return False
    own = user is not None and user.is_authenticated and person.user_id is not None and person.user_id == user.id
    return own or _has_role(user, event)


_OBJECT_RULES: dict[str, Callable] = {
    "material.view": _material_view,
    "material.manage": _material_manage,
    "material.history": _material_history,
    "speaker.upload": _speaker_upload,
    "speaker.profile": _speaker_profile,
}


def can(user, action: str, obj=None) -> bool:
    if action == "event.create":
        if user is None or not user.is_authenticated:
            return False
        return user.is_admin or current_app.config.get("EVENT_CREATORS", "users") == "users"
    if action == "admin":
        return _is_admin(user)
    rule = _EVENT_RULES.get(action) or _OBJECT_RULES.get(action)
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
                if (action in ("event.view", "event.register") and event.visibility == Visibility.PRIVATE
                        and current_user.is_authenticated):
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
