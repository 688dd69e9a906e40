"""Who may see and change materials, and who is a speaker: rules registered by app.materials.wiring.

  material.view     see and download a material (a Material): its visibility (public, confirmed
                    participants and the team, organisers), its embargo until the session starts,
                    and, for a session's material, that the session is in the published agenda
  material.manage   edit, replace or delete a material (organisers; the people of its session)
  material.history  see old versions of a material and restore one (organisers)
  speaker.upload    add materials to a session (a draft agenda Session): organisers and its people
  speaker.profile   edit a person's profile and photo (a Person): organisers and the person's own account
  speaker.dashboard open the speaker's pages of an event (an Event): a person of its agenda linked to
                    the account, or the event's organisers
"""
from __future__ import annotations

from functools import wraps

from flask_login import current_user

from app.agenda.models import Person, SessionPerson
from app.agenda.published import published_agenda
from app.core import dates
from app.core.permissions import Rule, can, deny, request_cache
from app.db import utcnow
from app.events.models import Event
from app.events.permissions import event_roles, has_role
from app.extensions import db
from app.materials.blueprint import owned_material
from app.materials.models import MaterialVisibility
from app.materials.speakers import person_of_user
from app.registration.models import RegistrationStatus
from app.registration.permissions import registration_status


def _event_by_id(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)  # the identity map answers when the view loaded it


def _speaker_session_ids(user, event: Event) -> frozenset[int]:
    """Sessions (draft agenda) in which a person linked to the user's account has a role."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = request_cache("_speaker_sessions")
    key = (user.id, event.id)
    if key not in cache:
        cache[key] = frozenset(db.session.scalars(
            db.select(SessionPerson.session_id).join(Person, Person.id == SessionPerson.person_id)
            .where(Person.event_id == event.id, Person.user_id == user.id)))
    return cache[key]


def speaker_person(user, event: Event) -> Person | None:
    """The person of the event's agenda linked to the user's account (None: none), cached for the request."""
    cache = request_cache("_speaker_person")
    key = (getattr(user, "id", None), event.id)
    if key not in cache:
        cache[key] = person_of_user(event, user)
    return cache[key]


def _published_start(event: Event, session_id: int | None):
    """When the material's session starts as published (the event's first day for event-wide
    materials); None when the session is not in the published agenda."""
    if session_id is None:
        return dates.local_midnight_utc(event.start_date, event.timezone)
    cache = request_cache("_published_agenda")
    if event.id not in cache:
        cache[event.id] = published_agenda(event)
    published = cache[event.id]
    session = published.by_id.get(session_id) if published else None
    return session.starts_at if session else None


def _material_manage(user, material) -> bool:
    event = _event_by_id(material.event_id)
    if event is None:
        return False
    if has_role(user, event):
        return True
    return material.session_id is not None and material.session_id in _speaker_session_ids(user, event)


def _material_view(user, material) -> bool:
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
        return team or registration_status(user, event) == RegistrationStatus.CONFIRMED
    return True


def _material_history(user, material) -> bool:
    event = _event_by_id(material.event_id)
    return event is not None and has_role(user, event)


def _speaker_upload(user, session) -> bool:
    event = _event_by_id(session.event_id)
    return event is not None and (has_role(user, event) or session.id in _speaker_session_ids(user, event))


def _speaker_profile(user, person) -> bool:
    event = _event_by_id(person.event_id)
    if event is None:
        return False
    own = user is not None and user.is_authenticated and person.user_id is not None and person.user_id == user.id
    return own or has_role(user, event)


def _speaker_dashboard(user, event: Event) -> bool:
    return speaker_person(user, event) is not None or can(user, "event.manage", event)


RULES: dict[str, Rule] = {
    "material.view": _material_view,
    "material.manage": _material_manage,
    "material.history": _material_history,
    "speaker.upload": _speaker_upload,
    "speaker.profile": _speaker_profile,
    "speaker.dashboard": _speaker_dashboard,
}


# --- views ------------------------------------------------------------------------------

def material_required(action: str, hide: bool = False):
    """Under event_required: load the event's material named by the route's `material_id` (404),
    check `action`, pass it as `material`. Refused: the login page for anonymous visitors; 403 for
    signed-in users, or 404 when `hide` (whether it exists is nobody's business but those who may see it)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, event, material_id: int, **kwargs):
            material = owned_material(event, material_id)
            if not can(current_user, action, material):
                return deny(hide=hide)
            return view(*args, event=event, material=material, **kwargs)

        wrapper.permission = action
        return wrapper

    return decorator
