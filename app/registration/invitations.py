"""Invitations to register: personal ones and shareable links.

A personal invitation is mailed to one address; it works once, and only for an account whose
confirmed e-mail address is that one (case does not matter). A shareable link is one the
organiser makes and hands out themselves, with a number of uses and an expiry. Either is a
token: `check()` says whether it lets a given person register (or raises InvitationRefused,
whose message names nothing of the event), `use()` spends one use with a conditional UPDATE,
so simultaneous registrations never use an invitation more often than it allows.

Only hashes of tokens are stored. A shareable link's token is derived from its `link_nonce`
and the SECRET_KEY, so its organiser can copy it again while the database alone reveals nothing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.core.errors import DomainError
from app.core.mail import mail_link, queue_mail
from app.core.models import record_audit
from app.core.urls import external_url
from app.db import utcnow
from app.extensions import db
from app.registration.models import Invitation

MAX_LINK_USES = 10_000
MAX_LINK_DAYS = 365


class InvitationRefused(DomainError):
    """A token that does not let this person register; the message says why, and nothing of the event."""


REFUSALS = {
    "unknown": _l("This invitation link is not valid. Please check that you copied it completely."),
    "used": _l("This invitation has already been used."),
    "used_up": _l("This link has already been used as many times as the organisers allowed."),
    "expired": _l("This invitation has expired."),
    "other_address": _l("This invitation was sent to another e-mail address. Please sign in with the address "
                        "that received it."),
    "unconfirmed": _l("Please confirm your e-mail address first: open the link we sent you."),
}


def _refuse(reason: str) -> InvitationRefused:
    error = InvitationRefused(REFUSALS[reason])
    error.reason = reason
    return error


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(invitation: Invitation) -> str:
    """The token of a shareable link (the same every time it is asked for)."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"convene-invitation-link:{invitation.link_nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_url(invitation: Invitation, event) -> str:
    return external_url("registration.register", slug=event.slug, invitation=link_token(invitation))


# --- organisers -------------------------------------------------------------------------------

def invite(event, actor, emails: list[str], language: str) -> list[str]:
    """Create (or renew) personal invitations and mail their links; returns the addresses invited.

    An address that already used its invitation is skipped. Renewing makes a new link; the old one stops working.
    """
    days = current_app.config["INVITATION_VALID_DAYS"]
    invited = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        token = secrets.token_urlsafe(24)
        invitation = db.session.scalar(select(Invitation).where(Invitation.event_id == event.id, Invitation.email == email))
        if invitation is None:
            invitation = Invitation(event_id=event.id, email=email, language=language, created_by_id=actor.id,
                                    token_hash=_hash(token), expires_at=utcnow() + timedelta(days=days),
                                    max_uses=1, use_count=0)
            db.session.add(invitation)
        elif invitation.used_up:
            continue  # already registered with it
        else:
            invitation.token_hash, invitation.expires_at, invitation.language = _hash(token), utcnow() + timedelta(days=days), language
        db.session.flush()
        queue_mail(email, "registration_invitation", language, _l("You are invited to register"), event=event,
                   link=mail_link("registration.register", slug=event.slug, invitation=token),
                   expires_at=invitation.expires_at, about=f"invitation:{invitation.id}", secret_body=True)
        invited.append(email)
    if invited:
        record_audit(actor, "registration.invited", event, emails=invited)
    return invited


def create_link(event, actor, *, label: str, max_uses: int, valid_days: int, language: str) -> Invitation:
    """A shareable link: whoever signs in with it may register, `max_uses` people in all, for `valid_days`."""
    if not 1 <= max_uses <= MAX_LINK_USES:
        raise DomainError(_l("Allow between %(min)d and %(max)d uses.", min=1, max=MAX_LINK_USES), field="max_uses")
    if not 1 <= valid_days <= MAX_LINK_DAYS:
        raise DomainError(_l("A link can be valid for %(min)d to %(max)d days.", min=1, max=MAX_LINK_DAYS),
                          field="valid_days")
    invitation = Invitation(event_id=event.id, email=None, language=language, created_by_id=actor.id,
                            label=label.strip(), max_uses=max_uses, use_count=0, link_nonce=secrets.token_hex(16),
                            expires_at=utcnow() + timedelta(days=valid_days))
    invitation.token_hash = _hash(link_token(invitation))
    db.session.add(invitation)
    db.session.flush()
    record_audit(actor, "registration.link_created", event, invitation=invitation.id, max_uses=max_uses,
                 valid_days=valid_days)
    return invitation


def revoke_link(invitation: Invitation, event, actor, now: datetime | None = None) -> None:
    """Stop a shareable link at once (registrations made with it stay)."""
    now = now or utcnow()
    if invitation.expires_at > now:
        invitation.expires_at = now
    record_audit(actor, "registration.link_revoked", event, invitation=invitation.id)


def invitations_of(event) -> list[Invitation]:
    """The event's personal invitations, newest first."""
    return list(db.session.scalars(select(Invitation).where(Invitation.event_id == event.id,
                                                          Invitation.email.is_not(None))
                                   .order_by(Invitation.created_at.desc(), Invitation.id.desc())))


def links_of(event) -> list[Invitation]:
    """The event's shareable links, newest first."""
    return list(db.session.scalars(select(Invitation).where(Invitation.event_id == event.id,
                                                          Invitation.email.is_(None))
                                   .order_by(Invitation.created_at.desc(), Invitation.id.desc())))


# --- the invited ------------------------------------------------------------------------------

def check(event, token: str | None, user=None, now: datetime | None = None) -> Invitation:
    """The invitation behind `token` if it lets `user` register for `event`.

    Raises DomainError without a token, and InvitationRefused when the token is unknown, for
    another event, expired, used up, or personal and `user` (when signed in) is not its addressee.
    """
    if not token:
        raise DomainError(_l("This event is by invitation only. Please use the personal link from your invitation."))
    now = now or utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if invitation is None or invitation.event_id != event.id:
        raise _refuse("unknown")
    if invitation.used_up:
        raise _refuse("used_up" if invitation.shareable else "used")
    if invitation.expires_at <= now:
        raise _refuse("expired")
    if not invitation.shareable and user is not None and user.is_authenticated:
        if not user.is_verified:
            raise _refuse("unconfirmed")
        if user.email.strip().lower() != invitation.email.strip().lower():
            raise _refuse("other_address")
    return invitation


def use(invitation: Invitation, now: datetime | None = None) -> None:
    """Spend one use of a checked invitation, atomically: the database decides who gets the last one."""
    now = now or utcnow()
    spent = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.use_count < Invitation.max_uses,
               Invitation.expires_at > now)
        .values(use_count=Invitation.use_count + 1, used_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(invitation)
    if spent != 1:
        raise _refuse("used_up" if invitation.shareable else "used")
