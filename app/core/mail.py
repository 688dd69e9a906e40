"""Mail through an outbox, delivered by the background worker.

queue_mail() renders a message in the recipient's language and stores it in the same
transaction as the change that caused it; when that transaction commits, a wake-up job
is enqueued (app/core/jobs.py). Requests never talk to SMTP. The worker runs
deliver_due(), on each wake-up and every minute (the sweep: a lost wake-up or a retry
that is due loses nothing, it only waits for the next minute).

Each message is sent once, as far as SMTP allows:
- it has a stable Message-ID, stored on its row, so every attempt carries the same one
  and relays and mail clients can recognise a duplicate;
- a worker claims due messages a batch at a time (CLAIM_BATCH, one UPDATE ... RETURNING:
  status "sending", attempts + 1, the claim's time as its token; on PostgreSQL the rows are
  picked FOR UPDATE SKIP LOCKED, so workers claiming together take different ones) and
  commits that before talking to SMTP; then, for each message, it commits
  `data_started_at` just before the DATA command (only if its claim still holds), in the same
  transaction as the previous message's "sent": one commit per message;
- a live worker gives back (pending, attempt not counted) what it will not try now: the rest
  of a batch when the server cannot be reached, or after _BATCH_TIME, so its claims never
  look stale to another worker;
- a worker killed mid-batch leaves: the messages before the one in hand "sent" (committed
  with the next one's `data_started_at`); the one in hand, if DATA began, "maybe sent" (below;
  so is the one before it if it was killed between that one's reply and the next DATA, its
  "sent" not committed yet); the rest of the batch claimed, never started, recovered as
  "never started" below. None lost, none sent twice except a "maybe sent" one, marked;
- a claim whose worker died is recovered by the sweep according to how far it got:
  "never started" (no DATA): retried as soon as the claim is stale, a little after the
  send deadline; "maybe sent" (DATA began, "sent" never committed): the server may
  have the message, so it is resent only after MAIL_RESEND_MAYBE_SENT_AFTER (an hour
  by default), marked `possible_duplicate`, with the same Message-ID.
Once a full batch is due, MAIL_CONNECTIONS connections (threads of the pass, each claiming
its own batches with its own database session; one on SQLite, which has one writer) send side
by side, so the server's round trips overlap. Every conversation for one message has an
overall deadline (MAIL_SEND_DEADLINE), not just smtplib's per-operation timeout. Any error
while building or sending one message (a refused header, a 4xx, a deadline) counts as an
attempt: the message is retried with a growing back-off and marked failed after
MAIL_MAX_ATTEMPTS; the loop goes on. A permanent refusal (a 5xx reply: no such mailbox) marks it failed at once, with the
server's reason in `last_error`.
Failed mail can be requeued with requeue_failed() (`flask outbox retry`).

The outbox keeps no more than it must:
- a message queued with `secret_body=True` (a password reset, an address confirmation, an
  invitation: a link that works for whoever holds it) has its body blanked once an SMTP
  server accepted it; subject, recipient and state stay. Without MAIL_SERVER (development)
  the outbox is the only mailbox there is, so bodies stay;
- a message queued with `about=` (e.g. "registration:12") is erased with what it is about:
  erase_mail_about() deletes what was never sent (a claim whose DATA has not begun included:
  that worker then sends nothing) and blanks what was.
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
from sqlalchemy import case, delete, func, insert, or_, select, update
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
# How many due messages one claim takes (one UPDATE ... RETURNING).
CLAIM_BATCH = 100
# A batch is worked through for at most this long, then what is left is given back and claimed
# afresh: less than the stale margin, so the last message's deadline still ends before its claim
# could look stale to another worker.
_BATCH_TIME = _STALE_CLAIM_MARGIN / 2


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


def queue_rendered_by_key(messages: list[dict]) -> dict[str, int]:
    """queue_rendered() for messages that each have an idempotency key; returns their ids by key
    (INSERT ... RETURNING, in batches: the rows' order is not asked for, which on SQLite would cost
    one statement per row)."""
    if not messages:
        return {}
    ids = dict(db.session.execute(insert(OutboxMessage).returning(OutboxMessage.idempotency_key, OutboxMessage.id),
                                  messages).all())
    enqueue_after_commit(deliver_outbox)
    return ids


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
    Flushes; the caller commits.

    A message a worker claimed but has not begun to send is deleted too: the worker's commit
    before DATA then finds no row, and it sends nothing."""
    if not abouts:
        return
    db.session.flush()
    db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.about.in_(abouts),
               or_(OutboxMessage.status.in_((OutboxMessage.PENDING, OutboxMessage.FAILED)),
                   (OutboxMessage.status == OutboxMessage.SENDING) & OutboxMessage.data_started_at.is_(None)))
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


