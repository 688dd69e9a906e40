"""Registration's permission rules, registered by app.registration.wiring.

  event.register   open the registration form: whoever may see the event; with an invitation token
                   (can(..., invitation=token): the view passes the token from the link), whoever
                   the token lets in (app.registration.invitations.check: valid, not used up, and
                   a personal one only for its addressee), also for a private event. A presented
                   token that does not let the person in refuses, public event or not: it would be
                   used up by someone else's registration. Someone already registered is let in as
                   without a token (the page sends them to their registration).

It also answers app.events.hooks.PRIVATE_EVENT_GUESTS: the people registered for a private
event see it (a rejected registration does not count).
"""
from __future__ import annotations

from app.core.errors import DomainError
from app.core.permissions import Rule, can, request_cache
from app.registration import invitations
from app.registration.models import RegistrationStatus
from app.registration.services import registration_of


def registration_status(user, event) -> RegistrationStatus | None:
    """The user's registration status in the event (None: not registered), cached for the request."""
    if user is None or not user.is_authenticated:
        return None
    cache = request_cache("_registration_status")
    key = (user.id, event.id)
    if key not in cache:
        registration = registration_of(event, user)
        cache[key] = registration.status if registration is not None else None
    return cache[key]


def registered_guest(user, event) -> bool:
    """A PRIVATE_EVENT_GUESTS receiver: invited people see a private event once registered."""
    return registration_status(user, event) not in (None, RegistrationStatus.REJECTED)


def holds_invitation(user, event, token: str | None) -> bool:
    """`token` lets `user` register for this event (anonymous: lets someone in, once signed in)."""
    if not token:
        return False
    try:
        invitations.check(event, token, user)
    except DomainError:
        return False
    return True


def _event_register(user, event, invitation: str | None = None) -> bool:
    if invitation and registration_status(user, event) is None:
        return holds_invitation(user, event, invitation)
    return can(user, "event.view", event)


RULES: dict[str, Rule] = {
    "event.register": _event_register,
}
