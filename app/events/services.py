"""Events: create, edit, clone, team, listings. Callers commit."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import Select, or_, select

from app.accounts.services import find_user_by_email
from app.core import dates
from app.core.errors import DomainError
from app.core.i18n import is_valid_timezone
from app.core.mail import mail_link, queue_mail
from app.core.models import record_audit
from app.core.pagecache import invalidate as invalidate_public_pages
from app.core.permissions import can, is_admin
from app.events.models import Approval, Event, EventMember, EventRole, Visibility
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


NOT_YET_APPROVED = _l("An event can be public or unlisted only once a site administrator has approved it. "
                      "Keep it private meanwhile.")


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


def _approval_for(actor, needs_approval: bool | None) -> Approval:
    if needs_approval is None:
        needs_approval = not can(actor, "event.skip_approval")
    return Approval.PENDING if needs_approval else Approval.APPROVED


def create_event(actor, data: dict, *, needs_approval: bool | None = None) -> Event:
    """Create an event; its creator becomes its first organiser.

    Unless the creator may skip approval ("event.skip_approval": administrators and event
    creators), the event is created private and awaiting an administrator's approval, whatever
    visibility `data` asks for. `needs_approval` overrides the rule for callers that set up
    content on the operator's behalf (the demo, test worlds).
    """
    _check(data)
    slug = data.get("slug") or suggest_slug(data["title"], data["default_language"], data["start_date"])
    if slug_taken(slug):
        raise DomainError(_l("This web address is already used by another event."), field="slug")
    event = Event(slug=slug, created_by_id=actor.id, **{k: data[k] for k in EDITABLE_FIELDS})
    event.approval = _approval_for(actor, needs_approval)
    if event.approval != Approval.APPROVED:
        event.visibility = Visibility.PRIVATE
    db.session.add(event)
    db.session.flush()
    db.session.add(EventMember(event_id=event.id, user_id=actor.id, role=EventRole.ORGANISER))
    record_audit(actor, "event.created", event, slug=slug)
    if event.approval == Approval.PENDING:
        record_audit(actor, "event.approval_requested", event)
    db.session.flush()
    return event


def update_event(event: Event, actor, data: dict) -> Event:
    _check(data)
    if event.approval != Approval.APPROVED and data["visibility"] != Visibility.PRIVATE:
        raise DomainError(NOT_YET_APPROVED, field="visibility")
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

    The copy starts private, so nothing appears publicly before the organiser checks it; like a
    new event, it awaits an administrator's approval unless the cloner may skip it.
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
    clone = Event(slug=slug, created_by_id=actor.id, approval=_approval_for(actor, None), **data)
    db.session.add(clone)
    db.session.flush()
    organisers = {m.user_id for m in source.members if m.role == EventRole.ORGANISER} | {actor.id}
    for user_id in sorted(organisers):
        db.session.add(EventMember(event_id=clone.id, user_id=user_id, role=EventRole.ORGANISER))
    record_audit(actor, "event.cloned", clone, source=source.slug)
    record_audit(actor, "event.cloned_to", source, clone=slug)
    if clone.approval == Approval.PENDING:
        record_audit(actor, "event.approval_requested", clone)
    db.session.flush()
    return clone


# --- approval by a site administrator ----------------------------------------

def events_for_approval() -> tuple[list[Event], list[Event]]:
    """(events awaiting approval, oldest request first; refused events, latest first)."""
    pending = db.session.scalars(select(Event).where(Event.approval == Approval.PENDING)
                                 .order_by(Event.created_at, Event.id)).all()
    refused = db.session.scalars(select(Event).where(Event.approval == Approval.REFUSED)
                                 .order_by(Event.updated_at.desc(), Event.id.desc())).all()
    return list(pending), list(refused)


def approve_event(event: Event, actor) -> None:
    """Let the event be public or listed; its organisers choose when (its visibility is unchanged)."""
    if event.approval == Approval.APPROVED:
        raise DomainError(_l("This event has already been approved."))
    event.approval, event.approval_reason = Approval.APPROVED, ""
    record_audit(actor, "event.approved", event)
    _tell_organisers(event, "event_approved", _l("Your event has been approved"))
    db.session.flush()


def refuse_event(event: Event, actor, reason: str) -> None:
    """Keep the event private; `reason` is shown to its organisers."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_l("Please say why, so that the organisers know what to change."), field="reason")
    if event.approval == Approval.APPROVED:
        raise DomainError(_l("This event has already been approved."))
    event.approval, event.approval_reason = Approval.REFUSED, reason[:1000]
    event.visibility = Visibility.PRIVATE
    record_audit(actor, "event.approval_refused", event, reason=event.approval_reason)
    _tell_organisers(event, "event_refused", _l("Your event has not been approved"))
    db.session.flush()


def _tell_organisers(event: Event, template: str, subject) -> None:
    link = mail_link("events_manage.dashboard", slug=event.slug)
    for member in event.members:
        if member.role == EventRole.ORGANISER and member.user.is_active:
            queue_mail(member.user.email, template, member.user.preferred_language, subject,
                       user=member.user, event=event, link=link)


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


def listed_events(user) -> Select:
    """The events a list shows `user` (a query, to paginate): public ones, and for a signed-in user
    those whose team they are in too (every event, for admins). Unlisted and private events the
    user may see only by their address (a registration for them) are not listed."""
    query = select(Event)
    if is_admin(user):
        return query
    if user is None or not user.is_authenticated:
        return query.where(Event.visibility == Visibility.PUBLIC)
    return query.where(or_(Event.visibility == Visibility.PUBLIC,
                           Event.id.in_(select(EventMember.event_id).where(EventMember.user_id == user.id))))


def registration_state(event: Event, now: datetime) -> str:
    """'not_yet_open', 'open' or 'closed'. Without a closing time, registration closes when the event ends."""
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet_open"
    closes = event.registration_closes_at or dates.local_day_end_utc(event.end_date, event.timezone)
    if now >= closes:
        return "closed"
    return "open"