# The columns a delivery needs, returned by the claim itself (UPDATE ... RETURNING): no second query.
_CLAIMED = (OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.body_text,
            OutboxMessage.body_html, OutboxMessage.locale, OutboxMessage.headers, OutboxMessage.attachments,
            OutboxMessage.message_id, OutboxMessage.secret_body, OutboxMessage.attempts)


def _due(now):
    return (OutboxMessage.status == OutboxMessage.PENDING,
            or_(OutboxMessage.next_attempt_at <= now, OutboxMessage.next_attempt_at.is_(None)))


def _claim_batch(limit: int) -> tuple[object, list]:
    """Take up to `limit` due messages for this worker in one statement and commit; returns the
    claim's time (the batch's token) and the claimed rows, oldest first.

    On PostgreSQL the due rows are picked FOR UPDATE SKIP LOCKED, so two workers claiming at the
    same moment take different messages instead of queueing on the same rows; the UPDATE's own
    condition (still pending) is what makes a claim exclusive, on SQLite (one writer) too.
    """
    now = utcnow()
    claimed_at = utcnow()
    due = (select(OutboxMessage.id).where(*_due(now)).order_by(OutboxMessage.id).limit(limit)
           .with_for_update(skip_locked=True))
    rows = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due), *_due(now))
        .values(status=OutboxMessage.SENDING, claimed_at=claimed_at, data_started_at=None,
                attempts=OutboxMessage.attempts + 1)
        .returning(*_CLAIMED)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return claimed_at, sorted(rows, key=lambda row: row.id)


def _release(messages: list, claimed_at, commit: bool = True) -> None:
    """Give back claimed messages this worker will not try now (no DATA began): pending again,
    their attempt not counted. Commits, unless told not to."""
    if not messages:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_([message.id for message in messages]),
               OutboxMessage.status == OutboxMessage.SENDING, OutboxMessage.claimed_at == claimed_at,
               OutboxMessage.data_started_at.is_(None))
        .values(status=OutboxMessage.PENDING, claimed_at=None, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )
    if commit:
        db.session.commit()


def _ours(message_id: int, claimed_at):
    """The WHERE of a write that only the claim's holder may make."""
    return (OutboxMessage.id == message_id, OutboxMessage.status == OutboxMessage.SENDING,
            OutboxMessage.claimed_at == claimed_at)


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


def _failure(message, error: BaseException) -> dict:
    """The values that record a failed attempt at `message` (as claimed: `attempts` counts this one)."""
    last_error = f"{type(error).__name__}: {error}"[:2000]
    refusal = permanent_refusal(error)
    if refusal is not None:
        # Refused for good: trying again would be refused again. The server's words are the reason.
        log.error("Mail %s to %s refused: %s", message.id, message.recipient, refusal)
        return {"status": OutboxMessage.FAILED, "last_error": f"Refused by the mail server: {refusal}"[:2000]}
    if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        log.error("Mail %s to %s failed for good after %s attempts: %s", message.id, message.recipient,
                  message.attempts, last_error)
        return {"status": OutboxMessage.FAILED, "last_error": last_error}
    log.warning("Mail %s to %s not sent (attempt %s): %s", message.id, message.recipient, message.attempts,
                last_error)
    return {"status": OutboxMessage.PENDING, "last_error": last_error,
            "next_attempt_at": utcnow() + min(timedelta(minutes=2 ** (message.attempts - 1)), _MAX_BACKOFF)}


