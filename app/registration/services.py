"""Registration rules: modes, window, capacity and waiting list, state changes and their mail.

Every state change goes through one function here, which also queues the
participant's mail (in their language) and, for organisers' actions, an audit entry.
Seats are taken and freed through app.registration.seats, so concurrency is safe.
"""
from __future__ import annotations

import functools
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, insert, select

from app.core.errors import DomainError
from app.core.mail import erase_mail_about, mail_link, queue_mail, queue_rendered, render_mail
from app.core.models import AuditEntry, record_audit
from app.core.urls import external_url
from app.db import utcnow
from app.events.models import RegistrationMode
from app.events.services import registration_state
from app.extensions import db
from app.registration import invitations, places, seats
from app.registration.answers import answered
from app.registration.models import (
    FieldKind,
    Invitation,
    Registration,
    RegistrationField,
    RegistrationStatus,
    new_ticket_code,
)

S = RegistrationStatus
CHOICE_KINDS = (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE)

MAIL_SUBJECTS = {
    "pending": _l("We have received your registration"),
    "confirmed": _l("Your registration is confirmed"),
    "approved": _l("Your registration has been approved"),
    "waiting": _l("You are on the waiting list"),
    "promoted": _l("A seat is free: your registration is confirmed"),
    "rejected": _l("Your registration was not accepted"),
    "cancelled": _l("Your registration has been cancelled"),
}


# --- helpers ------------------------------------------------------------------

def fields_of(event) -> list[RegistrationField]:
    return list(db.session.scalars(select(RegistrationField).where(RegistrationField.event_id == event.id)
                                   .order_by(RegistrationField.position, RegistrationField.id)))


def registration_of(event, user) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id))


def registration_for(event, user) -> Registration | None:
    """The registration `register` would find for `user`: theirs, or one made for their address
    (by an organiser, say); an active one first, then their own."""
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event.id,
               (Registration.user_id == user.id) | (Registration.email == user.email))
        .order_by(case((Registration.status == S.CANCELLED, 1), else_=0),
                  case((Registration.user_id == user.id, 0), else_=1), Registration.id)
        .limit(1))


def registrations_of_user(user) -> list[Registration]:
    """Every registration of the person (any status), except erased ones."""
    return list(db.session.scalars(select(Registration).where(
        Registration.user_id == user.id, Registration.erased_at.is_(None)).order_by(Registration.id)))


# Keys an organiser gives the questions whose answer is in the person's profile.
NAME_KEYS = {"name", "full_name", "fullname"}
ORGANISATION_KEYS = {"organisation", "organization", "org"}


def answers_from_profile(fields: list[RegistrationField], user, earlier: dict | None = None) -> dict:
    """What the registration form starts with: an earlier (cancelled) registration's answers, else the
    profile's name, organisation and country (a country question gets the profile's country code)."""
    if earlier:
        return dict(earlier)
    answers = {}
    for field in fields:
        if field.kind == FieldKind.COUNTRY and user.country:
            answers[field.key] = user.country
        elif field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            if field.key in NAME_KEYS and user.name:
                answers[field.key] = user.name
            elif field.key in ORGANISATION_KEYS and user.organisation:
                answers[field.key] = user.organisation
    return answers


def ticket_url(registration: Registration) -> str:
    return external_url("registration.ticket", code=registration.ticket_code)


def _notification(registration: Registration, event, what: str, fields: list[RegistrationField] | None = None,
                  words: dict | None = None) -> tuple[tuple, dict]:
    """The arguments of queue_mail() (or render_mail()) for a state change's mail, in the
    participant's language. `fields`: the event's questions, when the caller has them already;
    `words`: a dict to keep the answers' words of each language in, across many mails."""
    with_ticket = what in {"confirmed", "approved", "promoted"}
    ticket = mail_link("registration.ticket", code=registration.ticket_code)
    return (registration.email, f"registration_{what}", registration.language, MAIL_SUBJECTS[what]), dict(
        registration=registration, event=event, what=what,
        # Called by the template, so the answers are worded in the recipient's language.
        answered=functools.partial(answered, event, fields_of(event) if fields is None else fields,
                                   dict(registration.answers or {}), words),
        event_url=mail_link("events.event_page", slug=event.slug),
        ticket_link=ticket if with_ticket else None,
        manage_url=mail_link("registration.my_registration", slug=event.slug),
        qr_code_for=ticket if with_ticket else None, about=registration.mail_about,
    )


