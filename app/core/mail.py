"""Mail through an outbox, delivered by the background worker.

queue_mail() renders a message in the recipient's language and stores it in the same
transaction as the change that caused it; when that transaction commits, a wake-up job
is enqueued (app/core/jobs.py). Requests never talk to SMTP. The worker runs
deliver_due(), on each wake-up and every minute (the sweep: a lost wake-up or a retry
that is due loses nothing, it only waits for the next minute).

Each message is sent once, as far as SMTP allows:
- it has a stable Message-ID, stored on its row, so every attempt carries the same one
  and relays and mail clients can recognise a duplicate;
- a worker claims it (status "sending", attempts + 1) and commits that before talking
  to SMTP, and commits `data_started_at` just before the DATA command;
- a claim whose worker died is recovered by the sweep according to how far it got:
  "never started" (no DATA): retried as soon as the claim is stale, a little after the
  send deadline; "maybe sent" (DATA began, "sent" never committed): the server may
  have the message, so it is resent only after MAIL_RESEND_MAYBE_SENT_AFTER (an hour
  by default), marked `possible_duplicate`, with the same Message-ID.
Every conversation for one message has an overall deadline (MAIL_SEND_DEADLINE), not
just smtplib's per-operation timeout. Any error while building or sending one message
(a refused header, a 4xx, a deadline) counts as an attempt: the message is retried
with a growing back-off and marked failed after MAIL_MAX_ATTEMPTS; the loop goes on. A
permanent refusal (a 5xx reply: no such mailbox) marks it failed at once, with the
server's reason in `last_error`.
Failed mail can be requeued with requeue_failed() (`flask outbox retry`).

The outbox keeps no more than it must:
- a message queued with `secret_body=True` (a password reset, an address confirmation, an
  invitation: a link that works for whoever holds it) has its body blanked once an SMTP
  server accepted it; subject, recipient and state stay. Without MAIL_SERVER (development)
  the outbox is the only mailbox there is, so bodies stay;
- a message queued with `about=` (e.g. "registration:12") is erased with what it is about:
  erase_mail_about() deletes what was never sent and blanks what was.
"""
from __future__ import annotations

import functools
import io
import logging
import smtplib
import ssl
import sys
import threading
import time
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

import segno
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import case, delete, func, insert, or_, update
from sqlalchemy.exc import SQLAlchemyError

from app.core.jobs import crontab, enqueue_after_commit, job, periodic_job
from app.core.models import OutboxMessage
from app.core.smtp import DeadlineSMTP, DeadlineSMTP_SSL
from app.core.text import without_controls
from app.core.urls import external_url, link_with_language
from app.db import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

# Back-off between attempts: 1 min, 2, 4, ... capped at 6 hours.
_MAX_BACKOFF = timedelta(hours=6)
# A live worker gives up on a message at its deadline; a claim older than the deadline
# plus this margin, with no DATA begun, belongs to a worker that stopped.
_STALE_CLAIM_MARGIN = timedelta(seconds=60)


class MailLink:
    """A page of the app to link to from a mail: queue_mail() makes it an absolute URL on the
    configured base URL (app/core/urls.py), in the mail's language."""

    def __init__(self, endpoint: str, **values):
        self.endpoint, self.values = endpoint, values

    def url(self, locale: str | None = None) -> str:
        if locale is None:
            return external_url(self.endpoint, **self.values)
        return link_with_language(self.endpoint, locale, **self.values)


def mail_link(endpoint: str, **values) -> MailLink:
    """The one way to put a link in a mail: `queue_mail(..., link=mail_link("accounts.verify", token=t))`."""
    return MailLink(endpoint, **values)


def _links_resolved(context: dict, locale: str) -> dict:
    resolved = {}
    for name, value in context.items():
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            # A URL built by the caller would take its host from the request (Host header) and lack the language.
            raise ValueError(f"mail {name!r}: pass mail_link(endpoint, ...) instead of a built URL")
        resolved[name] = value.url(locale) if isinstance(value, MailLink) else value
    return resolved