class _Unreachable(Exception):
    """No connection to the SMTP server: the rest of the batch waits for a later pass."""


class _Delivery:
    """One pass's SMTP connection, its counts, and the last "sent" not committed yet.

    A message's "sent" is written in the same transaction as the next message's
    `data_started_at` (or its failure, or the pass's end): one commit per message, not three,
    and still a commit before every DATA.
    """

    def __init__(self):
        self.config = current_app.config
        self.smtp = None
        self.sent = self.failed = 0
        self._unrecorded_sent: tuple | None = None  # (message id, claim token, forget the body)

    def _write_sent(self) -> None:
        if self._unrecorded_sent is None:
            return
        message_id, claimed_at, forget_body = self._unrecorded_sent
        values = {"status": OutboxMessage.SENT, "sent_at": utcnow(), "last_error": None}
        if forget_body:
            values["body_text"] = ""
        db.session.execute(update(OutboxMessage).where(*_ours(message_id, claimed_at)).values(**values)
                           .execution_options(synchronize_session=False))

    def record_sent(self) -> None:
        """Commit the last "sent" now (the end of a batch or of the pass)."""
        if self._unrecorded_sent is not None:
            self._write_sent()
            db.session.commit()
            self._unrecorded_sent = None

    def _data_starts(self, message_id: int, claimed_at) -> None:
        """Just before DATA: commit that it begins (and the previous message's "sent")."""
        self._write_sent()
        result = db.session.execute(update(OutboxMessage).where(*_ours(message_id, claimed_at))
                                    .values(data_started_at=utcnow()).execution_options(synchronize_session=False))
        db.session.commit()
        self._unrecorded_sent = None
        if result.rowcount != 1:
            raise _ClaimLost(message_id)

    def _record_failure(self, message, claimed_at, error: BaseException, give_back: list) -> None:
        self.failed += 1
        self._write_sent()
        db.session.execute(update(OutboxMessage).where(*_ours(message.id, claimed_at))
                           .values(**_failure(message, error)).execution_options(synchronize_session=False))
        _release(give_back, claimed_at, commit=False)  # one commit: no moment with the rest claimed in vain
        db.session.commit()
        self._unrecorded_sent = None

    def send(self, message, claimed_at, rest: list) -> None:
        """Send one claimed message and record how it went. When no connection could be made, that
        attempt is recorded, the `rest` of the batch given back, and _Unreachable raised;
        SQLAlchemyError when the database failed."""
        config = self.config
        unreachable = False
        try:
            email = _build(message)
            if not config["MAIL_SERVER"]:
                # Development: the message as a person reads it (not base64 MIME), links whole.
                print(f"----- mail {message.id}: printed, not sent (MAIL_SERVER is not set) -----\n"
                      f"{as_text(message)}\n----- end of mail {message.id} -----", file=sys.stderr, flush=True)
            else:
                if self.smtp is not None and self.smtp.sock is None:
                    self.smtp = None  # closed after a deadline
                fresh = self.smtp is None
                if fresh:
                    self.smtp = _open_smtp()
                self.smtp.before_data = functools.partial(self._data_starts, message.id, claimed_at)
                try:
                    with self.smtp.deadline(config["MAIL_SEND_DEADLINE"]):
                        if fresh:
                            _connect(self.smtp)
                            fresh = False
                        self.smtp.send_message(email)
                except BaseException:
                    unreachable = fresh  # no connection: the rest waits for the next pass
                    self.smtp.close()  # a failed connection is not reused; the next message reconnects
                    self.smtp = None
                    raise
        except _ClaimLost:
            return  # another worker took it over (this one was presumed dead): it is theirs
        except SQLAlchemyError:
            raise
        except Exception as error:  # noqa: BLE001 - one message's trouble never stops the others
            self._record_failure(message, claimed_at, error, rest if unreachable else [])
            if unreachable:
                raise _Unreachable from error
            return
        self.sent += 1
        self.record_sent()  # the previous one's, when no DATA wrote it (development: printed, not sent)
        # Without MAIL_SERVER (development) the outbox is the only mailbox there is: bodies stay.
        self._unrecorded_sent = (message.id, claimed_at, message.secret_body and bool(config["MAIL_SERVER"]))

    def close(self) -> None:
        if self.smtp is not None:
            try:
                with self.smtp.deadline(self.config["MAIL_TIMEOUT"]):
                    self.smtp.quit()
            except Exception:  # noqa: BLE001 - the messages are sent; a rude goodbye changes nothing
                self.smtp.close()
            self.smtp = None


