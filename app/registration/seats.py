"""Seats: who gets one is decided by the database, never by a Python lock."""
from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.registration.models import Registration, RegistrationStatus, SeatCounter


def _ensure_counter(event) -> None:
    if db.session.get(SeatCounter, event.id) is not None:
        return
    taken = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)) or 0
    try:
        with db.session.begin_nested():
            db.session.execute(insert(SeatCounter).values(event_id=event.id, taken=taken))
    except IntegrityError:
        pass  # another request created it first


def take_seat(event) -> bool:
    """Take one seat if one is free. Atomic: at most `capacity` callers ever get True."""
    _ensure_counter(event)
    statement = update(SeatCounter).where(SeatCounter.event_id == event.id)
    if event.capacity is not None:
        statement = statement.where(SeatCounter.taken < event.capacity)
    result = db.session.execute(statement.values(taken=SeatCounter.taken + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def free_seat(event) -> None:
    _ensure_counter(event)
    db.session.execute(
        update(SeatCounter).where(SeatCounter.event_id == event.id, SeatCounter.taken > 0)
        .values(taken=SeatCounter.taken - 1).execution_options(synchronize_session=False))


def seats_taken(event) -> int:
    counter = db.session.get(SeatCounter, event.id)
    return counter.taken if counter else 0
