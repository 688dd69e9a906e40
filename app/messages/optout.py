"""Unsubscribing from an event's organiser mail (RFC 8058 one-click, and the registration page).

The organisers' messages and the automatic reminders to a participant carry
`List-Unsubscribe: <https://…/unsubscribe/TOKEN>` and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click`. TOKEN is the registration's id, signed with the app's secret
(itsdangerous, its own salt): whoever holds the mail may unsubscribe that participant from
that event's organiser mail, and nothing else. Transactional mail (tickets, places, password
resets) never carries it and is never held back.

A participant who opted out is left out of the composer's count, of a send (also of one
already scheduled or being sent, at their turn) and of reminders; they may opt back in on
their registration page. Mail to the team and to speakers (addresses, not registrations)
keeps a mailto: List-Unsubscribe to the organisers.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, exists, select

from app.core.mail import mail_link
from app.core.models import record_audit
from app.db import utcnow
from app.extensions import db
from app.messages.models import MessageOptOut
from app.registration.models import Registration

ONE_CLICK_BODY = "One-Click"  # RFC 8058: the body a mail client POSTs is List-Unsubscribe=One-Click


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="convene-unsubscribe")


def token_for(registration_id: int) -> str:
    return _serializer().dumps(registration_id)


def registration_from_token(token: str) -> Registration | None:
    """The registration a token names (None: a token the app did not make, or a registration gone)."""
    try:
        registration_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(registration_id, int):
        return None
    return db.session.get(Registration, registration_id)


def unsubscribe_headers(registration_id: int, locale: str | None = None) -> dict:
    """The RFC 2369 / RFC 8058 headers of one participant's organiser mail (its page opens in `locale`)."""
    url = mail_link("messages_public.unsubscribe", token=token_for(registration_id)).url(locale)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def is_opted_out(registration) -> bool:
    return db.session.get(MessageOptOut, registration.id) is not None


def opted_out_at(registration):
    row = db.session.get(MessageOptOut, registration.id)
    return row.created_at if row else None


def opted_out_among(registration_ids: Iterable[int]) -> set[int]:
    """Which of these registrations opted out (one query)."""
    ids = list(registration_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(MessageOptOut.registration_id)
                                  .where(MessageOptOut.registration_id.in_(ids))))


def has_opted_out():
    """A condition on Registration: true for a registration that opted out (for the recipients' queries)."""
    return exists().where(MessageOptOut.registration_id == Registration.id)


def opt_out(registration, event, actor=None, *, via: str) -> bool:
    """Record that `registration` gets no more organiser mail of `event`; False if it already had. Flushes."""
    if is_opted_out(registration):
        return False
    db.session.add(MessageOptOut(registration_id=registration.id, created_at=utcnow()))
    record_audit(actor, "messages.opted_out", event, registration=registration.id, via=via)
    db.session.flush()
    return True


def opt_in(registration, event, actor=None) -> bool:
    """Undo opt_out(); False if there was nothing to undo. Flushes."""
    removed = db.session.execute(delete(MessageOptOut).where(MessageOptOut.registration_id == registration.id)
                                 .execution_options(synchronize_session="fetch")).rowcount
    if removed:
        record_audit(actor, "messages.opted_in", event, registration=registration.id)
    db.session.flush()
    return bool(removed)
