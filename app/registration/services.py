"""Registration rules: modes, window, capacity and waiting list, state changes and their mail.

Every state change goes through one function here, which also queues the
participant's mail (in their language) and, for organisers' actions, an audit entry.
Seats are taken and freed through app.registration.seats, so concurrency is safe.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import Select, String, and_, case, cast, exists, false, func, literal, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import ColumnElement

from app.core.errors import DomainError
from app.core.mail import queue_mail
from app.core.models import AuditEntry, record_audit
from app.db import utcnow
from app.events.models import RegistrationMode
from app.events.services import registration_state
from app.extensions import db
from app.registration import places, seats
from app.registration.models import FieldKind, Invitation, Registration, RegistrationField, RegistrationStatus

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


def ticket_url(registration: Registration) -> str:
    return url_for("registration.ticket", code=registration.ticket_code, _external=True)


def _notify(registration: Registration, event, what: str) -> None:
    """Queue the mail for a state change, in the participant's language."""
    if registration.erased_at is not None:
        return
    with_ticket = what in {"confirmed", "approved", "promoted"}
    queue_mail(
        registration.email, f"registration_{what}", registration.language, MAIL_SUBJECTS[what],
        registration=registration, event=event, what=what,
        event_url=url_for("events.event_page", slug=event.slug, _external=True),
        ticket_link=ticket_url(registration) if with_ticket else None,
        manage_url=url_for("registration.my_registration", slug=event.slug, _external=True),
        qr_code_for=ticket_url(registration) if with_ticket else None,
    )


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


# --- invitations ----------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(event, actor, emails: list[str], language: str) -> list[str]:
    """Create (or renew) invitations and mail their links; returns the addresses invited."""
    days = current_app.config.get("INVITATION_VALID_DAYS", 30)
    invited = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        token = secrets.token_urlsafe(24)
        invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id, Invitation.email == email))
        if invitation is None:
            invitation = Invitation(event_id=event.id, email=email, language=language, created_by_id=actor.id,
                                    token_hash=_hash(token), expires_at=utcnow() + timedelta(days=days))
            db.session.add(invitation)
        elif invitation.used_at is not None:
            continue  # already registered with it
        else:
            invitation.token_hash, invitation.expires_at, invitation.language = _hash(token), utcnow() + timedelta(days=days), language
        db.session.flush()
        queue_mail(email, "registration_invitation", language, _l("You are invited to register"), event=event,
                   link=url_for("registration.register", slug=event.slug, invitation=token, _external=True),
                   expires_at=invitation.expires_at)
        invited.append(email)
    if invited:
        record_audit(actor, "registration.invited", event, emails=invited)
    return invited


def check_invitation(event, token: str | None, now: datetime | None = None) -> Invitation:
    """The invitation behind a token, or DomainError: unknown, used, expired or for another event."""
    now = now or utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token or "")))
    if invitation is None or invitation.event_id != event.id:
        raise DomainError(_l("This event is by invitation only. Please use the personal link from your invitation."))
    if invitation.used_at is not None:
        raise DomainError(_l("This invitation has already been used."))
    if invitation.expires_at <= now:
        raise DomainError(_l("This invitation has expired. Please ask the organisers for a new one."))
    return invitation


# --- participant actions ------------------------------------------------------------

def register(event, user, *, answers: dict, language: str, invitation_token: str | None = None,
             now: datetime | None = None) -> Registration:
    """Register `user`; returns the registration in its new state. Raises DomainError when refused."""
    now = now or utcnow()
    if registration_state(event, now) != "open":
        raise DomainError(_l("Registration for this event is not open."))
    invitation = None
    if event.registration_mode == RegistrationMode.INVITATION:
        invitation = check_invitation(event, invitation_token, now)
    existing = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id,
        (Registration.user_id == user.id) | (Registration.email == user.email)))
    if existing is not None and existing.status not in (S.CANCELLED,):
        raise DomainError(_l("You are already registered for this event."))
    registration = existing or Registration(event_id=event.id)
    registration.user_id, registration.email, registration.name = user.id, user.email, user.name
    registration.organisation = str(answers.get("organisation") or user.organisation or "")
    registration.language = language
    registration.answers = answers
    registration.cancelled_at = None
    registration.invitation_id = invitation.id if invitation else None
    db.session.add(registration)
    if event.registration_mode == RegistrationMode.APPROVAL:
        registration.status = S.PENDING
        what = "pending"
    else:
        registration.status = S.PENDING  # provisional, until the seat is decided
        db.session.flush()
        what = _seat_or_wait(registration, event, now)
    if invitation is not None:
        invitation.used_at = now
    db.session.flush()
    _notify(registration, event, what)
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
    rows = db.session.execute(select(Registration.status, func.count(Registration.id))
                              .where(Registration.event_id == event.id).group_by(Registration.status)).all()
    result = {status.value: 0 for status in S}
    result.update({status.value: count for status, count in rows})
    result["checked_in"] = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.checked_in_at.is_not(None))) or 0
    return result


