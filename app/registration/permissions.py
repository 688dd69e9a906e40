"""Registration's permission rules, registered by app.registration.wiring.

  event.register   open the registration form: whoever may see the event, and for a private event
                   also whoever holds a valid, unused invitation to it (can(..., invitation=token):
                   the view passes the token from the invitation link)

It also answers app.events.hooks.PRIVATE_EVENT_GUESTS: the people registered for a private
event see it (a rejected registration does not count).
"""
from __future__ import annotations

from app.core.errors import DomainError
from app.core.permissions import Rule, can, request_cache
from app.registration.models import RegistrationStatus
from app.registration.services import check_invitation, registration_of


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


def holds_invitation(event, token: str | None) -> bool:
    """`token` is a valid, unused invitation to this event (the link from the invitation mail)."""
    if not token:
        return False
    try:
        check_invitation(event, token)
    except DomainError:
        return False
    return True


def _event_register(user, event, invitation: str | None = None) -> bool:
    return can(user, "event.view", event) or holds_invitation(event, invitation)


RULES: dict[str, Rule] = {
    "event.register": _event_register,
}
