"""What registration shows of a person on their own pages: their registration in each event
("My events"), the sessions they hold a place in (their personal agenda), the ticket's QR code,
and seats on the event pages (the answers to the events' and the agenda's hooks)."""
from __future__ import annotations

from dataclasses import dataclass, field

import segno
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.agenda.models import Session
from app.db import utcnow
from app.events.models import Event
from app.events.personal import PersonalPart
from app.extensions import db
from app.registration import places
from app.registration.availability import Availability, availability, availability_of_events, waiting_position
from app.registration.models import Registration, RegistrationStatus, SessionRegistration
from app.registration.services import registration_of, registrations_of_user, ticket_url


def ticket_qr_svg(registration: Registration, scale: int = 6) -> Markup:
    """The ticket's QR code (its address), as inline SVG."""
    qr = segno.make(ticket_url(registration), error="m")  # on the configured base URL
    return Markup(qr.svg_inline(scale=scale, border=2, title=_("Ticket QR code"), dark="#000", light="#fff"))


@dataclass
class PlaceSummary:
    session: Session
    place: SessionRegistration
    position: int | None  # on the session's waiting list


@dataclass
class RegistrationSummary:
    registration: Registration
    position: int | None  # on the event's waiting list
    availability: Availability
    places: list[PlaceSummary] = field(default_factory=list)
    ticket_qr: Markup | None = None  # for a confirmed registration of an event still to come


def my_events_part(user) -> dict[int, PersonalPart]:
    """MY_EVENTS_PARTS: the person's registration in each event, with their places in limited sessions."""
    registrations = registrations_of_user(user)
    if not registrations:
        return {}
    by_registration = places.places_of_registrations([r.id for r in registrations])
    events = {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_({r.event_id for r in registrations})))}
    seats = availability_of_events(events.values())
    today = utcnow().date()
    result = {}
    for registration in registrations:
        summary = RegistrationSummary(
            registration=registration, position=waiting_position(registration),
            availability=seats[registration.event_id],
            places=[PlaceSummary(session, place, places.waiting_position(place)
                                 if place.status == places.P.WAITING else None)
                    for session, place in by_registration.get(registration.id, [])],
            ticket_qr=ticket_qr_svg(registration, scale=3)
            if registration.status == RegistrationStatus.CONFIRMED and events[registration.event_id].end_date >= today
            else None)
        result[registration.event_id] = PersonalPart("registration/_my_events_part.html", summary, order=10)
    return result


def held_sessions(user) -> dict[int, set[int]]:
    """PERSONAL_SESSIONS: the limited sessions the person holds a place in, by event."""
    rows = db.session.execute(
        select(Session.event_id, Session.id)
        .join(SessionRegistration, SessionRegistration.session_id == Session.id)
        .join(Registration, Registration.id == SessionRegistration.registration_id)
        .where(Registration.user_id == user.id, Registration.status == RegistrationStatus.CONFIRMED,
               SessionRegistration.status == places.P.CONFIRMED))
    result: dict[int, set[int]] = {}
    for event_id, session_id in rows:
        result.setdefault(event_id, set()).add(session_id)
    return result


def event_page_part(event) -> dict:
    """EVENT_PAGE_PARTS: the reader's registration and the seats, said before anyone registers."""
    registration = registration_of(event, current_user)
    return {"my_registration": registration, "availability": availability(event),
            "waiting_position": waiting_position(registration) if registration is not None else None}


def event_list_part(events) -> dict:
    """EVENT_LIST_PARTS: seats left or full and waiting, for each event card of the home page."""
    return {"availability": availability_of_events(events)}
