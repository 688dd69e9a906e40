"""Events: create, edit, clone, team, listings. Callers commit."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select

from app.accounts.services import find_user_by_email
from app.core import dates
from app.core.errors import DomainError
from app.core.i18n import is_valid_timezone
from app.core.models import record_audit
from app.core.pagecache import invalidate as invalidate_public_pages
from app.events.models import Event, EventMember, EventRole, Visibility
from app.extensions import db

EDITABLE_FIELDS = (
    "title", "summary", "description", "venue", "kind", "start_date", "end_date", "timezone", "languages",
    "default_language", "visibility", "capacity", "registration_mode", "registration_opens_at",
    "registration_closes_at",
)


def slug_taken(slug: str, except_event: Event | None = None) -> bool:
    query = select(Event.id).where(Event.slug == slug)
    if except_event is not None:
        query = query.where(Event.id != except_event.id)
    return db.session.scalar(query) is not None


def suggest_slug(title: dict, default_language: str, start: date) -> str:
    base = slugify(title.get("en") or title.get(default_language) or next(iter(title.values()), ""), max_length=60,
                   word_boundary=True) or "event"
    if str(start.year) not in base:
        base = f"{base}-{start.year}"
    slug, n = base, 2
    while slug_taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_dates(data: dict) -> None:
    for name in ("start_date", "end_date", "registration_opens_at", "registration_closes_at"):
        if not dates.in_range(data[name]):
            raise DomainError(_l("Please enter a date between %(earliest)s and %(latest)s.",
                                 earliest=dates.EARLIEST.year, latest=dates.LATEST.year), field=name)


def _check(data: dict) -> None:
    _check_dates(data)
    if data["end_date"] < data["start_date"]:
        raise DomainError(_l("The last day cannot be before the first day."), field="end_date")
    if not is_valid_timezone(data["timezone"]):
        raise DomainError(_l("Choose a time zone from the list, e.g. Asia/Almaty."), field="timezone")
    if data["default_language"] not in data["languages"]:
        raise DomainError(_l("The main language must be one of the languages offered."), field="default_language")
    if not data["title"].get(data["default_language"]):
        raise DomainError(_l("The title in the main language is required."), field="title")


def create_event(actor, data: dict) -> Event:
    """Create an event; its creator becomes its first organiser."""
    _check(data)
    slug = data.get("slug") or suggest_slug(data["title"], data["default_language"], data["start_date"])
    if slug_taken(slug):
        raise DomainError(_l("This web address is already used by another event."), field="slug")
    event = Event(slug=slug, created_by_id=actor.id, **{k: data[k] for k in EDITABLE_FIELDS})
    db.session.add(event)
    db.session.flush()
    db.session.add(EventMember(event_id=event.id, user_id=actor.id, role=EventRole.ORGANISER))
    record_audit(actor, "event.created", event, slug=slug)
    db.session.flush()
    return event


def update_event(event: Event, actor, data: dict) -> Event:
    _check(data)
    slug = data.get("slug") or event.slug
    if slug_taken(slug, except_event=event):
        raise DomainError(_l("This web address is already used by another event."), field="slug")
    invalidate_public_pages(event.slug)  # the public pages show the event's title, dates, visibility
    changed = sorted(k for k in EDITABLE_FIELDS if getattr(event, k) != data[k])
    for key in EDITABLE_FIELDS:
        setattr(event, key, data[key])
    if slug != event.slug:
        changed.append("slug")
        event.slug = slug
        invalidate_public_pages(slug)
    record_audit(actor, "event.updated", event, fields=changed)
    db.session.flush()
    return event


def clone_event(source: Event, actor, *, slug: str, start_date: date) -> Event:
    """Copy an event's settings and content to new dates; the cloner becomes its organiser.

    The copy starts private, so nothing appears publicly before the organiser checks it.
    Dates of the registration window move by the same number of days.
    """
    if slug_taken(slug):
        raise DomainError(_l("This web address is already used by another event."), field="slug")
    if not dates.in_range(start_date):
        raise DomainError(_l("Please enter a date between %(earliest)s and %(latest)s.",
                             earliest=dates.EARLIEST.year, latest=dates.LATEST.year), field="start_date")
    shift = start_date - source.start_date
    data = {k: getattr(source, k) for k in EDITABLE_FIELDS}
    data.update(
        start_date=start_date,
        end_date=source.end_date + shift,
        visibility=Visibility.PRIVATE,
        registration_opens_at=source.registration_opens_at + shift if source.registration_opens_at else None,
        registration_closes_at=source.registration_closes_at + shift if source.registration_closes_at else None,
        languages=list(source.languages),
        **{k: dict(getattr(source, k)) for k in ("title", "summary", "description", "venue")},
    )
    _check_dates(data)
    clone = Event(slug=slug, created_by_id=actor.id, **data)
    db.session.add(clone)
    db.session.flush()
    organisers = {m.user_id for m in source.members if m.role == EventRole.ORGANISER} | {actor.id}
    for user_id in sorted(organisers):
        db.session.add(EventMember(event_id=clone.id, user_id=user_id, role=EventRole.ORGANISER))
    record_audit(actor, "event.cloned", clone, source=source.slug)
    record_audit(actor, "event.cloned_to", source, clone=slug)
    db.session.flush()
    return clone


def add_member(event: Event, actor, email: str, role: EventRole) -> EventMember:
    user = find_user_by_email(email)
    if user is None:
        raise DomainError(_l("No account uses this e-mail address. Ask the person to create an account first."),
                          field="email")
    existing = db.session.scalar(select(EventMember).where(
        EventMember.event_id == event.id, EventMember.user_id == user.id, EventMember.role == role))
    if existing:
        raise DomainError(_l("This person already has this role."), field="email")
    member = EventMember(event_id=event.id, user_id=user.id, role=role)
    db.session.add(member)
    record_audit(actor, "team.added", event, user=user.email, role=role.value)
    db.session.flush()
    return member


def ensure_member(event: Event, user, role: EventRole) -> EventMember:
    """Give `user` the role in the event's team unless they have it already (no audit entry: the
    caller records what made them a member, e.g. an accepted invitation to speak)."""
    member = db.session.scalar(select(EventMember).where(
        EventMember.event_id == event.id, EventMember.user_id == user.id, EventMember.role == role))
    if member is None:
        member = EventMember(event_id=event.id, user_id=user.id, role=role)
        db.session.add(member)
    return member


def remove_member(event: Event, actor, member: EventMember) -> None:
    if member.event_id != event.id:
        raise DomainError(_l("This person is not in the event's team."))
    if member.role == EventRole.ORGANISER:
        organisers = [m for m in event.members if m.role == EventRole.ORGANISER]
        if len(organisers) <= 1:
            raise DomainError(_l("An event needs at least one organiser."))
    record_audit(actor, "team.removed", event, user=member.user.email, role=member.role.value)
    db.session.delete(member)
    db.session.flush()


def public_events(today: date) -> tuple[list[Event], list[Event]]:
    """Public events split into (upcoming and running, soonest first) and (past, latest first)."""
    events = db.session.scalars(select(Event).where(Event.visibility == Visibility.PUBLIC)).all()
    upcoming = sorted((e for e in events if e.end_date >= today), key=lambda e: (e.start_date, e.slug))
    past = sorted((e for e in events if e.end_date < today), key=lambda e: (e.start_date, e.slug), reverse=True)
    return upcoming, past


def events_for_team_member(user) -> list[tuple[Event, list[EventRole]]]:
    """Events where the user has a role (all events for admins), newest first, with the user's roles."""
    if user.is_admin:
        events = db.session.scalars(select(Event)).all()
    else:
        events = db.session.scalars(
            select(Event).where(Event.id.in_(select(EventMember.event_id).where(EventMember.user_id == user.id)))
        ).all()
    memberships = db.session.execute(
        select(EventMember.event_id, EventMember.role).where(EventMember.user_id == user.id)).all()
    roles: dict[int, list[EventRole]] = {}
    for event_id, role in memberships:
        roles.setdefault(event_id, []).append(role)
    return [(e, roles.get(e.id, [])) for e in sorted(events, key=lambda e: e.start_date, reverse=True)]


def registration_state(event: Event, now: datetime) -> str:
    """'not_yet_open', 'open' or 'closed'. Without a closing time, registration closes when the event ends."""
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet_open"
    closes = event.registration_closes_at or dates.local_day_end_utc(event.end_date, event.timezone)
    if now >= closes:
        return "closed"
    return "open"