def _rendered_notification(registration: Registration, event, what: str, fields: list[RegistrationField],
                           words: dict) -> dict | None:
    """The mail _notify() would queue, rendered (render_mail()) but not stored; None for an erased
    registration, which gets no mail."""
    if registration.erased_at is not None:
        return None
    args, kwargs = _notification(registration, event, what, fields, words)
    return render_mail(*args, **kwargs)


def _notify(registration: Registration, event, what: str, fields: list[RegistrationField] | None = None) -> None:
    """Queue the mail for a state change, in the participant's language (`fields`: the event's
    questions, when the caller has them already)."""
    if registration.erased_at is not None:
        return
    args, kwargs = _notification(registration, event, what, fields)
    queue_mail(*args, **kwargs)


def _confirm(registration: Registration, now: datetime) -> None:
    registration.status = S.CONFIRMED
    registration.confirmed_at = now
    registration.waiting_since = None


def _to_waiting(registration: Registration, now: datetime) -> None:
    registration.status = S.WAITING
    registration.waiting_since = now


def _seat_or_wait(registration: Registration, event, now: datetime) -> str:
    if seats.take_seat(event):
        _confirm(registration, now)
        return "confirmed"
    _to_waiting(registration, now)
    return "waiting"


def _release(registration: Registration, event) -> None:
    """Free the registration's seat (if it had one) and give it to the first waiting person."""
    if registration.status == S.CONFIRMED:
        seats.free_seat(event)
        registration.checked_in_at = None


# --- participant actions ------------------------------------------------------------

_LOOK_IT_UP = object()  # register(existing=...) not given

def register(event, user, *, answers: dict, language: str, invitation_token: str | None = None,
             now: datetime | None = None, fields: list[RegistrationField] | None = None,
             existing: Registration | None | object = _LOOK_IT_UP) -> Registration:
    """Register `user`; returns the registration in its new state. Raises DomainError when refused.

    An invitation token, required in invitation mode and accepted in any (it is how an invited
    person gets into a private event), must let `user` in and is used up by the registration:
    InvitationRefused otherwise. `fields` and `existing` (registration_for(event, user)): what the
    caller has looked up already in this transaction, so it is not read twice.

    A burst of registrations for the last seats is this function's hot path. The seat counter's
    row (app.registration.seats) stays locked from the UPDATE that takes a seat to the caller's
    commit, and every request for a seat queues behind that lock, so nothing is done under it
    that need not be: the confirmation is rendered beforehand; then one UPDATE decides the seat,
    and the registration (in its final state) and its mail are inserted with one statement each,
    all in the caller's transaction.
    """
    now = now or utcnow()
    if registration_state(event, now) != "open":
        raise DomainError(_l("Registration for this event is not open."))
    invitation = None
    if invitation_token or event.registration_mode == RegistrationMode.INVITATION:
        invitation = invitations.check(event, invitation_token, user, now)
    if existing is _LOOK_IT_UP:
        existing = registration_for(event, user)
    if existing is not None and existing.status not in (S.CANCELLED,):
        raise DomainError(_l("You are already registered for this event."))
    if invitation is not None:
        invitations.use(invitation, now)
    # The ticket code is chosen here rather than by the column's default: the mail shows it.
    registration = existing or Registration(event_id=event.id, ticket_code=new_ticket_code())
    registration.user_id, registration.email, registration.name = user.id, user.email, user.name
    registration.organisation = str(answers.get("organisation") or user.organisation or "")
    registration.language = language
    registration.answers = answers
    registration.cancelled_at = None
    registration.invitation_id = invitation.id if invitation else None
    fields = fields_of(event) if fields is None else fields
    words: dict = {}
    if event.registration_mode == RegistrationMode.APPROVAL:
        registration.status = S.PENDING
        what, mail = "pending", None
    else:
        # The mail of a seat is rendered before the seat is taken: whoever gets one holds the
        # counter's lock until the commit, and the next in the queue waits for nobody's templates.
        # A request that finds no seat holds no lock, so its mail is rendered afterwards.
        mail = _rendered_notification(registration, event, "confirmed", fields, words)
        # Not in the session yet: the counter's UPDATE must not flush a row without a status.
        what = _seat_or_wait(registration, event, now)
        if what != "confirmed":
            mail = None
    if mail is None:
        mail = _rendered_notification(registration, event, what, fields, words)
    db.session.add(registration)
    db.session.flush()
    if mail is not None:
        mail["about"] = registration.mail_about  # its id is known now
        queue_rendered([mail])
    return registration