# --- check-in -----------------------------------------------------------------------------

def find_by_code(event, code: str) -> Registration | None:
    # A scanned QR code holds the ticket's URL; people type the code itself.
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
    """Anonymise the registration; it still counts in the event's figures (as cancelled)."""
    now = now or utcnow()
    if registration.status not in (S.CANCELLED, S.REJECTED):
        cancel(registration, event, now=now)
    registration.name = "—"
    registration.email = f"erased-{registration.id}@invalid"
    registration.organisation = ""
    registration.answers = {}
    registration.internal_note = ""
    registration.user_id = None
    registration.erased_at = now
    registration.ticket_code = f"ERASED{registration.id}"


# --- organiser pages: participants table, bulk actions, history ------------------------------
# (Appended for the organiser side; the functions above are unchanged.)

TABLE_SORTS = ("date", "-date", "name", "-name", "status", "-status")
# Statuses in the order an organiser works through them.
_STATUS_ORDER = {S.PENDING: 0, S.CONFIRMED: 1, S.WAITING: 2, S.REJECTED: 3, S.CANCELLED: 4}


def _answer_is(key: str, value) -> ColumnElement[bool]:
    """The answer to `key` equals `value` (a string, or True for a ticked checkbox) or, for a
    multiple choice, contains it. Portable: JSONB containment on PostgreSQL, json_each on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        contains = cast(Registration.answers, JSONB).op("->")(key).op("@>", is_comparison=True)(literal(value, JSONB))
        return func.coalesce(contains, false())  # a missing answer is "no match", not NULL
    quoted = key.replace('"', "")
    path = f'$."{quoted}"'
    each = func.json_each(Registration.answers, path).table_valued("value", "type")
    if value is True:
        match = each.c.type == "true"
    else:
        match = and_(each.c.type == "text", each.c.value == value)
    return exists(select(literal(1)).select_from(each).where(match))


def _search(term: str) -> ColumnElement[bool]:
    # SQLite's lower() only folds ASCII: also try the usual spellings of a Cyrillic term
    # ("иван" finds "Иванов", "ЮСТИЦИИ" finds "юстиции").
    term = term.strip()[:200]
    variants = {term, term.lower(), term.upper(), term.capitalize(), term.title()}
    conditions = []
    for column in (Registration.name, Registration.email, Registration.organisation):
        conditions.append(func.lower(column).contains(term.lower(), autoescape=True))
        conditions.extend(column.contains(variant, autoescape=True) for variant in variants)
    return or_(*conditions)


def participants_query(event, *, status: str | None = None, search: str | None = None,
                       answers: dict | None = None, sort: str = "date") -> Select:
    """The event's registrations, filtered and sorted, as a SELECT for pages and exports.

    `answers` maps a field key to the wanted answer: a choice key, a country or language
    code, or True/False for a checkbox (False also matches people who never answered).
    Unknown statuses and sorts are the caller's to refuse; here they raise ValueError.
    """
    statement = select(Registration).where(Registration.event_id == event.id)
    if status:
        statement = statement.where(Registration.status == S(status))
    if search and search.strip():
        statement = statement.where(_search(search))
    for key, value in (answers or {}).items():
        statement = statement.where(~_answer_is(key, True) if value is False else _answer_is(key, value))
    if sort not in TABLE_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    descending = sort.startswith("-")
    column = {"date": Registration.created_at, "name": Registration.name,
              "status": case(_STATUS_ORDER, value=Registration.status, else_=9)}[sort.lstrip("-")]
    order = [column.desc() if descending else column.asc()]
    if sort.lstrip("-") == "status":
        order.append(Registration.created_at.asc())
    order.append(Registration.id.desc() if descending else Registration.id.asc())
    return statement.order_by(*order)


BULK_ACTIONS = ("approve", "reject", "promote")


def bulk_change(event, actor, registrations: list[Registration], action: str,
                now: datetime | None = None) -> tuple[list[Registration], list[tuple[Registration, object]]]:
    """Apply approve/reject/promote to each registration on its own; returns (changed, refused).

    Each one runs in a savepoint, so a refusal (a DomainError, whose message is kept
    with the registration) undoes only that row and the others still go through.
    """
    operation = {"approve": approve, "reject": reject, "promote": promote}[action]
    changed, refused = [], []
    for registration in registrations:
        try:
            with db.session.begin_nested():
                operation(registration, event, actor, now=now)
        except DomainError as error:
            refused.append((registration, error.message))
        else:
            changed.append(registration)
    return changed, refused


def registration_history(registration: Registration, event) -> list[dict]:
    """What happened to a registration, oldest first: the organisers' actions from the audit
    log, plus what the row itself records (registered, automatic confirmation, cancellation
    by the participant). Items: {"when", "action", "actor", "details"}."""
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.event_id == event.id, AuditEntry.action.startswith("registration."),
            cast(AuditEntry.details["registration"].as_string(), String) == str(registration.id))
        .order_by(AuditEntry.created_at, AuditEntry.id)).all()
    actions = {entry.action for entry in entries}
    history = [{"when": entry.created_at, "action": entry.action.split(".", 1)[1], "actor": entry.actor,
                "details": entry.details} for entry in entries]
    if "registration.added" not in actions:
        history.append({"when": registration.created_at, "action": "registered", "actor": None, "details": {}})
    if registration.confirmed_at and not actions & {"registration.approved", "registration.promoted", "registration.added"}:
        history.append({"when": registration.confirmed_at, "action": "confirmed", "actor": None, "details": {}})
    if registration.cancelled_at and "registration.cancelled" not in actions:
        history.append({"when": registration.cancelled_at, "action": "cancelled_by_participant", "actor": None,
                        "details": {}})
    return sorted(history, key=lambda item: item["when"])


def invitations_of(event) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.event_id == event.id)
                                   .order_by(Invitation.created_at.desc(), Invitation.id.desc())))


# --- the form builder ---------------------------------------------------------------------------

FIELD_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def field_key_from(label: dict, event) -> str:
    """A key made from the English label (else the default language's), unique in the event."""
    text = label.get("en") or label.get(event.default_language) or next(iter(label.values()), "")
    base = slugify(text, separator="_", max_length=50, word_boundary=True) or "field"
    if not base[0].isalpha():
        base = f"f_{base}"[:50]
    taken = set(db.session.scalars(select(RegistrationField.key).where(RegistrationField.event_id == event.id)))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def save_field(event, actor, data: dict, field: RegistrationField | None = None) -> RegistrationField:
    """Create a field (field=None) or change one. `data`: key, kind, required, label, help, choices.

    A field's key is fixed once created, so answers already given stay attached to it;
    no change here ever touches existing answers. Raises DomainError(field="key") when the
    key is taken.
    """
    if field is None:
        key = data.get("key") or field_key_from(data["label"], event)
        if db.session.scalar(select(RegistrationField.id).where(
                RegistrationField.event_id == event.id, RegistrationField.key == key)) is not None:
            raise DomainError(_l("Another question already uses this key."), field="key")
        last = db.session.scalar(select(func.max(RegistrationField.position)).where(RegistrationField.event_id == event.id))
        field = RegistrationField(event_id=event.id, key=key, position=(last + 1) if last is not None else 0)
        db.session.add(field)
        action = "registration.field_added"
    else:
        action = "registration.field_changed"
    field.kind = data["kind"]
    field.required = bool(data["required"])
    field.label = data["label"]
    field.help = data.get("help") or {}
    field.choices = (data.get("choices") or []) if data["kind"] in CHOICE_KINDS else []
    db.session.flush()
    record_audit(actor, action, event, field=field.key)
    return field


def delete_field(field: RegistrationField, event, actor) -> None:
    """Remove a question from the form; the answers people gave stay in their registrations."""
    key = field.key
    db.session.delete(field)
    db.session.flush()
    record_audit(actor, "registration.field_deleted", event, field=key)


def move_field(field: RegistrationField, event, actor, offset: int) -> bool:
    """Move a question up (-1) or down (+1) the form; False when it is already at that end."""
    fields = fields_of(event)
    index = next(i for i, f in enumerate(fields) if f.id == field.id)
    target = index + offset
    if not 0 <= target < len(fields):
        return False
    fields[index], fields[target] = fields[target], fields[index]
    for position, each in enumerate(fields):
        each.position = position
    db.session.flush()
    record_audit(actor, "registration.field_moved", event, field=field.key, position=str(target + 1))
    return True


# --- check-in, by code --------------------------------------------------------------------------

def find_ticket(event, code: str) -> Registration | None:
    """find_by_code, but an erased registration has no ticket any more."""
    registration = find_by_code(event, code)
    if registration is None or registration.erased_at is not None:
        return None
    return registration
