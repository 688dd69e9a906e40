"""Places in limited sessions (workshops, training modules): their own capacity and waiting list.

A confirmed participant of the event takes a place in a session whose
`capacity` is set; when the session is full they join its waiting list, and the
first waiting person is promoted when a place frees (someone leaves, the
organiser removes someone or raises the limit, a registration ends). Places are
counted by app.registration.seats, and every change of a place's status is an
atomic conditional UPDATE, so two requests can never both move the same row.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from app.agenda.models import Session, SessionStatus
from app.core.errors import DomainError
from app.core.i18n import localize
from app.core.mail import mail_link, queue_mail
from app.core.models import record_audit
from app.db import utcnow
from app.extensions import db
from app.registration import seats
from app.registration.models import Registration, RegistrationStatus, SessionRegistration
from app.registration.models import SessionRegistrationStatus as P

ACTIVE = (P.CONFIRMED, P.WAITING)

MAIL_SUBJECTS = {
    "confirmed": _l("You have a place in a session"),
    "waiting": _l("You are on a session's waiting list"),
    "promoted": _l("A place is free: you are in the session"),
    "cancelled": _l("Your place in a session has been cancelled"),
}


# --- reading ----------------------------------------------------------------------------------

def limited_sessions(event) -> list[Session]:
    return list(db.session.scalars(select(Session).where(Session.event_id == event.id, Session.capacity.is_not(None))
                                   .order_by(Session.starts_at, Session.id)))


def _counts(where) -> dict[int, dict[str, int]]:
    """{session_id: {"confirmed": n, "waiting": n}} of the limited sessions `where` selects, in one query."""
    rows = db.session.execute(
        select(SessionRegistration.session_id, SessionRegistration.status, func.count(SessionRegistration.id))
        .join(Session, Session.id == SessionRegistration.session_id)
        .where(where, SessionRegistration.status.in_(ACTIVE))
        .group_by(SessionRegistration.session_id, SessionRegistration.status))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"confirmed": 0, "waiting": 0})
    for session_id, status, count in rows:
        counts[session_id][status.value] = count
    return counts


def counts_by_session(event) -> dict[int, dict[str, int]]:
    """Places taken and people waiting in every limited session of the event."""
    return _counts(Session.event_id == event.id)


def session_counts(session: Session) -> dict[str, int]:
    """Places taken and people waiting in one session: {"confirmed": n, "waiting": n}."""
    return _counts(Session.id == session.id)[session.id]


def places_by_registration(event) -> dict[int, list[tuple[Session, SessionRegistration]]]:
    """Every active place in the event's limited sessions, by registration id (for exports), in one query."""
    rows = db.session.execute(
        select(Session, SessionRegistration).join(SessionRegistration, SessionRegistration.session_id == Session.id)
        .where(Session.event_id == event.id, SessionRegistration.status.in_(ACTIVE))
        .order_by(Session.starts_at, Session.id))
    result: dict[int, list[tuple[Session, SessionRegistration]]] = defaultdict(list)
    for session, place in rows:
        result[place.registration_id].append((session, place))
    return result


def place_of(session: Session, registration: Registration | None) -> SessionRegistration | None:
    if registration is None:
        return None
    return db.session.scalar(select(SessionRegistration).where(
        SessionRegistration.session_id == session.id, SessionRegistration.registration_id == registration.id))


def has_place(session_id: int, registration: Registration) -> bool | None:
    """Whether the participant holds a place in the session: None when the session is not limited."""
    session = db.session.get(Session, session_id)
    if session is None or session.capacity is None:
        return None
    place = place_of(session, registration)
    return place is not None and place.status == P.CONFIRMED


def waiting_position(place: SessionRegistration) -> int:
    """1 for the first person on the session's waiting list."""
    ahead = db.session.scalar(select(func.count(SessionRegistration.id)).where(
        SessionRegistration.session_id == place.session_id, SessionRegistration.status == P.WAITING,
        (SessionRegistration.waiting_since < place.waiting_since)
        | ((SessionRegistration.waiting_since == place.waiting_since) & (SessionRegistration.id < place.id))))
    return (ahead or 0) + 1


def places_of(registration: Registration) -> list[tuple[Session, SessionRegistration]]:
    """The participant's active places and waiting-list entries, in time order."""
    return list(db.session.execute(
        select(Session, SessionRegistration).join(SessionRegistration, SessionRegistration.session_id == Session.id)
        .where(SessionRegistration.registration_id == registration.id, SessionRegistration.status.in_(ACTIVE))
        .order_by(Session.starts_at, Session.id)).all())


