"""Sending organiser messages: compose, send now or later, cancel, and the record of what was sent.

Sending freezes the recipients in one transaction (one row each, unique per message, and the
compose form's one-time key unique per message: a double click or a re-post makes nothing twice).
A job then puts them into the outbox in batches of BATCH_SIZE, each batch one short transaction
that queues its batch and asks for the next, so neither the request nor a worker is held by
a large send; each outbox message carries a unique idempotency key, so a batch run twice
queues nothing twice. The workers deliver from the outbox as they deliver every mail.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.utils import parseaddr

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.core.jobs import crontab, enqueue, enqueue_after_commit, job, periodic_job
from app.core.mail import queue_rendered_by_key, render_mail
from app.core.models import OutboxMessage, record_audit
from app.db import utcnow
from app.events.models import Event
from app.extensions import db
from app.materials.speakers import speakers_without_material
from app.messages import optout, rendering
from app.messages.models import EventMessage, MessageRecipient, MessageSettings, MessageStatus, RecipientState
from app.messages.recipients import Candidate, RecipientFilter, choose
from app.registration.models import Registration, RegistrationStatus
from app.registration.places import places_of_registrations

BATCH_SIZE = 200
STALLED_AFTER = timedelta(minutes=2)

log = logging.getLogger(__name__)


# --- settings -----------------------------------------------------------------------------

def settings_of(event) -> MessageSettings:
    return db.session.get(MessageSettings, event.id) or MessageSettings(event_id=event.id, reply_to="")


def _stored_settings(event) -> MessageSettings:
    settings = db.session.get(MessageSettings, event.id)
    if settings is None:
        settings = MessageSettings(event_id=event.id, reply_to="")
        db.session.add(settings)
    return settings


def save_reply_to(event, actor, address: str) -> None:
    address = (address or "").strip()
    if address and ("@" not in parseaddr(address)[1] or len(address) > 320):
        raise DomainError(_l("Please enter a valid e-mail address."), field="reply_to")
    _stored_settings(event).reply_to = address
    record_audit(actor, "messages.reply_to", event, reply_to=address)
    db.session.flush()


def daily_limit(event) -> int:
    """How many recipients the event's messages may reach in 24 hours (the site administrator's)."""
    limit = settings_of(event).daily_limit
    return limit if limit is not None else current_app.config["MESSAGES_DAILY_LIMIT"]


def save_daily_limit(event, actor, limit: int | None) -> None:
    if limit is not None and not 0 <= limit <= 1_000_000:
        raise DomainError(_l("Please enter a number between 0 and 1,000,000."), field="daily_limit")
    _stored_settings(event).daily_limit = limit
    record_audit(actor, "messages.daily_limit", event, daily_limit=limit)
    db.session.flush()


def recipients_in_24_hours(event, now: datetime) -> int:
    """Recipients of the event's messages sent in the last 24 hours or scheduled from then on."""
    when = func.coalesce(EventMessage.scheduled_for, EventMessage.created_at)
    return db.session.scalar(select(func.coalesce(func.sum(EventMessage.recipient_count), 0)).where(
        EventMessage.event_id == event.id, EventMessage.status != MessageStatus.CANCELLED,
        when > now - timedelta(hours=24))) or 0


# --- sending ------------------------------------------------------------------------------

def check_placeholders(texts: dict) -> None:
    for text in texts.values():
        unknown = rendering.unknown_placeholders(text)
        if unknown:
            raise DomainError(_l("Unknown placeholder {%(name)s}: use one of those listed.", name=unknown[0]))


