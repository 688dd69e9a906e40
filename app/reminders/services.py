"""Reminders: when each one is due, who gets it, and queueing it exactly once per person.

Timing. A reminder's moment is `hour` o'clock, in the event's time zone, on a day counted
from the event (its first day minus `days`, or its last day plus `days`) or from a session
(the day of a limited session; a session's day minus `days` for speakers). The job sends a
reminder from its moment until a day later (LATE_LIMIT) and never after: a reminder switched
on, or a worker started, more than a day after the moment sends nothing late. A session's
morning reminder also stops when the session starts.

Exactly once. For each recipient the job inserts a ReminderDelivery row with
INSERT ... ON CONFLICT DO NOTHING on the unique (reminder, target) and queues the outbox
message in the same transaction only when the row went in. A second worker running the job
at the same moment waits for the first one's row (PostgreSQL's unique index, SQLite's single
writer) and then skips it: the database decides, not a check in Python.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.agenda.models import Person as AgendaPerson
from app.agenda.models import PersonRole, Session, SessionPerson, SessionStatus
from app.core.dates import shift
from app.core.errors import DomainError
from app.core.i18n import localize
from app.core.mail import MailLink, mail_link, queue_mail
from app.core.models import OutboxMessage, record_audit
from app.core.text import isolate, without_controls
from app.db import utcnow
from app.events.models import Event, EventKind
from app.extensions import db
from app.materials.models import Material
from app.messages import optout
from app.messages import services as message_services
from app.registration.models import Registration, RegistrationStatus, SessionRegistration, SessionRegistrationStatus
from app.reminders.models import Reminder, ReminderDelivery, ReminderKind
from app.trainings import feedback
from app.trainings import services as trainings

K = ReminderKind

LATE_LIMIT = timedelta(days=1)
MAX_DAYS = 60
# Built-in timing of a reminder not yet edited: (days, hour).
DEFAULTS = {K.BEFORE_EVENT: (2, 9), K.SESSION_MORNING: (0, 8), K.SPEAKER_MATERIAL: (3, 10),
            K.AFTER_EVENT: (1, 10)}
SESSION_KINDS = (K.SESSION_MORNING, K.SPEAKER_MATERIAL)
# Rows inserted per transaction: short enough that a second worker waits little for the first.
BATCH = 50


# --- the reminders of an event -------------------------------------------------------------

def reminders_of(event) -> dict[ReminderKind, Reminder]:
    """Every kind of reminder for the event: the stored row, or an unsaved one with the built-in timing."""
    stored = {r.kind: r for r in db.session.scalars(select(Reminder).where(Reminder.event_id == event.id))}
    result = {}
    for kind in ReminderKind:
        if kind in stored:
            result[kind] = stored[kind]
        else:
            days, hour = DEFAULTS[kind]
            result[kind] = Reminder(event_id=event.id, kind=kind, enabled=False, days=days, hour=hour,
                                    subject={}, body={})
    return result


def save_reminder(event, actor, kind: ReminderKind, *, enabled: bool, days: int, hour: int,
                  subject: dict, body: dict) -> Reminder:
    """Store the organiser's settings of one reminder; DomainError for values out of range. Flushes."""
    if not 0 <= hour <= 23:
        raise DomainError(_l("Choose an hour from 0 to 23."), field="hour")
    if kind == K.SESSION_MORNING:
        days = 0
    elif not 0 <= days <= MAX_DAYS:
        raise DomainError(_l("Give a number of days from 0 to %(max)d.", max=MAX_DAYS), field="days")
    reminder = reminders_of(event)[kind]
    if reminder.id is None:
        db.session.add(reminder)
    reminder.enabled, reminder.days, reminder.hour = enabled, days, hour
    reminder.subject = {lang: without_controls(text) for lang, text in (subject or {}).items() if text}
    reminder.body = dict(body or {})
    db.session.flush()
    record_audit(actor, "reminder.updated", event, kind=kind.value, open=enabled)
    return reminder