def places_of_registrations(registration_ids: list[int]) -> dict[int, list[tuple[Session, SessionRegistration]]]:
    """places_of for several registrations at once (the person's own page), by registration id."""
    result: dict[int, list[tuple[Session, SessionRegistration]]] = defaultdict(list)
    if registration_ids:
        for session, place in db.session.execute(
                select(Session, SessionRegistration).join(SessionRegistration, SessionRegistration.session_id == Session.id)
                .where(SessionRegistration.registration_id.in_(registration_ids), SessionRegistration.status.in_(ACTIVE))
                .order_by(Session.starts_at, Session.id)):
            result[place.registration_id].append((session, place))
    return result


def roster(session: Session) -> list[tuple[SessionRegistration, Registration]]:
    """Who holds a place (first) and who waits (in order), for the organiser."""
    return list(db.session.execute(
        select(SessionRegistration, Registration).join(Registration, Registration.id == SessionRegistration.registration_id)
        .where(SessionRegistration.session_id == session.id, SessionRegistration.status.in_(ACTIVE))
        .order_by(case((SessionRegistration.status == P.CONFIRMED, 0), else_=1), SessionRegistration.confirmed_at,
                  SessionRegistration.waiting_since,
                  SessionRegistration.id)).all())


def candidates(session: Session, event) -> list[Registration]:
    """Confirmed participants of the event without a place or waiting-list entry in `session`."""
    taken = select(SessionRegistration.registration_id).where(
        SessionRegistration.session_id == session.id, SessionRegistration.status.in_(ACTIVE))
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.id.not_in(taken)).order_by(Registration.name, Registration.id)))


# --- changes ------------------------------------------------------------------------------

