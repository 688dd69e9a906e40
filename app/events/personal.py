"""The person's own page ("My events"): every event they take part in, each as one card with what
the domains above the events know about it, gathered through app.events.hooks.MY_EVENTS_PARTS
(registration: status, waiting-list position, ticket, places in limited sessions; agenda: their
sessions; trainings: certificate and feedback to give), and the events they help run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from app.core.permissions import can
from app.events.hooks import MY_EVENTS_PARTS
from app.events.models import Event, EventRole
from app.events.services import events_for_team_member
from app.extensions import db


@dataclass(frozen=True)
class PersonalPart:
    """One domain's part of an event's card: `template` is rendered inside the card with `event`
    and `part` (this object); `data` is what it shows. Parts render in `order`, lowest first."""

    template: str
    data: Any
    order: int = 50


@dataclass
class PersonalEvent:
    event: Event
    parts: list[PersonalPart] = field(default_factory=list)


@dataclass
class PersonalSpace:
    upcoming: list[PersonalEvent]  # running and upcoming events, soonest first
    past: list[PersonalEvent]      # latest first
    team: list[tuple[Event, list[EventRole]]]  # events the person helps run, with their roles

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming or self.past or self.team)


def personal_space(user, today: date) -> PersonalSpace:
    parts_by_event: dict[int, list[PersonalPart]] = {}
    for answer in MY_EVENTS_PARTS(user):
        for event_id, part in answer.items():
            parts_by_event.setdefault(event_id, []).append(part)
    events = db.session.scalars(select(Event).where(Event.id.in_(list(parts_by_event)))).all() \
        if parts_by_event else []
    cards = [PersonalEvent(event, sorted(parts_by_event[event.id], key=lambda p: p.order))
             for event in events if can(user, "event.view", event)]
    upcoming = sorted((c for c in cards if c.event.end_date >= today), key=lambda c: (c.event.start_date, c.event.id))
    past = sorted((c for c in cards if c.event.end_date < today), key=lambda c: (c.event.start_date, c.event.id),
                  reverse=True)
    return PersonalSpace(upcoming=upcoming, past=past, team=events_for_team_member(user))