def send_message(event, actor, *, subject: dict, body: dict, spec: RecipientFilter, form_key: str,
                 scheduled_for: datetime | None = None, now: datetime | None = None) -> EventMessage:
    """Send (or schedule) a message to the people `spec` chooses now; returns it.

    The same `form_key` again returns the first message and changes nothing. Raises DomainError
    for an unknown placeholder, no recipients, a time in the past, or the event's daily limit.
    """
    now = now or utcnow()
    existing = db.session.scalar(select(EventMessage).where(EventMessage.form_key == form_key))
    if existing is not None:
        if existing.event_id != event.id:
            raise DomainError(_l("This form was already used. Please start again."))
        return existing
    check_placeholders(subject)
    check_placeholders(body)
    if not subject.get(event.default_language) or not body.get(event.default_language):
        raise DomainError(_l("Please write the message in the event's main language."))
    if scheduled_for is not None and scheduled_for <= now:
        raise DomainError(_l("Please choose a time in the future."), field="send_at")
    chosen = choose(event, spec)
    people = chosen.people
    if not people:
        if chosen.opted_out:
            raise DomainError(_l("Everyone these filters choose has unsubscribed from this event's messages."))
        raise DomainError(_l("No one matches these filters."))
    limit = daily_limit(event)
    already = recipients_in_24_hours(event, now)
    if already + len(people) > limit:
        raise DomainError(ngettext(
            "This event may message %(num)d recipient in 24 hours; %(used)d are already used.",
            "This event may message %(num)d recipients in 24 hours; %(used)d are already used.",
            limit, used=already))
    message = EventMessage(event_id=event.id, author_id=getattr(actor, "id", None), subject=subject, body=body,
                           recipient_filter=spec.as_dict(), created_at=now, scheduled_for=scheduled_for,
                           status=MessageStatus.SCHEDULED if scheduled_for else MessageStatus.SENDING,
                           recipient_count=len(people), opted_out_count=chosen.opted_out, form_key=form_key)
    try:
        with db.session.begin_nested():
            db.session.add(message)
            db.session.flush()
    except IntegrityError:  # the same form, posted twice at once: the other post made it
        db.session.expunge(message)
        return db.session.scalar(select(EventMessage).where(EventMessage.form_key == form_key))
    db.session.execute(insert(MessageRecipient), [
        {"message_id": message.id, "registration_id": person.registration_id,
         "email": None if person.registration_id else person.email,
         "name": "" if person.registration_id else person.name, "language": person.language,
         "state": RecipientState.PLANNED} for person in people])
    record_audit(actor, "messages.scheduled" if scheduled_for else "messages.sent", event, message=message.id,
                 recipients=len(people), opted_out=chosen.opted_out)
    if message.status == MessageStatus.SENDING:
        enqueue_after_commit(queue_next_batch, message.id)
    return message


def cancel(message: EventMessage, event, actor, now: datetime | None = None) -> int:
    """Stop a scheduled or sending message: nobody else gets it; what was sent stays sent.
    Returns how many recipients it no longer goes to."""
    if message.status not in (MessageStatus.SCHEDULED, MessageStatus.SENDING):
        raise DomainError(_l("Only a scheduled message or one still being sent can be cancelled."))
    now = now or utcnow()
    message.status = MessageStatus.CANCELLED
    message.cancelled_at = now
    db.session.flush()
    not_sent = (select(MessageRecipient.outbox_id).where(MessageRecipient.message_id == message.id,
                                                        MessageRecipient.outbox_id.is_not(None)))
    pending_ids = list(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.id.in_(not_sent), OutboxMessage.status == OutboxMessage.PENDING)))
    stopped = db.session.execute(
        update(MessageRecipient).where(MessageRecipient.message_id == message.id,
                                       (MessageRecipient.state == RecipientState.PLANNED)
                                       | MessageRecipient.outbox_id.in_(pending_ids or [-1]))
        .values(state=RecipientState.CANCELLED, outbox_id=None).execution_options(synchronize_session=False)).rowcount
    if pending_ids:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(pending_ids),
                                                       OutboxMessage.status == OutboxMessage.PENDING)
                           .execution_options(synchronize_session=False))
    record_audit(actor, "messages.cancelled", event, message=message.id, stopped=stopped)
    db.session.flush()
    return stopped


def _people(event, rows: list[MessageRecipient]) -> dict[int, tuple[str, rendering.Person, str | None] | None]:
    """Each recipient's address, what the placeholders need, and what their mail is about (for
    erase_mail_about: their registration, or a speaker's person); None: erased meanwhile. Fixed queries."""
    registration_ids = [row.registration_id for row in rows if row.registration_id]
    registrations = {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.id.in_(registration_ids)))} if registration_ids else {}
    places = places_of_registrations(registration_ids)
    speaker_sessions, speaker_about = {}, {}
    if any(not row.registration_id for row in rows):
        for person, sessions in speakers_without_material(event):
            if person.email:
                speaker_sessions[person.email] = tuple((s.title, s.starts_at) for s in sessions)
                speaker_about[person.email] = person.mail_about
    people = {}
    for row in rows:
        if row.registration_id:
            registration = registrations.get(row.registration_id)
            if registration is None or registration.erased_at is not None:
                people[row.id] = None
                continue
            confirmed = registration.status == RegistrationStatus.CONFIRMED
            sessions = tuple((session.title, session.starts_at) for session, place in places.get(registration.id, [])
                             if place.status.value == "confirmed")
            people[row.id] = (registration.email, rendering.Person(
                registration.name, registration.language, registration.ticket_code if confirmed else None,
                True, sessions), registration.mail_about)
        else:
            people[row.id] = (row.email, rendering.Person(row.name, row.language, None, False,
                                                          speaker_sessions.get(row.email, ())),
                              speaker_about.get(row.email))
    return people


