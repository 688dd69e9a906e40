"""The check-in desk: find a person who has no ticket with them by name, organisation or e-mail.

What the desk may see is only what it needs to recognise and admit someone: name,
organisation, status and the time they came in. The matching is on the registration's
folded search key (app.core.text), so "алия нурланкызы", "ӘЛИЯ" and "Aliya@Example.org"
find the same people on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, select

from app.core.text import search_words
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.registration.table import TRIGRAM, search_key_holds

# Fewer typed letters than this list too many people to be of use (and would show the list).
MIN_LETTERS = 2
LIMIT = 20


@dataclass(frozen=True)
class DeskMatch:
    """A person as the desk shows them: nothing more than it needs."""

    id: int
    name: str
    organisation: str
    status: RegistrationStatus
    checked_in_at: datetime | None

    @property
    def can_check_in(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED and self.checked_in_at is None


def searchable(typed: str | None) -> bool:
    return sum(len(word) for word in search_words(typed)) >= MIN_LETTERS


def find_people(event, typed: str | None, limit: int = LIMIT, *, not_arrived: bool = False) -> list[DeskMatch]:
    """The event's registrations (erased ones aside) whose name, organisation or e-mail contains
    every typed word, whatever the case and accents; confirmed people first, then by name.
    `not_arrived`: only the confirmed people not checked in yet (the live view's search).
    Returns at most `limit` + 1 matches, so the caller can tell there are more."""
    words = search_words(typed)
    if not searchable(typed):
        return []
    matches = search_key_holds(words)
    if db.session.get_bind().dialect.name != "sqlite":
        in_event = and_(Registration.event_id == event.id, matches)  # the trigram index finds who matches
    elif any(len(word) >= TRIGRAM for word in words):
        # Those the FTS5 index finds, then their rows by id. "event_id + 0" keeps SQLite (without
        # statistics) from reading every row of the event through an index on event_id instead.
        in_event = and_(Registration.event_id + 0 == event.id, matches)
    else:
        # Words too short for the trigram index: the ids of those who match, read from the
        # (event_id, created_at, id, search_key, ...) index alone, then their rows.
        in_event = Registration.id.in_(select(Registration.id).where(Registration.event_id == event.id, matches))
    statement = (
        select(Registration.id, Registration.name, Registration.organisation, Registration.status,
               Registration.checked_in_at)
        .where(in_event, Registration.erased_at.is_(None))
        .order_by(case((Registration.status == RegistrationStatus.CONFIRMED, 0), else_=1), Registration.name,
                  Registration.id)
        .limit(limit + 1))
    if not_arrived:
        statement = statement.where(Registration.status == RegistrationStatus.CONFIRMED,
                                    Registration.checked_in_at.is_(None))
    return [DeskMatch(*row) for row in db.session.execute(statement)]