def update_answers(registration: Registration, event, answers: dict, now: datetime | None = None) -> None:
    if registration_state(event, now or utcnow()) != "open":
        raise DomainError(_l("Registration is closed: your answers can no longer be changed."))
    if registration.status in (S.CANCELLED, S.REJECTED):
        raise DomainError(_l("This registration is no longer active."))
    registration.answers = answers
    registration.organisation = str(answers.get("organisation") or registration.organisation)


def cancel(registration: Registration, event, actor=None, now: datetime | None = None) -> None:
    """Cancel (by the participant, or an organiser); the seat goes to the first waiting person."""
    if registration.status in (S.CANCELLED, S.REJECTED):
        raise DomainError(_l("This registration is no longer active."))
    had_seat = registration.status == S.CONFIRMED
    _release(registration, event)
    places.release_all(registration, event, now=now)
    registration.status = S.CANCELLED
    registration.cancelled_at = now or utcnow()
    registration.waiting_since = None
    db.session.flush()
    _notify(registration, event, "cancelled")
    if actor is not None:
        record_audit(actor, "registration.cancelled", event, registration=registration.id)
    if had_seat:
        promote_waiting(event, now=now)


# --- organiser actions ----------------------------------------------------------------

def approve(registration: Registration, event, actor, now: datetime | None = None) -> str:
    if registration.status != S.PENDING:
        raise DomainError(_l("Only pending registrations can be approved."))
    what = _seat_or_wait(registration, event, now or utcnow())
    db.session.flush()
    _notify(registration, event, "approved" if what == "confirmed" else "waiting")
    record_audit(actor, "registration.approved", event, registration=registration.id, result=what)
    return what


def approve_many(event, actor, chosen, now: datetime | None = None) -> tuple[list[Registration], list[Registration]]:
    """Approve every pending registration among `chosen` (ids, or a SELECT of ids) at once;
    returns (approved, not pending: left as they were).

    As approve() does for each, in id order: the first get the free seats, the others the waiting
    list; each is told by mail and the change is in the audit log. In a fixed number of statements
    whatever their number: the seat counter is held first (so no seat is taken meanwhile and the
    rows read are current), the rows are read and locked in one SELECT, the seats taken in one
    UPDATE, and the rows, the messages and the audit entries written at one flush.
    """
    now = now or utcnow()
    seats.hold_seats(event)
    rows = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(chosen))
        .order_by(Registration.id).with_for_update(of=Registration)))
    pending = [r for r in rows if r.status == S.PENDING]
    not_pending = [r for r in rows if r.status != S.PENDING]
    granted = seats.take_seats(event, len(pending)) if pending else 0
    fields = fields_of(event)
    for number, registration in enumerate(pending):
        if number < granted:
            _confirm(registration, now)
        else:
            _to_waiting(registration, now)
    db.session.flush()
    messages, audit, words = [], [], {}
    for number, registration in enumerate(pending):
        what = "confirmed" if number < granted else "waiting"
        if registration.erased_at is None:
            args, kwargs = _notification(registration, event, "approved" if what == "confirmed" else "waiting",
                                         fields, words)
            messages.append(render_mail(*args, **kwargs))
        audit.append({"actor_id": getattr(actor, "id", None), "event_id": event.id, "action": "registration.approved",
                      "details": {"registration": registration.id, "result": what}, "created_at": now})
    # One INSERT each for the messages and the audit entries (the ORM would read every new id back).
    queue_rendered(messages)
    if audit:
        db.session.execute(insert(AuditEntry), audit)
    return pending, not_pending


