"""Mail through an outbox.

queue_mail() renders a message in the recipient's language and stores it in
the same transaction as the change that caused it. deliver_due() sends what is
due over SMTP (or prints it, when no MAIL_SERVER is set); a failure leaves the
message pending with a growing back-off, so nothing is lost while SMTP is down.
It runs after each request that queued mail and from `flask outbox send`
(cron or a loop in production).
"""
from __future__ import annotations

import io
import smtplib
import ssl
import sys
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid

import segno
from flask import current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import or_, true, update

from app.core.models import OutboxMessage
from app.db import utcnow
from app.extensions import db

# Back-off between attempts: 1 min, 2, 4, ... capped at 6 hours.
_MAX_BACKOFF = timedelta(hours=6)


def queue_mail(recipient: str, template: str, locale: str, subject, *, qr_code_for: str | None = None,
               **context) -> OutboxMessage:
    """Store a message rendered in `locale`.

    `template` names app/templates/mail/<template>.txt; `subject` is a lazy
    string or a callable returning the subject, evaluated in `locale`.
    `qr_code_for` attaches a QR code (PNG) of that text, e.g. a ticket's URL.
    """
    with force_locale(locale):
        subject_text = str(subject() if callable(subject) else subject)
        body = render_template(f"mail/{template}.txt", locale=locale, **context)
    attachments = [{"kind": "qr", "data": qr_code_for, "filename": "ticket-qr.png"}] if qr_code_for else []
    message = OutboxMessage(recipient=recipient, subject=subject_text, body_text=body, locale=locale,
                            attachments=attachments)
    db.session.add(message)
    db.session.flush()
    g.setdefault("queued_mail_ids", []).append(message.id)
    return message


# Python 3.11 drops the space between words where it folds a long non-ASCII header
# (CPython gh-144156); lines of up to 998 characters (RFC 5322) leave real subjects unfolded.
_POLICY = policy.default.clone(max_line_length=998)


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage(policy=_POLICY)
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="convene")
    email.set_content(message.body_text)
    for attachment in message.attachments or []:
        if attachment.get("kind") == "qr":
            png = io.BytesIO()
            segno.make(attachment["data"], error="m").save(png, kind="png", scale=8, border=2)
            email.add_attachment(png.getvalue(), maintype="image", subtype="png", filename=attachment["filename"])
    # Last: set_content and add_attachment move Content-* headers into the body parts.
    email["Content-Language"] = message.locale
    return email


def _open_smtp() -> smtplib.SMTP:
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def _claim(message_id: int) -> bool:
    """Mark a message as being sent, unless another worker already has it."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxMessage.PENDING)
        .values(status=OutboxMessage.SENDING, claimed_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_due(limit: int = 100, only_ids: list[int] | None = None) -> tuple[int, int]:
    """Send due messages (or only those of `only_ids`); returns (sent, failed attempts). Commits as it goes."""
    now = utcnow()
    # Messages stuck in "sending" for long (a worker died mid-send) become due again.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxMessage.SENDING, OutboxMessage.claimed_at < now - timedelta(minutes=10))
        .values(status=OutboxMessage.PENDING)
    )
    due_ids = db.session.scalars(
        db.select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxMessage.PENDING,
               or_(OutboxMessage.next_attempt_at <= now, OutboxMessage.next_attempt_at.is_(None)))
        .where(OutboxMessage.id.in_(only_ids) if only_ids is not None else true())
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    smtp = None
    try:
        for message_id in due_ids:
            if not _claim(message_id):
                continue
            message = db.session.get(OutboxMessage, message_id)
            connected = smtp is not None
            try:
                if current_app.config["MAIL_SERVER"]:
                    if smtp is None:
                        smtp = _open_smtp()
                        connected = True
                    smtp.send_message(_build(message))
                else:
                    print(_build(message).as_string(), file=sys.stderr)
            except (OSError, smtplib.SMTPException) as error:
                failed += 1
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                    message.status = OutboxMessage.FAILED
                else:
                    message.status = OutboxMessage.PENDING
                    message.next_attempt_at = utcnow() + min(timedelta(minutes=2 ** (message.attempts - 1)), _MAX_BACKOFF)
                if smtp is not None:
                    smtp.close()  # a failed connection is not reused; the next message reconnects
                smtp = None
                if not connected:
                    # The server is unreachable: the rest waits for the next run.
                    db.session.commit()
                    break
            else:
                sent += 1
                message.attempts += 1
                message.status = OutboxMessage.SENT
                message.sent_at = utcnow()
                message.last_error = None
            db.session.commit()
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return sent, failed