def switch(event, actor, kind: ReminderKind, enabled: bool) -> Reminder:
    reminder = reminders_of(event)[kind]
    return save_reminder(event, actor, kind, enabled=enabled, days=reminder.days, hour=reminder.hour,
                         subject=reminder.subject, body=reminder.body)


# --- timing ----------------------------------------------------------------------------------

def _local_day(moment: datetime, tz_name: str) -> date:
    try:
        return moment.astimezone(ZoneInfo(tz_name)).date()
    except OverflowError:
        return moment.date()


_NEVER = datetime.max.replace(tzinfo=UTC)
_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def _at(day: date, hour: int, tz_name: str) -> datetime:
    try:
        return datetime.combine(day, time(hour), ZoneInfo(tz_name)).astimezone(UTC)
    except OverflowError:  # an event stored at the calendar's edge (app/core/dates.py)
        return _NEVER if day.year > 1 else _LONG_AGO


def moment_of(reminder: Reminder, event, session: Session | None = None) -> datetime:
    """When the reminder is due (UTC): for the event, or for one session of it."""
    tz, days = event.timezone, reminder.days
    if reminder.kind == K.BEFORE_EVENT:
        day = shift(event.start_date, -days)
    elif reminder.kind == K.AFTER_EVENT:
        day = shift(event.end_date, days)
    elif reminder.kind == K.SESSION_MORNING:
        day = _local_day(session.starts_at, tz)
    else:
        day = shift(_local_day(session.starts_at, tz), -days)
    return _at(day, reminder.hour, tz)


def _sends_until(reminder: Reminder, moment: datetime, session: Session | None) -> datetime:
    until = moment + LATE_LIMIT if moment < _NEVER - LATE_LIMIT else _NEVER
    if reminder.kind == K.SESSION_MORNING:
        until = min(until, session.starts_at)
    return until


def _sessions_for(reminder: Reminder, event) -> list[Session]:
    query = select(Session).where(Session.event_id == event.id, Session.status != SessionStatus.CANCELLED)
    if reminder.kind == K.SESSION_MORNING:
        query = query.where(Session.capacity.is_not(None))
    return list(db.session.scalars(query.order_by(Session.starts_at, Session.id)))


def occasions(reminder: Reminder, event) -> list[tuple[Session | None, datetime]]:
    """(session or None, moment) of every time this reminder goes out, in time order."""
    if reminder.kind in SESSION_KINDS:
        return [(session, moment_of(reminder, event, session)) for session in _sessions_for(reminder, event)]
    return [(None, moment_of(reminder, event))]


def due_occasions(reminder: Reminder, event, now: datetime) -> list[Session | None]:
    return [session for session, moment in occasions(reminder, event)
            if moment <= now < _sends_until(reminder, moment, session)]


def next_run(reminder: Reminder, event, now: datetime) -> datetime | None:
    """The next moment this reminder goes out (None: none is left)."""
    return next((moment for _, moment in occasions(reminder, event) if moment >= now), None)


# --- recipients --------------------------------------------------------------------------------

@dataclass
class Recipient:
    """One mail of a reminder: to whom, in which language, about which session. Plain values, read before
    the job's first commit, so a batch's commit does not make every later row load again."""

    target: str
    email: str
    name: str
    language: str
    registration_id: int | None = None
    ticket_code: str | None = None
    session: Session | None = None
    about: str | None = None


def _language(code: str | None, event) -> str:
    return code if code in current_app.config["LANGUAGES"] else event.default_language


def _reachable_registrations():
    """Confirmed, not erased, not unsubscribed from the event's organiser mail (app/messages/optout.py), and
    not of a disabled account (a registration without an account is reachable)."""
    return (select(Registration).outerjoin(User, User.id == Registration.user_id)
            .where(Registration.status == RegistrationStatus.CONFIRMED, Registration.erased_at.is_(None),
                   User.disabled_at.is_(None), ~optout.has_opted_out()))