def reject(registration: Registration, event, actor, now: datetime | None = None) -> None:
    if registration.status in (S.REJECTED, S.CANCELLED):
        raise DomainError(_l("This registration is no longer active."))
    had_seat = registration.status == S.CONFIRMED
    _release(registration, event)
    places.release_all(registration, event, now=now)
    registration.status = S.REJECTED
    registration.waiting_since = None
    db.session.flush()
    _notify(registration, event, "rejected")
    record_audit(actor, "registration.rejected", event, registration=registration.id)
    if had_seat:
        promote_waiting(event, now=now)


def promote(registration: Registration, event, actor, now: datetime | None = None) -> None:
    """Give a waiting (or pending) person a seat now, out of turn; never beyond capacity."""
    if registration.status not in (S.WAITING, S.PENDING):
        raise DomainError(_l("Only waiting or pending registrations can be promoted."))
    if not seats.take_seat(event):
        raise DomainError(_l("No seat is free. Raise the capacity or cancel a registration first."))
    _confirm(registration, now or utcnow())
    db.session.flush()
    _notify(registration, event, "promoted")
    record_audit(actor, "registration.promoted", event, registration=registration.id)


def promote_waiting(event, now: datetime | None = None) -> list[Registration]:
    """Give free seats to waiting people, first come first served. Called after any seat frees."""
    now = now or utcnow()
    promoted = []
    while True:
        first = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id, Registration.status == S.WAITING)
            .order_by(Registration.waiting_since, Registration.id).limit(1).with_for_update(skip_locked=True))
        if first is None or not seats.take_seat(event):
            break
        _confirm(first, now)
        db.session.flush()
        _notify(first, event, "promoted")
        promoted.append(first)
    return promoted


def add_manually(event, actor, *, name: str, email: str, organisation: str, language: str,
                 now: datetime | None = None) -> Registration:
    """An organiser registers someone (who may have no account): seat if free, else waiting list."""
    email = email.strip().lower()
    now = now or utcnow()
    existing = db.session.scalar(select(Registration).where(Registration.event_id == event.id, Registration.email == email))
    if existing is not None and existing.status != S.CANCELLED:
        raise DomainError(_l("This person is already registered."), field="email")
    registration = existing or Registration(event_id=event.id, email=email)
    registration.name, registration.organisation, registration.language = name.strip(), organisation.strip(), language
    registration.status = S.PENDING
    registration.answers = registration.answers or {}
    db.session.add(registration)
    db.session.flush()
    what = _seat_or_wait(registration, event, now)
    db.session.flush()
    _notify(registration, event, what)
    record_audit(actor, "registration.added", event, registration=registration.id, email=email, result=what)
    return registration


def set_note(registration: Registration, event, actor, note: str) -> None:
    registration.internal_note = note.strip()
    record_audit(actor, "registration.note", event, registration=registration.id)


def capacity_changed(event) -> list[Registration]:
    """After the organiser raises the capacity: fill the new seats from the waiting list."""
    return promote_waiting(event)