def bulk_headers(event) -> dict:
    """Headers of an organiser's message or reminder (never of transactional mail): a reply goes to the
    organisers when they gave an address; automatic replies stay away; mail programs can offer to
    leave the list (by mail to the organisers; see recipient_headers for a participant's one click)."""
    domain = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2] or "convene.localhost"
    reply_to = settings_of(event).reply_to
    unsubscribe_to = parseaddr(reply_to)[1] or parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    headers = {"Auto-Submitted": "auto-generated", "Precedence": "bulk",
               "List-Id": f"<{event.slug}.messages.{domain}>",
               "List-Unsubscribe": f"<mailto:{unsubscribe_to}?subject=unsubscribe%20{event.slug}>"}
    if reply_to:
        headers["Reply-To"] = reply_to
    return headers


def recipient_headers(headers: dict, registration_id: int | None, locale: str | None = None) -> dict:
    """bulk_headers() for one recipient: a participant's carry the one-click unsubscribe link (RFC 8058)
    before the mailto: one; others (team, speakers) keep the mailto: alone."""
    if registration_id is None:
        return headers
    one_click = optout.unsubscribe_headers(registration_id, locale)
    return {**headers, "List-Unsubscribe": f"{one_click['List-Unsubscribe']}, {headers['List-Unsubscribe']}",
            "List-Unsubscribe-Post": one_click["List-Unsubscribe-Post"]}


def queue_batch(message_id: int, size: int = BATCH_SIZE) -> int:
    """Put the next `size` planned recipients of a sending message into the outbox; returns how many
    are left. Flushes; the caller commits."""
    message = db.session.get(EventMessage, message_id)
    if message is None or message.status != MessageStatus.SENDING:
        return 0
    event = db.session.get(Event, message.event_id)
    rows = list(db.session.scalars(
        select(MessageRecipient).where(MessageRecipient.message_id == message.id,
                                       MessageRecipient.state == RecipientState.PLANNED)
        .order_by(MessageRecipient.id).limit(size).with_for_update(skip_locked=True)))
    people = _people(event, rows)
    opted_out = optout.opted_out_among(row.registration_id for row in rows if row.registration_id)
    headers = bulk_headers(event)
    mails, queued = [], []
    for row in rows:
        found = people[row.id]
        if found is None:
            row.state = RecipientState.SKIPPED
            continue
        if row.registration_id in opted_out:  # unsubscribed since the message was written
            row.state = RecipientState.OPTED_OUT
            continue
        email, person, about = found
        rendered = rendering.render(event, message.subject, message.body, person)
        mails.append(render_mail(email, "organiser_message", rendered.locale, rendered.subject, message=rendered,
                                 html=True, headers=recipient_headers(headers, row.registration_id, rendered.locale),
                                 idempotency_key=row.idempotency_key, about=about))
        queued.append(row)
    # The batch in one INSERT, not one round trip per recipient.
    outbox_ids = queue_rendered_by_key(mails)
    for row in queued:
        row.outbox_id = outbox_ids[row.idempotency_key]
        row.state = RecipientState.QUEUED
    db.session.flush()
    left = db.session.scalar(select(func.count()).select_from(MessageRecipient).where(
        MessageRecipient.message_id == message.id, MessageRecipient.state == RecipientState.PLANNED))
    if not left:
        message.status = MessageStatus.SENT
        message.queued_at = utcnow()
    return left


@job(retries=3, retry_delay=2)
def queue_next_batch(message_id: int) -> None:
    """One batch of a message into the outbox, then the next batch as a job of its own."""
    try:
        left = queue_batch(message_id)
        if left:
            enqueue_after_commit(queue_next_batch, message_id)
        db.session.commit()
    except IntegrityError:
        # Another worker queued the same recipients first (the outbox's idempotency key said no):
        # nothing was queued twice; go on from what is left.
        db.session.rollback()
        log.info("Message %s: a batch was queued by another worker; going on", message_id)
        enqueue(queue_next_batch, message_id)


@periodic_job(crontab(minute="*"))
def release_due_messages() -> None:
    """Every minute: scheduled messages whose time has come start sending; a sending message whose
    next batch was lost (a worker stopped) goes on."""
    now = utcnow()
    due = list(db.session.scalars(select(EventMessage).where(
        EventMessage.status == MessageStatus.SCHEDULED, EventMessage.scheduled_for <= now)))
    for message in due:
        message.status = MessageStatus.SENDING
        enqueue_after_commit(queue_next_batch, message.id)
    # A sending message whose last batch is older than STALLED_AFTER lost its next batch.
    last_queued = (select(func.max(OutboxMessage.created_at))
                   .join(MessageRecipient, MessageRecipient.outbox_id == OutboxMessage.id)
                   .where(MessageRecipient.message_id == EventMessage.id).scalar_subquery())
    stalled = db.session.scalars(select(EventMessage.id).where(
        EventMessage.status == MessageStatus.SENDING, EventMessage.id.not_in([m.id for m in due] or [-1]),
        func.coalesce(last_queued, EventMessage.scheduled_for, EventMessage.created_at) < now - STALLED_AFTER)).all()
    for message_id in stalled:
        enqueue_after_commit(queue_next_batch, message_id)
    db.session.commit()


