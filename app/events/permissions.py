"""Who may do what with an event, and the decorator that loads an event for a view.

Actions (registered with app.core.permissions by app.events.wiring):
  event.view        see the event page (public/unlisted: anyone; private: its team, admins, and whoever
                    a higher domain vouches for through app.events.hooks.PRIVATE_EVENT_GUESTS; registration
                    lets in the people registered for it)
  event.manage      edit settings, team, agenda, registrations (organisers and admins)
  event.checkin     check people in (check-in staff and organisers)
  event.write_notes write and translate session notes (rapporteurs and organisers)
  event.create      create a new event (no object): administrators and event creators; every signed-in user
                    too under EVENT_CREATORS = "approval" (the default), their events awaiting approval
  event.skip_approval  the events the user creates need no administrator's approval to be public or listed
                    (administrators and event creators; app/events/services.py asks it)
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, g
from flask_login import current_user
from werkzeug.exceptions import NotFound

from app.core.permissions import Rule, can, deny, is_admin
from app.events.hooks import PRIVATE_EVENT_GUESTS
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


def has_role(user, event: Event, *roles: EventRole) -> bool:
    """An admin, an organiser of the event, or someone with one of `roles` in its team."""
    return is_admin(user) or bool(event_roles(user, event) & {EventRole.ORGANISER, *roles})


def _event_view(user, event: Event) -> bool:
    if event.visibility != Visibility.PRIVATE or is_admin(user) or event_roles(user, event):
        return True
    return any(guest(user, event) for guest in PRIVATE_EVENT_GUESTS.receivers())


EVENT_CREATOR_POLICIES = ("approval", "creators")


def _trusted_creator(user, _obj=None) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_admin or user.is_event_creator))


def _event_create(user, _obj=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return _trusted_creator(user) or current_app.config["EVENT_CREATORS"] == "approval"


RULES: dict[str, Rule] = {
    "event.view": _event_view,
    "event.manage": lambda user, event: has_role(user, event),
    "event.checkin": lambda user, event: has_role(user, event, EventRole.CHECKIN),
    "event.write_notes": lambda user, event: has_role(user, event, EventRole.RAPPORTEUR),
    "event.create": _event_create,
    "event.skip_approval": _trusted_creator,
}


# --- views ------------------------------------------------------------------------------

def load_event(slug: str) -> Event:
    event = db.session.scalar(db.select(Event).where(Event.slug == slug))
    if event is None:
        abort(404)
    g.event = event
    g.event_default_language = event.default_language
    return event


def event_required(action: str, context: Callable[[], dict] | None = None,
                   refused: Callable[[Event | None], object] | None = None):
    """Load the event named by the route's `slug` (404), check `action` (403), pass it as `event`.

    A private event the visitor may not see answers 404 at every one of its URLs, to anonymous
    visitors too, exactly as an unknown slug does: whether it exists is not theirs to know. (Its
    team, signed out, gets the 404 page, which offers to sign in.)

    `context` gives the rule's named arguments that come with the request (the view reads the
    request, the rule does not), e.g. the invitation token of "event.register". `refused`, when
    given, may answer instead of the usual refusal (it gets the event, or None when there is no
    such event) or return None to leave it to the usual one.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, slug: str, **kwargs):
            try:
                event = load_event(slug)
            except NotFound:
                if refused is not None and (answer := refused(None)) is not None:
                    return answer
                raise
            if not can(current_user, action, event, **(context() if context else {})):
                if refused is not None and (answer := refused(event)) is not None:
                    return answer
                if event.visibility == Visibility.PRIVATE and not can(current_user, "event.view", event):
                    abort(404)
                return deny()
            return view(*args, event=event, **kwargs)

        wrapper.permission = action
        return wrapper

    return decorator