def queue_mail(recipient: str, template: str, locale: str, subject, *, qr_code_for: MailLink | None = None,
               about: str | None = None, secret_body: bool = False, html: bool = False,
               headers: dict | None = None, idempotency_key: str | None = None, **context) -> OutboxMessage:
    """Store a message rendered in `locale`; the worker sends it once the transaction commits.

    `template` names app/templates/mail/<template>.txt; `subject` is a lazy
    string or a callable returning the subject, evaluated in `locale`.
    `qr_code_for` attaches a QR code (PNG) of that text, e.g. a ticket's URL.
    `about` names what the mail concerns, for erase_mail_about(); `secret_body` marks a body
    with a secret link, blanked once delivered.
    Links are given as mail_link(...) values: they become absolute URLs on the configured
    base URL that open the page in `locale`; a ready-made URL is refused (ValueError).
    `qr_code_for` attaches a QR code (PNG) of a link, e.g. the ticket's (without a language:
    the desk that scans it reads it in its own).
    `html` also renders app/templates/mail/<template>.html, sent as the HTML alternative of the text.
    `headers` are extra headers for this message alone (Reply-To, Auto-Submitted, ...): never on
    transactional mail. `idempotency_key`, when given, is unique in the outbox: queueing the same
    key twice fails the transaction (IntegrityError) rather than sending twice.
    """
    message = OutboxMessage(**render_mail(recipient, template, locale, subject, qr_code_for=qr_code_for,
                                          about=about, secret_body=secret_body, html=html, headers=headers,
                                          idempotency_key=idempotency_key, **context))
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(deliver_outbox)
    return message


def render_mail(recipient: str, template: str, locale: str, subject, *, qr_code_for: MailLink | None = None,
                about: str | None = None, secret_body: bool = False, html: bool = False,
                headers: dict | None = None, idempotency_key: str | None = None, **context) -> dict:
    """A message as queue_mail() renders it (same arguments), as the outbox row's values, not
    stored yet: for queue_rendered(), which stores many at once."""
    context = _links_resolved(context, locale)
    if qr_code_for is not None:
        qr_code_for = qr_code_for.url()
    with force_locale(locale):
        # One line whatever the values in it: a header cannot hold a line break (app/core/text.py).
        subject_text = without_controls(str(subject() if callable(subject) else subject))
        body = render_template(f"mail/{template}.txt", locale=locale, **context)
        body_html = render_template(f"mail/{template}.html", locale=locale, **context) if html else None
    attachments = [{"kind": "qr", "data": qr_code_for, "filename": "ticket-qr.png"}] if qr_code_for else []
    return {"recipient": recipient, "subject": subject_text, "body_text": body, "locale": locale,
            "attachments": attachments, "message_id": new_message_id(), "about": about, "secret_body": secret_body,
            "body_html": body_html,
            "headers": {name: without_controls(str(value)) for name, value in (headers or {}).items()} or None,
            "idempotency_key": idempotency_key}


def queue_rendered(messages: list[dict]) -> None:
    """Store messages made by render_mail() in one statement (a change of a thousand registrations
    queues a thousand messages); the worker sends them once the transaction commits."""
    if not messages:
        return
    db.session.execute(insert(OutboxMessage), messages)
    enqueue_after_commit(deliver_outbox)


def new_message_id() -> str:
    """A globally unique Message-ID in the sender's domain."""
    domain = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    return make_msgid(domain=domain or "convene.localhost")


def erase_mail_about(abouts: list[str], recipient: str, redact: tuple[str, ...] = ()) -> None:
    """Erase the mail about any of `abouts`: what was never sent is deleted (it must not reach
    the person any more), what was sent or is being sent keeps only its subject and state (its
    text and HTML parts and attachments, e.g. a ticket's link and QR code, are blanked),
    addressed to `recipient` (an anonymous address) instead. Each text of `redact` (the person's
    name: an organiser's message may have it in its subject) becomes "—" in the kept subjects.
    Flushes; the caller commits."""
    if not abouts:
        return
    db.session.flush()
    db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.about.in_(abouts),
               OutboxMessage.status.in_((OutboxMessage.PENDING, OutboxMessage.FAILED)))
        .execution_options(synchronize_session=False))
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.about.in_(abouts))
        .values(body_text="", body_html=None, attachments=[], recipient=recipient, last_error=None)
        .execution_options(synchronize_session=False))
    for text in {text.strip() for text in redact if len(text.strip()) >= 2}:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.about.in_(abouts), OutboxMessage.subject.contains(text, autoescape=True))
            .values(subject=func.replace(OutboxMessage.subject, text, "—"))
            .execution_options(synchronize_session=False))
    db.session.expire_all()


def requeue_failed(ids: list[int] | None = None) -> int:
    """Give failed messages (all, or those of `ids`) a fresh set of attempts; returns how many.

    Flushes; the caller commits, and the worker is woken when it does.
    """
    statement = (update(OutboxMessage).where(OutboxMessage.status == OutboxMessage.FAILED)
                 .values(status=OutboxMessage.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_at=None,
                         data_started_at=None))
    if ids is not None:
        statement = statement.where(OutboxMessage.id.in_(ids))
    count = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
    if count:
        enqueue_after_commit(deliver_outbox)
    return count