def _of_registration(registration: Registration, event, session: Session | None = None) -> Recipient:
    target = f"registration:{registration.id}" + (f":session:{session.id}" if session is not None else "")
    return Recipient(target, registration.email, registration.name, _language(registration.language, event),
                     registration.id, registration.ticket_code, session, registration.mail_about)


def recipients(reminder: Reminder, event, session: Session | None = None, limit: int | None = None) -> list[Recipient]:
    """Who gets the reminder (for `session`, with the session kinds), in a stable order; the first `limit`."""
    if reminder.kind in (K.BEFORE_EVENT, K.AFTER_EVENT):
        rows = db.session.scalars(_reachable_registrations().where(Registration.event_id == event.id)
                                  .order_by(Registration.id).limit(limit))
        return [_of_registration(r, event) for r in rows]
    if reminder.kind == K.SESSION_MORNING:
        rows = db.session.scalars(
            _reachable_registrations().join(SessionRegistration, SessionRegistration.registration_id == Registration.id)
            .where(Registration.event_id == event.id, SessionRegistration.session_id == session.id,
                   SessionRegistration.status == SessionRegistrationStatus.CONFIRMED)
            .order_by(Registration.id).limit(limit))
        return [_of_registration(r, event, session) for r in rows]
    return _speakers_without_material(event, session)[:limit]


def _speakers_without_material(event, session: Session) -> list[Recipient]:
    has_material = db.session.scalar(select(func.count(Material.id)).where(Material.session_id == session.id))
    if has_material:
        return []
    rows = db.session.execute(
        select(AgendaPerson, User).join(SessionPerson, SessionPerson.person_id == AgendaPerson.id)
        .outerjoin(User, User.id == AgendaPerson.user_id)
        .where(SessionPerson.session_id == session.id, SessionPerson.role == PersonRole.SPEAKER,
               User.disabled_at.is_(None))
        .order_by(AgendaPerson.id)).all()
    result = []
    for person, user in rows:
        email = (user.email if user is not None else None) or person.email
        if not email:
            continue
        language = _language(user.preferred_language if user is not None else None, event)
        # Erased with the person (app.agenda.builder.delete_person), as registration mail is with a registration.
        result.append(Recipient(f"person:{person.id}:session:{session.id}", email, person.name, language,
                                session=session, about=person.mail_about))
    return result


# --- the mail --------------------------------------------------------------------------------

TEMPLATES = {K.BEFORE_EVENT: "reminder_before_event", K.SESSION_MORNING: "reminder_session_morning",
             K.SPEAKER_MATERIAL: "reminder_speaker_material", K.AFTER_EVENT: "reminder_after_event"}


def _built_in_subject(kind: ReminderKind, event, session: Session | None, lang: str) -> str:
    title = isolate(localize(event.title, event.default_language, lang=lang))
    if kind == K.BEFORE_EVENT:
        return _("Soon: %(event)s", event=title)
    if kind == K.SESSION_MORNING:
        return _("Today: %(session)s", session=isolate(localize(session.title, event.default_language, lang=lang)))
    if kind == K.SPEAKER_MATERIAL:
        return _("Your material for “%(session)s”", session=isolate(localize(session.title, event.default_language,
                                                                              lang=lang)))
    return _("Thank you for taking part in %(event)s", event=title)


@dataclass
class AfterEventFacts:
    """What the mail after the event can point to, looked up once for all its recipients."""

    survey_open: bool
    certificates: dict


def after_event_facts(event) -> AfterEventFacts:
    if event.kind != EventKind.TRAINING:
        return AfterEventFacts(False, {})
    return AfterEventFacts(bool(feedback.surveys_of(event, open_only=True)),
                           {registration_id: c for registration_id, c in trainings.certificates_of(event).items()
                            if c.revoked_at is None})


