"""The trainings' part of the live on-the-day view (app.registration.hooks.ON_THE_DAY_PARTS):
each module of the day with the participants marked present, counted by the database."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy import func, select

from app.core.i18n import localize
from app.events.models import EventKind
from app.extensions import db
from app.registration.live import clock
from app.registration.models import Registration, RegistrationStatus
from app.trainings import services
from app.trainings.models import Attendance


def present_per_module(event) -> dict[int, int]:
    """{module (session) id: participants marked present}; confirmed, not erased registrations only."""
    rows = db.session.execute(
        select(Attendance.session_id, func.count(Attendance.id))
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(Attendance.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.erased_at.is_(None))
        .group_by(Attendance.session_id))
    return dict(rows.all())


def on_the_day_part(event, day: date, expected: int) -> dict:
    if event.kind != EventKind.TRAINING:
        return {}
    tz = ZoneInfo(event.timezone)
    modules = [m for m in services.modules(event) if m.starts_at.astimezone(tz).date() == day]
    present = present_per_module(event) if modules else {}
    return {"modules": [{
        "id": module.id, "title": str(localize(module.title, event.default_language)),
        "time": f"{clock(module.starts_at, event.timezone)}–{clock(module.ends_at, event.timezone)}",
        "present": present.get(module.id, 0), "expected": expected,
        "url": url_for("trainings.attendance_module", slug=event.slug, session_id=module.id),
    } for module in modules]}