def confirmed_count(event) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == S.CONFIRMED)) or 0


def counts(event) -> dict[str, int]:
    """Registrations by status, and how many are checked in: one read of the (event_id, status,
    checked_in_at) index."""
    rows = db.session.execute(select(Registration.status, func.count(), func.count(Registration.checked_in_at))
                              .where(Registration.event_id == event.id).group_by(Registration.status)).all()
    result = {status.value: 0 for status in S}
    result.update({status.value: count for status, count, _checked_in in rows})
    result["checked_in"] = sum(checked_in for _status, _count, checked_in in rows)
    return result


# --- check-in -----------------------------------------------------------------------------

def find_by_code(event, code: str) -> Registration | None:
    """The registration of a typed ticket code or a scanned ticket URL (None when unknown or erased)."""
    code = (code or "").strip().rstrip("/").rsplit("/", 1)[-1]
    code = "".join(ch for ch in code.upper() if ch.isalnum())[:32]
    return db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                       Registration.ticket_code == code,
                                                       Registration.erased_at.is_(None)))


def check_in(registration: Registration, event, actor, now: datetime | None = None) -> bool:
    """Mark arrival. Returns False (and changes nothing) when already checked in."""
    if registration.status != S.CONFIRMED:
        raise DomainError(_l("This ticket is not valid: the registration is not confirmed."))
    if registration.checked_in_at is not None:
        return False
    registration.checked_in_at = now or utcnow()
    registration.checked_in_by_id = actor.id
    record_audit(actor, "registration.checked_in", event, registration=registration.id)
    return True


def undo_check_in(registration: Registration, event, actor) -> None:
    registration.checked_in_at = None
    registration.checked_in_by_id = None
    record_audit(actor, "registration.check_in_undone", event, registration=registration.id)


# --- personal data ------------------------------------------------------------------------------

def personal_data(registration: Registration, event) -> dict:
    """Everything stored about the participant for this event, as JSON-ready data."""
    def iso(value):
        return value.isoformat() if value else None

    return {
        "event": event.slug, "name": registration.name, "email": registration.email,
        "organisation": registration.organisation, "language": registration.language,
        "status": registration.status.value, "answers": registration.answers, "ticket_code": registration.ticket_code,
        "registered_at": iso(registration.created_at), "confirmed_at": iso(registration.confirmed_at),
        "cancelled_at": iso(registration.cancelled_at), "checked_in_at": iso(registration.checked_in_at),
        "session_places": [
            {"session": session.uid, "title": session.title, "status": place.status.value,
             "confirmed_at": iso(place.confirmed_at), "waiting_since": iso(place.waiting_since)}
            for session, place in places.places_of(registration)],
    }


def erase(registration: Registration, event, now: datetime | None = None) -> None:
    """Anonymise the registration; it still counts in the event's figures (as cancelled).

    The mail about it goes too (app.core.mail.erase_mail_about): what was not sent yet is never
    sent, what was keeps only its subject; and so does the personal invitation it was made with.
    """
    now = now or utcnow()
    if registration.status not in (S.CANCELLED, S.REJECTED):
        cancel(registration, event, now=now)
    anonymous = f"erased-{registration.id}@invalid"
    # What an organiser's message may have put in its subject ({name}), gone with the rest.
    redact = (registration.name, registration.email)
    about = [registration.mail_about]
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.event_id == event.id, Invitation.email.is_not(None),
        (Invitation.id == registration.invitation_id) | (Invitation.email == registration.email)).limit(1))
    if invitation is not None:
        invitation.email = anonymous
        about.append(f"invitation:{invitation.id}")
    registration.name = "—"
    registration.email = anonymous
    registration.organisation = ""
    registration.answers = {}
    registration.internal_note = ""
    registration.user_id = None
    registration.erased_at = now
    registration.ticket_code = f"ERASED{registration.id}"
    erase_mail_about(about, anonymous, redact)