def _context(reminder: Reminder, event, recipient: Recipient, facts: AfterEventFacts | None) -> dict:
    lang = recipient.language
    session = recipient.session
    context = {"event": event, "name": recipient.name, "session": session,
               "custom_body": (reminder.body or {}).get(lang, ""),
               "event_url": mail_link("events.event_page", slug=event.slug)}
    if recipient.registration_id is not None:
        context["manage_url"] = mail_link("registration.my_registration", slug=event.slug)
    if reminder.kind == K.BEFORE_EVENT:
        context.update(ticket_link=mail_link("registration.ticket", code=recipient.ticket_code),
                       ticket_code=recipient.ticket_code,
                       venue=str(localize(event.venue, event.default_language, lang=lang)),
                       agenda_url=mail_link("my_agenda.my_agenda"))
    elif reminder.kind == K.SESSION_MORNING:
        context["session_url"] = mail_link("agenda.session_page", slug=event.slug, session_id=session.id)
    elif reminder.kind == K.SPEAKER_MATERIAL:
        context["upload_url"] = mail_link("materials.speaker_event", slug=event.slug)
    else:
        facts = facts or after_event_facts(event)
        training = event.kind == EventKind.TRAINING
        context.update(
            training=training,
            feedback_url=mail_link("trainings.my_feedback", slug=event.slug) if facts.survey_open else None,
            certificate_url=(mail_link("trainings.my_certificate", slug=event.slug)
                             if recipient.registration_id in facts.certificates else None),
            materials_url=None if training else mail_link("materials.event_materials", slug=event.slug))
    return context


def _subject(reminder: Reminder, event, recipient: Recipient):
    custom = (reminder.subject or {}).get(recipient.language)
    return lambda: custom or _built_in_subject(reminder.kind, event, recipient.session, recipient.language)


def queue(reminder: Reminder, event, recipient: Recipient, facts: AfterEventFacts | None = None,
          headers: dict | None = None) -> OutboxMessage:
    """Queue one reminder mail, with the organisers' mail headers (a participant's: with the one-click
    unsubscribe link); `headers` is messages.bulk_headers(event), read once for a whole run."""
    headers = message_services.recipient_headers(headers or message_services.bulk_headers(event),
                                                 recipient.registration_id, recipient.language)
    return queue_mail(recipient.email, TEMPLATES[reminder.kind], recipient.language,
                      _subject(reminder, event, recipient), about=recipient.about, headers=headers,
                      **_context(reminder, event, recipient, facts))


@dataclass
class Preview:
    language: str
    subject: str
    body: str


def preview(reminder: Reminder, event, languages: Iterable[str]) -> list[Preview]:
    """The mail as a recipient reads it, in each language: a real recipient's when there is one, else a sample."""
    sample = _sample_recipient(reminder, event)
    if sample is None:
        return []
    facts = after_event_facts(event)
    result = []
    for lang in languages:
        sample.language = lang
        context = {name: value.url(lang) if isinstance(value, MailLink) else value
                   for name, value in _context(reminder, event, sample, facts).items()}
        with force_locale(lang):
            subject = without_controls(str(_subject(reminder, event, sample)()))
            body = render_template(f"mail/{TEMPLATES[reminder.kind]}.txt", locale=lang, **context)
        result.append(Preview(lang, subject, body))
    return result


def _sample_recipient(reminder: Reminder, event) -> Recipient | None:
    session = None
    if reminder.kind in SESSION_KINDS:
        sessions = _sessions_for(reminder, event)
        if not sessions:
            return None
        session = sessions[0]
    found = recipients(reminder, event, session, limit=1)
    if found:
        return found[0]
    if reminder.kind == K.SPEAKER_MATERIAL:
        return Recipient("sample", "speaker@example.org", _("A speaker"), event.default_language, session=session)
    return Recipient("sample", "participant@example.org", _("A participant"), event.default_language,
                     registration_id=0, ticket_code="SAMPLE", session=session)


# --- sending -----------------------------------------------------------------------------------