def as_text(message: OutboxMessage) -> str:
    """A message as a person reads it: its headers, its attachments named, then the text body.
    For the development console and `flask outbox show`."""
    lines = [f"From: {current_app.config['MAIL_DEFAULT_SENDER']}", f"To: {message.recipient}",
             f"Subject: {message.subject}", f"Language: {message.locale}", f"Message-ID: {message.message_id}"]
    for attachment in message.attachments or []:
        what = f"QR code of {attachment.get('data')}" if attachment.get("kind") == "qr" else attachment.get("kind")
        lines.append(f"Attachment: {attachment.get('filename')} ({what})")
    return "\n".join(lines) + "\n\n" + message.body_text.rstrip("\n")


# --- the worker's side ------------------------------------------------------------------

class _Passes:
    """A worker process's delivery passes for one app: one at a time. A burst of registrations
    wakes the worker once per commit; a wake-up that comes during a pass only asks for one more
    pass after it (which sees everything committed before the wake-up), instead of a pass of its
    own that would go over the same messages and race the running one for their claims."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = False
        self.again = False


def _passes() -> _Passes:
    with _PASSES_LOCK:
        return current_app.extensions.setdefault("convene.mail_passes", _Passes())


_PASSES_LOCK = threading.Lock()


@job(retries=3, retry_delay=2, retry_backoff=2)
def deliver_outbox() -> None:
    """The wake-up after a commit that queued mail. Retried after an error (a database
    restart, say) 2, 4 and 8 s later; the sweep comes every minute anyway."""
    passes = _passes()
    with passes.lock:
        if passes.running:
            passes.again = True  # the running pass goes round once more
            return
        passes.running = True
    try:
        while True:
            deliver_due()
            with passes.lock:
                if not passes.again:
                    passes.running = False
                    return
                passes.again = False
    except BaseException:
        with passes.lock:
            passes.running = passes.again = False  # the retry (or the sweep) delivers what is left
        raise


@periodic_job(crontab(minute="*"))
def sweep_outbox() -> None:
    """Every minute: retries that came due, stale claims, mail whose wake-up was lost."""
    deliver_due()


# Python 3.11 drops the space between words where it folds a long non-ASCII header
# (CPython gh-144156); lines of up to 998 characters (RFC 5322) leave real subjects unfolded.
_POLICY = policy.default.clone(max_line_length=998)


def qr_png(text: str) -> bytes:
    """The QR code of `text` (error correction M) as a PNG, 8 pixels a module, drawn by segno."""
    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=2)
    return png.getvalue()


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage(policy=_POLICY)
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for attachment in message.attachments or []:
        if attachment.get("kind") == "qr":
            email.add_attachment(qr_png(attachment["data"]), maintype="image", subtype="png",
                                 filename=attachment["filename"])
    # Last: set_content and add_attachment move Content-* headers into the body parts.
    email["Content-Language"] = message.locale
    return email


def _open_smtp():
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        return DeadlineSMTP_SSL(host, port, timeout, ssl.create_default_context())
    return DeadlineSMTP(host, port, timeout)


def _connect(smtp) -> None:
    config = current_app.config
    smtp.connect(config["MAIL_SERVER"], config["MAIL_PORT"])
    if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
        smtp.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])


class _ClaimLost(Exception):
    """Another worker took the message over (this one was presumed dead): do not send."""


def _recover_stale_claims(now) -> None:
    config = current_app.config
    gave_up = case((OutboxMessage.attempts >= config["MAIL_MAX_ATTEMPTS"], OutboxMessage.FAILED),
                   else_=OutboxMessage.PENDING)
    # Never started: the worker stopped before DATA, so the server cannot have the message.
    never_started_before = now - timedelta(seconds=config["MAIL_SEND_DEADLINE"]) - _STALE_CLAIM_MARGIN
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.SENDING, OutboxMessage.data_started_at.is_(None),
               OutboxMessage.claimed_at < never_started_before)
        .values(status=gave_up, next_attempt_at=now, last_error="The worker stopped before sending.")
        .execution_options(synchronize_session=False)
    )
    # Maybe sent: DATA began and "sent" was never committed. Resend late, marked, same Message-ID.
    maybe_sent_before = now - timedelta(seconds=config["MAIL_RESEND_MAYBE_SENT_AFTER"])
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.SENDING, OutboxMessage.data_started_at < maybe_sent_before)
        .values(status=gave_up, next_attempt_at=now, possible_duplicate=True,
                last_error="The worker stopped during DATA: the server may have the message; resent.")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _claim(message_id: int, now):
    """Take a due message for this worker; returns the claim's time (its token), or None."""
    claimed_at = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxMessage.PENDING,
               or_(OutboxMessage.next_attempt_at <= now, OutboxMessage.next_attempt_at.is_(None)))
        .values(status=OutboxMessage.SENDING, claimed_at=claimed_at, data_started_at=None,
                attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed_at if result.rowcount == 1 else None


def _mark_data_started(message_id: int, claimed_at) -> None:
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxMessage.SENDING,
               OutboxMessage.claimed_at == claimed_at)
        .values(data_started_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        raise _ClaimLost(message_id)


def permanent_refusal(error: BaseException) -> str | None:
    """The server's reason when it refused the message for good (a 5xx reply: no such mailbox, say),
    None for anything that may pass on a later attempt (4xx, a lost connection, a deadline)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        if replies and all(500 <= code < 600 for code, _reply in replies):
            code, reply = replies[0]
            return f"{code} {_decoded(reply)}"
        return None
    if isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600:
        return f"{error.smtp_code} {_decoded(error.smtp_error)}"
    return None


def _decoded(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _record_failure(message: OutboxMessage, error: BaseException) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    refusal = permanent_refusal(error)
    if refusal is not None:
        # Refused for good: trying again would be refused again. The server's words are the reason.
        message.status = OutboxMessage.FAILED
        message.last_error = f"Refused by the mail server: {refusal}"[:2000]
        log.error("Mail %s to %s refused: %s", message.id, message.recipient, refusal)
    elif message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.status = OutboxMessage.FAILED
        log.error("Mail %s to %s failed for good after %s attempts: %s", message.id, message.recipient,
                  message.attempts, message.last_error)
    else:
        message.status = OutboxMessage.PENDING
        message.next_attempt_at = utcnow() + min(timedelta(minutes=2 ** (message.attempts - 1)), _MAX_BACKOFF)
        log.warning("Mail %s to %s not sent (attempt %s): %s", message.id, message.recipient, message.attempts,
                    message.last_error)


def deliver_due(limit: int = 100) -> tuple[int, int]:
    """Send the messages that are due, `limit` at a time; returns (sent, failed attempts).

    Commits after each step, so nothing stays in a transaction while SMTP is slow. A
    database error ends the pass (the caller's job is retried, and the sweep comes
    back); any other error belongs to one message and the loop goes on.
    """
    config = current_app.config
    _recover_stale_claims(utcnow())
    sent = failed = 0
    smtp = None
    try:
        while True:
            now = utcnow()
            due_ids = db.session.scalars(
                db.select(OutboxMessage.id)
                .where(OutboxMessage.status == OutboxMessage.PENDING,
                       or_(OutboxMessage.next_attempt_at <= now, OutboxMessage.next_attempt_at.is_(None)))
                .order_by(OutboxMessage.id)
                .limit(limit)
            ).all()
            db.session.commit()
            unreachable = False
            for message_id in due_ids:
                claimed_at = _claim(message_id, now)
                if claimed_at is None:
                    continue
                message = db.session.get(OutboxMessage, message_id)
                if message is None:
                    continue  # erased meanwhile
                try:
                    email = _build(message)
                    # Read now: after the commit below, reading it would reload the row.
                    forget_body = message.secret_body and bool(config["MAIL_SERVER"])
                    db.session.commit()  # no transaction stays open while SMTP takes its time
                    if not config["MAIL_SERVER"]:
                        # Development: the message as a person reads it (not base64 MIME), links whole.
                        print(f"----- mail {message.id}: printed, not sent (MAIL_SERVER is not set) -----\n"
                              f"{as_text(message)}\n----- end of mail {message.id} -----", file=sys.stderr, flush=True)
                    else:
                        if smtp is not None and smtp.sock is None:
                            smtp = None  # closed after a deadline
                        fresh = smtp is None
                        if fresh:
                            smtp = _open_smtp()
                        smtp.before_data = functools.partial(_mark_data_started, message_id, claimed_at)
                        started = time.monotonic()
                        try:
                            with smtp.deadline(config["MAIL_SEND_DEADLINE"]):
                                if fresh:
                                    _connect(smtp)
                                    fresh = False
                                smtp.send_message(email)
                        except BaseException:
                            if fresh:
                                unreachable = True  # no connection: the rest waits for the next pass
                            smtp.close()  # a failed connection is not reused; the next message reconnects
                            smtp = None
                            raise
                        log.info("Mail %s sent in %.1f s", message_id, time.monotonic() - started)
                except _ClaimLost:
                    db.session.rollback()
                    continue
                except SQLAlchemyError:
                    raise
                except Exception as error:  # noqa: BLE001 - one message's trouble never stops the others
                    failed += 1
                    _record_failure(message, error)
                else:
                    sent += 1
                    message.status = OutboxMessage.SENT
                    message.sent_at = utcnow()
                    message.last_error = None
                    if forget_body:
                        message.body_text = ""
                db.session.commit()
                if unreachable:
                    break
            if unreachable or len(due_ids) < limit:
                break
    finally:
        if smtp is not None:
            try:
                with smtp.deadline(config["MAIL_TIMEOUT"]):
                    smtp.quit()
            except Exception:  # noqa: BLE001 - the messages are sent; a rude goodbye changes nothing
                smtp.close()
    return sent, failed
