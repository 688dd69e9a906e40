"""Seats: who gets one is decided by the database, never by a Python lock.

Two kinds of seat share the mechanism: a seat at the event (SeatCounter) and a
place in a limited session (SessionSeatCounter). Each is one counter row
changed only by "UPDATE ... SET taken = taken + 1 WHERE taken < capacity".
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.registration.models import (
    Registration,
    RegistrationStatus,
    SeatCounter,
    SessionRegistration,
    SessionRegistrationStatus,
    SessionSeatCounter,
)


@dataclass(frozen=True)
class _Pool:
    counter: type[SeatCounter] | type[SessionSeatCounter]
    key: dict  # the counter's primary key, e.g. {"event_id": 3}
    capacity: int | None  # None: unlimited
    holders: ColumnElement[bool]  # which rows hold a seat, to create the counter from

    def where(self):
        return [getattr(self.counter, column) == value for column, value in self.key.items()]


def _event_pool(event) -> _Pool:
    return _Pool(SeatCounter, {"event_id": event.id}, event.capacity,
                 (Registration.event_id == event.id) & (Registration.status == RegistrationStatus.CONFIRMED))


def _session_pool(session) -> _Pool:
    return _Pool(SessionSeatCounter, {"session_id": session.id}, session.capacity,
                 (SessionRegistration.session_id == session.id)
                 & (SessionRegistration.status == SessionRegistrationStatus.CONFIRMED))


def _ensure_counter(pool: _Pool) -> bool:
    """Create the pool's counter from the seats held if it has none yet; False if it had one."""
    if db.session.get(pool.counter, tuple(pool.key.values())) is not None:
        return False
    taken = db.session.scalar(select(func.count()).where(pool.holders)) or 0
    try:
        with db.session.begin_nested():
            db.session.execute(insert(pool.counter).values(**pool.key, taken=taken))
    except IntegrityError:
        pass  # another request created it first
    return True


def _change(pool: _Pool, statement) -> bool:
    """Run the counter's UPDATE: one statement when the counter exists (every time but the first).
    No row changed means a full pool (or an empty one, when freeing) or a counter not made yet:
    only then is the counter looked up, created from the seats held, and the UPDATE run again."""
    statement = statement.where(*pool.where()).execution_options(synchronize_session=False)
    if db.session.execute(statement).rowcount == 1:
        return True
    return _ensure_counter(pool) and db.session.execute(statement).rowcount == 1


def _take(pool: _Pool) -> bool:
    statement = update(pool.counter).values(taken=pool.counter.taken + 1)
    if pool.capacity is not None:
        statement = statement.where(pool.counter.taken < pool.capacity)
    return _change(pool, statement)


def _free(pool: _Pool) -> None:
    _change(pool, update(pool.counter).where(pool.counter.taken > 0).values(taken=pool.counter.taken - 1))


def take_seat(event) -> bool:
    """Take one seat if one is free. Atomic: at most `capacity` callers ever get True."""
    return _take(_event_pool(event))


def free_seat(event) -> None:
    _free(_event_pool(event))


def take_session_place(session) -> bool:
    """Take one place in a limited session if one is free; atomic like take_seat."""
    return _take(_session_pool(session))


def free_session_place(session) -> None:
    _free(_session_pool(session))


def hold_seats(event) -> None:
    """Lock the event's seat counter until the transaction ends (a no-op UPDATE: the row's lock on
    PostgreSQL, the database's write lock on SQLite): whoever takes or frees a seat meanwhile waits,
    and what this transaction reads after it stays true until it commits."""
    pool = _event_pool(event)
    _ensure_counter(pool)
    db.session.execute(update(pool.counter).where(*pool.where()).values(taken=pool.counter.taken)
                       .execution_options(synchronize_session=False))


def take_seats(event, wanted: int) -> int:
    """Take up to `wanted` seats at once; returns how many were free and are now taken (all of them
    when the event has no limit). Atomic like take_seat: the counter is held, read, then raised."""
    pool = _event_pool(event)
    hold_seats(event)
    taken = db.session.scalar(select(pool.counter.taken).where(*pool.where())) or 0
    granted = wanted if pool.capacity is None else max(0, min(wanted, pool.capacity - taken))
    if granted:
        db.session.execute(update(pool.counter).where(*pool.where()).values(taken=pool.counter.taken + granted)
                           .execution_options(synchronize_session=False))
    return granted