def _insert_delivery(reminder_id: int, target: str) -> int | None:
    """Insert the delivery row unless it exists; its id, or None when another run has it."""
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return db.session.scalar(
        insert(ReminderDelivery).values(reminder_id=reminder_id, target=target, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["reminder_id", "target"]).returning(ReminderDelivery.id))


def _delivered_targets(reminder: Reminder) -> set[str]:
    return set(db.session.scalars(select(ReminderDelivery.target).where(ReminderDelivery.reminder_id == reminder.id)))


def send_reminder(reminder: Reminder, event, now: datetime) -> int:
    """Queue what is due of one reminder; returns how many mails this run queued. Commits in batches."""
    queued = 0
    pending = 0
    facts = after_event_facts(event) if reminder.kind == K.AFTER_EVENT else None
    headers = None
    for session in due_occasions(reminder, event, now):
        done = _delivered_targets(reminder)  # only spares statements: the insert below decides
        for recipient in recipients(reminder, event, session):
            if recipient.target in done:
                continue
            delivery_id = _insert_delivery(reminder.id, recipient.target)
            if delivery_id is None:
                continue
            headers = headers or message_services.bulk_headers(event)
            message = queue(reminder, event, recipient, facts, headers)
            db.session.execute(update(ReminderDelivery).where(ReminderDelivery.id == delivery_id)
                               .values(outbox_message_id=message.id).execution_options(synchronize_session=False))
            queued += 1
            pending += 1
            if pending >= BATCH:
                db.session.commit()
                pending = 0
    db.session.commit()
    return queued


def send_due(now: datetime | None = None) -> int:
    """Queue every reminder that is due now, in every event; returns how many mails were queued."""
    now = now or utcnow()
    today = now.date()
    # Every moment lies within MAX_DAYS (+ a day's margin for time zones and a session's span) of the event.
    margin = timedelta(days=MAX_DAYS + 2)
    rows = db.session.execute(
        select(Reminder, Event).join(Event, Event.id == Reminder.event_id)
        .where(Reminder.enabled.is_(True), Event.start_date <= today + margin, Event.end_date >= today - margin)
        .order_by(Reminder.id)).all()
    db.session.commit()
    queued = 0
    for reminder, event in rows:
        queued += send_reminder(reminder, event, now)
    return queued


# --- the organisers' overview ------------------------------------------------------------------

@dataclass
class Counts:
    queued: int = 0
    sent: int = 0
    failed: int = 0


def counts(event) -> dict[ReminderKind, Counts]:
    """Mails of each reminder by their outbox state, in one query (erased mail counts nowhere)."""
    result = {kind: Counts() for kind in ReminderKind}
    rows = db.session.execute(
        select(Reminder.kind, OutboxMessage.status, func.count(ReminderDelivery.id))
        .join(ReminderDelivery, ReminderDelivery.reminder_id == Reminder.id)
        .join(OutboxMessage, OutboxMessage.id == ReminderDelivery.outbox_message_id)
        .where(Reminder.event_id == event.id)
        .group_by(Reminder.kind, OutboxMessage.status))
    for kind, status, count in rows:
        entry = result[kind]
        if status == OutboxMessage.SENT:
            entry.sent += count
        elif status == OutboxMessage.FAILED:
            entry.failed += count
        else:
            entry.queued += count
    return result


# --- a participant's record --------------------------------------------------------------------

def received_by(registration) -> list[tuple[ReminderKind, OutboxMessage]]:
    """The reminders put into the outbox for a participant (the event's and their sessions'), newest
    first, with their outbox rows (erased mail is gone from the outbox, and from here)."""
    target = f"registration:{registration.id}"
    return list(db.session.execute(
        select(Reminder.kind, OutboxMessage).join(ReminderDelivery, ReminderDelivery.reminder_id == Reminder.id)
        .join(OutboxMessage, OutboxMessage.id == ReminderDelivery.outbox_message_id)
        .where(Reminder.event_id == registration.event_id,
               (ReminderDelivery.target == target) | ReminderDelivery.target.startswith(target + ":"))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())).all())