# --- the record ---------------------------------------------------------------------------

def forget_speaker(person, event) -> None:
    """A speaker deleted from the agenda: the messages' record keeps no address or name of theirs
    (their mail itself is erased by its `about`). Flushes."""
    address = person.email
    if not address:
        return
    event_messages = select(EventMessage.id).where(EventMessage.event_id == event.id)
    db.session.execute(update(MessageRecipient).where(
        MessageRecipient.message_id.in_(event_messages), MessageRecipient.registration_id.is_(None),
        MessageRecipient.email == address).values(email=f"erased-person-{person.id}@invalid", name="—")
        .execution_options(synchronize_session=False))
    db.session.flush()


def messages_of(event) -> list[EventMessage]:
    return list(db.session.scalars(select(EventMessage).where(EventMessage.event_id == event.id)
                                   .order_by(EventMessage.created_at.desc(), EventMessage.id.desc())))


def delivery_state(recipient_state, outbox_status) -> str:
    """One word for a recipient's state: planned, cancelled, skipped, queued, sending, sent, failed, erased."""
    if recipient_state != RecipientState.QUEUED:
        return recipient_state.value
    if outbox_status is None:
        return "erased"
    return {OutboxMessage.PENDING: "queued"}.get(outbox_status, outbox_status)


def delivery_counts(message_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each message, how many recipients are in each delivery_state (one query)."""
    counts: dict[int, dict[str, int]] = {message_id: {} for message_id in message_ids}
    if not message_ids:
        return counts
    rows = db.session.execute(
        select(MessageRecipient.message_id, MessageRecipient.state, OutboxMessage.status, func.count())
        .outerjoin(OutboxMessage, OutboxMessage.id == MessageRecipient.outbox_id)
        .where(MessageRecipient.message_id.in_(message_ids))
        .group_by(MessageRecipient.message_id, MessageRecipient.state, OutboxMessage.status))
    for message_id, state, status, count in rows:
        word = delivery_state(state, status)
        counts[message_id][word] = counts[message_id].get(word, 0) + count
    return counts


def recipient_rows(message: EventMessage, state: str | None = None):
    """A SELECT of (MessageRecipient, registration name, registration e-mail, outbox status, attempts,
    last error, sent at), for the history's paginated table."""
    statement = (select(MessageRecipient, Registration.name, Registration.email, OutboxMessage.status,
                        OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.sent_at)
                 .outerjoin(Registration, Registration.id == MessageRecipient.registration_id)
                 .outerjoin(OutboxMessage, OutboxMessage.id == MessageRecipient.outbox_id)
                 .where(MessageRecipient.message_id == message.id).order_by(MessageRecipient.id))
    if state == "failed":
        statement = statement.where(OutboxMessage.status == OutboxMessage.FAILED)
    return statement


def received_by(registration) -> list[tuple[EventMessage, OutboxMessage]]:
    """The messages put into the outbox for a participant, newest first, with their outbox rows."""
    return list(db.session.execute(
        select(EventMessage, OutboxMessage).join(MessageRecipient, MessageRecipient.message_id == EventMessage.id)
        .join(OutboxMessage, OutboxMessage.id == MessageRecipient.outbox_id)
        .where(MessageRecipient.registration_id == registration.id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())).all())


def preview_candidates(people: list[Candidate], limit: int = 200) -> list[Candidate]:
    return people[:limit]


def person_for_preview(event, candidate: Candidate) -> rendering.Person:
    row = MessageRecipient(id=0, registration_id=candidate.registration_id, email=candidate.email,
                           name=candidate.name, language=candidate.language)
    found = _people(event, [row])[0]
    return found[1] if found else rendering.Person(candidate.name, candidate.language)


def readable_html(outbox: OutboxMessage):
    """The message as the participant's page shows it: the HTML part's content, or the text."""
    html = outbox.body_html or ""
    start, end = html.find("<body>"), html.rfind("</body>")
    if start != -1 and end != -1:
        return Markup(html[start + len("<body>"):end])
    return Markup("<p class=\"pre-wrap\">{}</p>").format(escape(outbox.body_text))
