"""Cross-domain records: the mail outbox and the audit log."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import utcnow
from app.extensions import db


class OutboxMessage(db.Model):
    """A mail message, stored before any attempt to send it, so SMTP trouble loses nothing."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    # Parts generated when sending, e.g. [{"kind": "qr", "data": "<url>", "filename": "ticket.png"}]
    attachments: Mapped[list] = mapped_column(db.JSON, default=list, server_default="[]")
    sent_at: Mapped[datetime | None]
    # The same Message-ID on every attempt, so a relay or a mail client can drop a duplicate.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # When the DATA command began for the current claim: after that the server may have the
    # message, so a dead worker's claim is resent only late and marked (see core/mail.py).
    data_started_at: Mapped[datetime | None]
    possible_duplicate: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What the mail concerns ("registration:12"), so erasing that erases the mail's body too.
    about: Mapped[str | None] = mapped_column(String(60), index=True)
    # The body carries a secret link (password reset, address confirmation, invitation):
    # blanked once the message is delivered, so the outbox does not keep working links.
    secret_body: Mapped[bool] = mapped_column(default=False, server_default=false())
    # An HTML alternative to body_text (multipart/alternative when set), e.g. an organiser's message.
    body_html: Mapped[str | None] = mapped_column(Text)
    # Extra headers of this message only, e.g. Reply-To, Auto-Submitted, List-Unsubscribe on bulk mail.
    headers: Mapped[dict | None] = mapped_column(db.JSON)
    # The caller's name for "this one mail": a second queue_mail with the same key is refused by
    # the database (a double-clicked send, a re-run batch), so nothing is queued twice.
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)


class AuditEntry(db.Model):
    """What an organiser (or admin) did, to whom, and when."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict] = mapped_column(db.JSON, default=dict)

    actor = relationship("User", lazy="joined")


def record_audit(actor, action: str, event=None, **details) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        event_id=getattr(event, "id", None),
        action=action,
        details=details,
    )
    db.session.add(entry)
    return entry


class PageCacheInvalidation(db.Model):
    """An event whose cached public pages could not be forgotten because the shared cache (Redis)
    was unreachable. Written in the same transaction as the change, so the invalidation survives
    the outage and is carried out as soon as the cache answers again (core/pagecache.py)."""

    __tablename__ = "page_cache_invalidation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