def _move(place: SessionRegistration, from_status: P, to_status: P, now: datetime) -> bool:
    """Change the place's status only if it still is `from_status`: False when another request came first."""
    values: dict = {"status": to_status, "updated_at": now}
    if to_status == P.CONFIRMED:
        values.update(confirmed_at=now, waiting_since=None, cancelled_at=None)
    elif to_status == P.WAITING:
        values.update(waiting_since=now, confirmed_at=None, cancelled_at=None)
    else:
        values.update(cancelled_at=now, waiting_since=None)
    result = db.session.execute(update(SessionRegistration).where(
        SessionRegistration.id == place.id, SessionRegistration.status == from_status)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    db.session.refresh(place)
    return True


def _notify(place: SessionRegistration, session: Session, registration: Registration, event, what: str) -> None:
    if registration.erased_at is not None:
        return
    queue_mail(registration.email, f"session_place_{what}", registration.language, MAIL_SUBJECTS[what],
               registration=registration, event=event, session=session, what=what,
               session_url=mail_link("agenda.session_page", slug=event.slug, session_id=session.id),
               manage_url=mail_link("registration.my_registration", slug=event.slug),
               about=registration.mail_about)


def _check_can_join(session: Session, registration: Registration, event, now: datetime) -> None:
    if session.event_id != event.id or registration.event_id != event.id:
        raise DomainError(_l("This session is not part of this event."))
    if session.capacity is None:
        raise DomainError(_l("This session is open to every participant: there is no place to take."))
    if session.status == SessionStatus.CANCELLED:
        raise DomainError(_l("This session is cancelled."))
    if session.starts_at <= now:
        raise DomainError(_l("This session has already started."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_l("Places in limited sessions are for confirmed participants of the event."))
    clash = db.session.scalar(
        select(Session).join(SessionRegistration, SessionRegistration.session_id == Session.id)
        .where(SessionRegistration.registration_id == registration.id, SessionRegistration.status.in_(ACTIVE),
               Session.id != session.id, Session.starts_at < session.ends_at, Session.ends_at > session.starts_at)
        .limit(1))
    if clash is not None:
        raise DomainError(_l("You already have a place in “%(title)s” at the same time. Leave it first.",
                             title=str(localize(clash.title, event.default_language))))


def _place_row(session: Session, registration: Registration, now: datetime) -> SessionRegistration:
    """The participant's row for this session, claimed as WAITING (a new row, or a cancelled one reused)."""
    place = place_of(session, registration)
    if place is None:
        place = SessionRegistration(session_id=session.id, registration_id=registration.id,
                                    status=P.WAITING, waiting_since=now)
        db.session.add(place)
        try:
            # A plain flush, not a savepoint: on SQLite the transaction must start with this write.
            # A clash means a double click raced us; the caller rolls back on DomainError.
            db.session.flush()
        except IntegrityError:
            raise DomainError(_l("You already have a place or a waiting-list entry in this session.")) from None
        return place
    if not _move(place, P.CANCELLED, P.WAITING, now):
        raise DomainError(_l("You already have a place or a waiting-list entry in this session."))
    return place


def join(session: Session, registration: Registration, event, *, actor=None, now: datetime | None = None) -> str:
    """Give the participant a place if one is free, otherwise a waiting-list entry: "confirmed" or "waiting".

    `actor` is the organiser when they add someone by hand (audited)."""
    now = now or utcnow()
    _check_can_join(session, registration, event, now)
    place = _place_row(session, registration, now)
    what = "waiting"
    if seats.take_session_place(session):
        _move(place, P.WAITING, P.CONFIRMED, now)
        what = "confirmed"
    _notify(place, session, registration, event, what)
    if actor is not None:
        record_audit(actor, "session_place.added", event, session=str(session.id), registration=registration.id,
                     result=what)
    return what


def leave(session: Session, registration: Registration, event, *, actor=None, now: datetime | None = None,
          notify: bool = True) -> None:
    """Give up a place or a waiting-list entry; a freed place goes to the first waiting person."""
    now = now or utcnow()
    place = place_of(session, registration)
    if place is None or place.status not in ACTIVE:
        raise DomainError(_l("There is no place or waiting-list entry to cancel."))
    had_place = place.status == P.CONFIRMED
    if not _move(place, place.status, P.CANCELLED, now):
        raise DomainError(_l("There is no place or waiting-list entry to cancel."))
    if notify:
        _notify(place, session, registration, event, "cancelled")
    if actor is not None:
        record_audit(actor, "session_place.removed", event, session=str(session.id), registration=registration.id)
    if had_place:
        seats.free_session_place(session)
        promote_waiting(session, event, now=now)


def promote_waiting(session: Session, event, now: datetime | None = None) -> list[SessionRegistration]:
    """Fill free places from the waiting list, first come first served."""
    now = now or utcnow()
    promoted = []
    while True:
        first = db.session.scalar(
            select(SessionRegistration).where(SessionRegistration.session_id == session.id,
                                              SessionRegistration.status == P.WAITING)
            .order_by(SessionRegistration.waiting_since, SessionRegistration.id).limit(1)
            .with_for_update(skip_locked=True))
        if first is None or not seats.take_session_place(session):
            break
        if not _move(first, P.WAITING, P.CONFIRMED, now):
            seats.free_session_place(session)  # it left meanwhile: give the place back and look again
            continue
        _notify(first, session, db.session.get(Registration, first.registration_id), event, "promoted")
        promoted.append(first)
    return promoted


def release_all(registration: Registration, event, now: datetime | None = None) -> None:
    """The event registration ended (cancelled, rejected, erased): its places go to the waiting people.

    No mail per session: the participant already gets the mail about their registration."""
    for session, _place in places_of(registration):
        leave(session, registration, event, now=now, notify=False)


def check_can_delete(session: Session) -> None:
    """Refuse to delete a session people hold places in: they would lose them without a word."""
    if db.session.scalar(select(SessionRegistration.id).where(
            SessionRegistration.session_id == session.id, SessionRegistration.status.in_(ACTIVE)).limit(1)):
        raise DomainError(_l("People have places in this session: remove them first, or mark the session "
                             "cancelled so that they see it struck out."))


def check_new_capacity(session: Session, capacity: int | None) -> None:
    """Refuse a limit the session's current places don't fit into (the builder calls this before saving)."""
    if session.id is None or capacity == session.capacity:
        return
    counts = session_counts(session)
    confirmed = counts["confirmed"]
    if capacity is None and confirmed + counts["waiting"]:
        raise DomainError(_l("People have places in this session: remove them before you remove the limit."),
                          field="capacity")
    if capacity is not None and capacity < confirmed:
        raise DomainError(ngettext("%(num)d person already has a place: the limit cannot be lower.",
                                   "%(num)d people already have a place: the limit cannot be lower.", confirmed),
                          field="capacity")


def capacity_changed(session: Session, event) -> list[SessionRegistration]:
    """After the limit was raised: the new places go to the waiting list, in order."""
    if session.capacity is None:
        return []
    return promote_waiting(session, event)
