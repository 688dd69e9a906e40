"""Seats at an event as people read them: how many are left, or full with how many waiting,
and a waiting person's place in the line. One service for the home page, the event page, the
register page and the person's own page, so they never disagree.

The counts are the registrations' statuses (the truth the seat counter follows), read in one
query however many events a page lists.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.registration.models import Registration, RegistrationStatus

S = RegistrationStatus


@dataclass(frozen=True)
class Availability:
    capacity: int | None  # None: no limit
    confirmed: int
    waiting: int

    @property
    def limited(self) -> bool:
        return self.capacity is not None

    @property
    def seats_left(self) -> int | None:
        """Free seats (0 when full); None without a limit."""
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        """No seat is free: whoever registers now joins the waiting list."""
        return self.seats_left == 0


def availability_of_events(events) -> dict[int, Availability]:
    """{event id: Availability} for the events, in one query."""
    events = list(events)
    counts: dict[int, dict[RegistrationStatus, int]] = {event.id: {} for event in events}
    if events:
        rows = db.session.execute(
            select(Registration.event_id, Registration.status, func.count(Registration.id))
            .where(Registration.event_id.in_(list(counts)), Registration.status.in_((S.CONFIRMED, S.WAITING)))
            .group_by(Registration.event_id, Registration.status))
        for event_id, status, count in rows:
            counts[event_id][status] = count
    return {event.id: Availability(event.capacity, counts[event.id].get(S.CONFIRMED, 0),
                                   counts[event.id].get(S.WAITING, 0)) for event in events}


def availability(event) -> Availability:
    return availability_of_events([event])[event.id]


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person on the event's waiting list; None when the registration is not waiting."""
    if registration.status != S.WAITING or registration.waiting_since is None:
        return None
    ahead = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == registration.event_id, Registration.status == S.WAITING,
        (Registration.waiting_since < registration.waiting_since)
        | ((Registration.waiting_since == registration.waiting_since) & (Registration.id < registration.id))))
    return (ahead or 0) + 1
