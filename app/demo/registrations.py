"""The demo's registrations: the forum's participants (2017, checked in), and an upcoming
edition of the training with open registration, a full house and a waiting list."""
from __future__ import annotations

import random
import zlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.accounts import services as accounts
from app.agenda.models import Session
from app.extensions import db
from app.registration.models import (
    FieldKind,
    Registration,
    RegistrationField,
    RegistrationStatus,
    SeatCounter,
    SessionRegistration,
    SessionRegistrationStatus,
    SessionSeatCounter,
)


def load_fields(event, spec: dict) -> None:
    existing = {f.key: f for f in db.session.scalars(select(RegistrationField).where(RegistrationField.event_id == event.id))}
    for position, field_spec in enumerate(spec.get("registration_fields", [])):
        field = existing.get(field_spec["key"]) or RegistrationField(event_id=event.id, key=field_spec["key"])
        field.kind = FieldKind(field_spec["type"])
        field.required = field_spec.get("required", False)
        field.label = field_spec["label"]
        field.help = field_spec.get("help", {})
        field.choices = field_spec.get("choices", [])
        field.listening = field_spec.get("listening", False)
        field.position = position
        db.session.add(field)
    db.session.flush()


def _answers(event, spec: dict, participant: dict, rng: random.Random) -> dict:
    answers = {}
    for field_spec in spec.get("registration_fields", []):
        key, kind = field_spec["key"], field_spec["type"]
        if key == "organisation":
            answers[key] = participant["organisation"].get(participant["language"]) or participant["organisation"]["en"]
        elif kind == "country":
            answers[key] = participant.get("country", "KZ")
        elif kind == "language":  # the language they listen in, else the one they read their mail in
            language = participant.get("listening", participant["language"])
            answers[key] = language if language in event.languages else event.default_language
        elif kind == "single_choice":
            answers[key] = rng.choice(field_spec["choices"])["key"]
        elif kind == "checkbox":
            # "demo_share": the share of participants who tick it (the same ones at every load)
            answers[key] = zlib.crc32(participant["email"].encode()) % 100 < 100 * field_spec.get("demo_share", 1)
        else:
            answers[key] = ""
    return answers


def load_registrations(event, spec: dict, participants: list[dict], *, statuses: list[RegistrationStatus],
                       registered_on: date, checked_in: int = 0, password: str, spread_days: int = 10) -> int:
    """Register the given participants with the given statuses (idempotent: existing rows are kept),
    on days from `registered_on` over `spread_days` days."""
    rng = random.Random(event.slug)
    tz = ZoneInfo(event.timezone)
    for index, (participant, status) in enumerate(zip(participants, statuses)):
        email = participant["email"]
        if db.session.scalar(select(Registration.id).where(Registration.event_id == event.id, Registration.email == email)):
            continue
        user = accounts.find_user_by_email(email) or accounts.create_user(
            email=email, password=password, name=participant["name"],
            organisation=participant["organisation"].get(participant["language"], ""),
            country=participant.get("country", ""), preferred_language=participant["language"], verified=True)
        day = index % 10 if spread_days == 10 else index * spread_days // len(participants)
        at = datetime.combine(registered_on + timedelta(days=day), time(9 + index % 8), tz).astimezone(UTC)
        registration = Registration(
            event_id=event.id, user_id=user.id, email=email, name=participant["name"],
            organisation=participant["organisation"].get(participant["language"], ""), language=participant["language"],
            status=status, answers=_answers(event, spec, participant, rng), created_at=at,
            confirmed_at=at if status == RegistrationStatus.CONFIRMED else None,
            waiting_since=at if status == RegistrationStatus.WAITING else None,
        )
        if status == RegistrationStatus.CONFIRMED and index < checked_in:
            registration.checked_in_at = datetime.combine(event.start_date, time(8, 30), tz).astimezone(UTC) \
                + timedelta(minutes=index)
        db.session.add(registration)
    db.session.flush()
    # The seat counter follows the confirmed registrations.
    confirmed = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)) or 0
    counter = db.session.get(SeatCounter, event.id) or SeatCounter(event_id=event.id)
    counter.taken = confirmed
    db.session.add(counter)
    db.session.flush()
    return confirmed


def load_arrivals(event, arrivals: dict | None) -> None:
    """Check in the first `checked_in` confirmed registrations on the event's first morning, spread
    between `first` and `last` and crowded towards the middle (idempotent: an event with anyone
    checked in is left alone)."""
    if not arrivals or db.session.scalar(select(Registration.id).where(
            Registration.event_id == event.id, Registration.checked_in_at.is_not(None)).limit(1)):
        return
    rng = random.Random(f"{event.slug}-arrivals")
    tz = ZoneInfo(event.timezone)
    first = datetime.combine(event.start_date, arrivals["first"], tz)
    minutes = (datetime.combine(event.start_date, arrivals["last"], tz) - first).total_seconds() / 60
    people = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id).limit(arrivals["checked_in"]))
    for registration in people:
        registration.checked_in_at = (first + timedelta(minutes=rng.triangular(0, minutes))).astimezone(UTC)
    db.session.flush()


def load_session_places(event, wanted: dict[str, int], *, taken_on: date) -> None:
    """Confirmed participants take places in the limited sessions (title prefix -> how many people try);
    those beyond the places wait, in order. Idempotent: a session that has places is left alone."""
    tz = ZoneInfo(event.timezone)
    confirmed = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)))
    for session in db.session.scalars(select(Session).where(Session.event_id == event.id, Session.capacity.is_not(None))):
        count = next((n for prefix, n in wanted.items() if session.title.get("en", "").startswith(prefix)), 0)
        if db.session.scalar(select(SessionRegistration.id).where(SessionRegistration.session_id == session.id)):
            continue
        for index, registration in enumerate(confirmed[:count]):
            at = datetime.combine(taken_on, time(10), tz).astimezone(UTC) + timedelta(hours=index)
            has_place = index < session.capacity
            db.session.add(SessionRegistration(
                session_id=session.id, registration_id=registration.id, created_at=at,
                status=SessionRegistrationStatus.CONFIRMED if has_place else SessionRegistrationStatus.WAITING,
                confirmed_at=at if has_place else None, waiting_since=None if has_place else at))
        counter = db.session.get(SessionSeatCounter, session.id) or SessionSeatCounter(session_id=session.id)
        counter.taken = min(count, session.capacity)
        db.session.add(counter)
    db.session.flush()