def deliver_due(limit: int = CLAIM_BATCH) -> tuple[int, int]:
    """Send the messages that are due, claimed `limit` at a time; returns (sent, failed attempts).

    Goes on while messages are due. When a full batch is due and its first message went
    through, MAIL_CONNECTIONS - 1 more connections join (threads, each with its own claims and
    its own database session): a server's round trips are waited for side by side. No
    transaction stays open while SMTP takes its time. A database error ends the pass (the
    caller's job is retried, and the sweep comes back); any other error belongs to one message
    and the loop goes on.
    """
    _recover_stale_claims(utcnow())
    config = current_app.config
    app = current_app._get_current_object()
    helpers: list[threading.Thread] = []
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def helper() -> None:
        with app.app_context():  # its own session, removed when it ends
            try:
                results.append(_deliver_batches(limit))
            except BaseException as error:  # noqa: BLE001 - raised again in the pass's thread
                errors.append(error)

    def more_due() -> None:
        if helpers or not config["MAIL_SERVER"] or db.engine.dialect.name == "sqlite":
            return  # SQLite has one writer: connections side by side would queue on its lock
        for number in range(config["MAIL_CONNECTIONS"] - 1):
            helpers.append(threading.Thread(target=helper, name=f"outbox-{number + 1}", daemon=True))
            helpers[-1].start()

    try:
        results.append(_deliver_batches(limit, more_due))
    finally:
        for thread in helpers:
            thread.join()
    if errors:
        raise errors[0]
    return sum(sent for sent, _ in results), sum(failed for _, failed in results)


def _deliver_batches(limit: int, more_due=None) -> tuple[int, int]:
    """One connection's part of a pass: claim a batch, send it, until none is due.
    `more_due` is called once a full batch's first message is sent (more may be waiting)."""
    delivery = _Delivery()
    left: list = []
    claimed_at = None
    try:
        while True:
            claimed_at, batch = _claim_batch(limit)
            left = list(batch)
            started = time.monotonic()
            while left:
                if time.monotonic() - started > _BATCH_TIME.total_seconds():
                    break  # the rest is claimed afresh: a live worker's claim never looks stale
                message = left.pop(0)
                try:
                    delivery.send(message, claimed_at, left)
                except _Unreachable:
                    return delivery.sent, delivery.failed  # the rest was given back
                if more_due is not None and delivery.sent and len(batch) == limit:
                    more_due()
                    more_due = None
            delivery.record_sent()
            _release(left, claimed_at)
            left = []
            if len(batch) < limit:
                return delivery.sent, delivery.failed
    except BaseException:
        # Best effort on the way out (the database may be what failed): what is not done here
        # the sweep recovers as a stale claim.
        try:
            db.session.rollback()
            delivery.record_sent()
            _release(left, claimed_at)
        except Exception:  # noqa: BLE001 - the original error is the one to report
            log.exception("Could not record the end of an interrupted delivery pass")
        raise
    finally:
        delivery.close()
