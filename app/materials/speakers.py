"""Speakers: invitations by e-mail, accepting them (with an existing or a new account), profiles and photos.

An invitation names a person of the agenda and the sessions they are asked to speak in;
the link carries a random token of which only a hash is stored, and works for
SPEAKER_INVITATION_VALID_DAYS after it was last sent (sending it again makes a new link
with a new period; an answered invitation's page only shows the answer). Accepting links the
person to the account (Person.user_id) and adds the account to the event's team as a
speaker; from then on the agenda decides which sessions the speaker may add materials
to (can(..., "speaker.upload"), app.materials.permissions).
"""
from __future__ import annotations

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from app.accounts import services as accounts
from app.agenda import builder
from app.agenda.models import Person, PersonRole, Session, SessionPerson, SessionStatus
from app.core.errors import DomainError
from app.core.i18n import localize
from app.core.mail import mail_link, queue_mail
from app.core.models import record_audit
from app.core.storage import Storage, delete_after_commit, track_new
from app.core.text import isolate
from app.db import utcnow
from app.events import services as events
from app.events.models import Event, EventRole
from app.extensions import db
from app.materials.models import InvitationStatus, Material, SpeakerInvitation
from app.materials.uploads import StagedFile

PHOTO_MAX_PIXELS = 600
_MAX_SOURCE_PIXELS = 60_000_000  # a 60-megapixel photo is plenty; larger ones are refused, not decoded
# What one photo may take in memory once decoded, so an upload stays well under ~100 MB. A JPEG is
# decoded at a reduced scale (draft mode) and fits whatever its size; a PNG is decoded whole:
# this allows 12 megapixels of colour (4000 x 3000) or 48 of a palette or greyscale.
_MAX_DECODED_BYTES = 48 * 1024 * 1024


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the organisers' overview ------------------------------------------------------------

@dataclass
class SpeakerRow:
    person: Person
    sessions: list[Session] = field(default_factory=list)
    invitation: SpeakerInvitation | None = None


def sessions_of_person(person: Person) -> list[Session]:
    return list(db.session.scalars(
        select(Session).where(Session.id.in_(select(SessionPerson.session_id).where(SessionPerson.person_id == person.id)))
        .order_by(Session.starts_at, Session.id)))


def speakers_overview(event) -> list[SpeakerRow]:
    """Every person of the agenda with their sessions and latest invitation (three queries)."""
    people = list(db.session.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.name)))
    rows = {person.id: SpeakerRow(person) for person in people}
    links = db.session.execute(
        select(SessionPerson.person_id, Session).join(Session, Session.id == SessionPerson.session_id)
        .where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)).all()
    for person_id, session in links:
        row = rows.get(person_id)
        if row is not None and session not in row.sessions:
            row.sessions.append(session)
    for invitation in db.session.scalars(select(SpeakerInvitation).where(SpeakerInvitation.event_id == event.id)
                                         .order_by(SpeakerInvitation.id)):
        if invitation.person_id in rows:
            rows[invitation.person_id].invitation = invitation  # the latest wins
    return list(rows.values())


def speakers_without_material(event) -> list[tuple[Person, list[Session]]]:
    """Each speaker with the sessions they speak in that have no material yet (cancelled sessions aside),
    in name order (two queries)."""
    has_material = select(Material.id).where(Material.session_id == Session.id).exists()
    rows = db.session.execute(
        select(Person, Session).join(SessionPerson, SessionPerson.person_id == Person.id)
        .join(Session, Session.id == SessionPerson.session_id)
        .where(Person.event_id == event.id, SessionPerson.role == PersonRole.SPEAKER,
               Session.status != SessionStatus.CANCELLED, ~has_material)
        .order_by(Person.name, Person.id, Session.starts_at, Session.id)).all()
    found: dict[int, tuple[Person, list[Session]]] = {}
    for person, session in rows:
        sessions = found.setdefault(person.id, (person, []))[1]
        if session not in sessions:
            sessions.append(session)
    return list(found.values())


def latest_invitation(person: Person) -> SpeakerInvitation | None:
    return db.session.scalar(select(SpeakerInvitation).where(SpeakerInvitation.person_id == person.id)
                             .order_by(SpeakerInvitation.id.desc()).limit(1))


# --- inviting ----------------------------------------------------------------------------

def _send(invitation: SpeakerInvitation, event, person: Person, token: str) -> None:
    sessions = [s for s in (db.session.get(Session, sid) for sid in invitation.session_ids) if s is not None]
    title = event.title

    def subject():
        return _("Invitation to speak: %(event)s", event=isolate(localize(title, event.default_language)))

    queue_mail(invitation.email, "speaker_invitation", invitation.language, subject,
               event=event, person=person, sessions=sessions,
               link=mail_link("materials.invitation", token=token), expires_at=expires_at(invitation),
               event_url=mail_link("events.event_page", slug=event.slug), secret_body=True)


def invite(event, actor, person: Person, *, email: str, language: str, session_ids: list[int]) -> SpeakerInvitation:
    """Invite `person` by e-mail to speak in some of their sessions (a pending invitation is renewed)."""
    if person.event_id != event.id:
        raise DomainError(_l("This person belongs to another event."))
    email = accounts.normalise_email(email or "")
    if not email or "@" not in email or len(email) > 320:
        raise DomainError(_l("Please enter a valid e-mail address."), field="email")
    own = {s.id for s in sessions_of_person(person)}
    session_ids = [sid for sid in dict.fromkeys(session_ids or [])]
    if not session_ids:
        raise DomainError(_l("Choose at least one session."), field="sessions")
    if not set(session_ids) <= own:
        raise DomainError(_l("Choose sessions in which this person has a role in the agenda."), field="sessions")
    token = secrets.token_urlsafe(32)
    invitation = latest_invitation(person)
    now = utcnow()
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        invitation = SpeakerInvitation(event_id=event.id, person_id=person.id, created_by_id=getattr(actor, "id", None),
                                       sent_count=0, created_at=now)
        db.session.add(invitation)
    invitation.email, invitation.language, invitation.session_ids = email, language, session_ids
    invitation.token_hash = _hash(token)
    invitation.status = InvitationStatus.PENDING
    invitation.sent_count = (invitation.sent_count or 0) + 1
    invitation.last_sent_at = now
    if not person.email:
        person.email = email
    db.session.flush()
    _send(invitation, event, person, token)
    record_audit(actor, "speakers.invited", event, person=person.id, email=email, sessions=session_ids)
    return invitation


def resend(invitation: SpeakerInvitation, event, actor) -> None:
    """Send a pending invitation again, with a new link (the old one stops working)."""
    if invitation.status != InvitationStatus.PENDING:
        raise DomainError(_l("Only pending invitations can be sent again."))
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.sent_count += 1
    invitation.last_sent_at = utcnow()
    db.session.flush()
    _send(invitation, event, db.session.get(Person, invitation.person_id), token)
    record_audit(actor, "speakers.invitation_resent", event, person=invitation.person_id, email=invitation.email)


def expires_at(invitation: SpeakerInvitation) -> datetime:
    """When the invitation's current link stops working (unless it is answered first)."""
    return invitation.last_sent_at + timedelta(days=current_app.config["SPEAKER_INVITATION_VALID_DAYS"])


def is_expired(invitation: SpeakerInvitation, now: datetime | None = None) -> bool:
    """A pending invitation whose link is too old to answer (the organisers can send it again)."""
    return invitation.status == InvitationStatus.PENDING and expires_at(invitation) <= (now or utcnow())


def _refuse_expired(invitation: SpeakerInvitation) -> None:
    if is_expired(invitation):
        raise DomainError(_l("This invitation has expired. Please ask the organisers to send it again."))


def invitation_for_token(token: str) -> SpeakerInvitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(SpeakerInvitation).where(SpeakerInvitation.token_hash == _hash(token)))


# --- answering ---------------------------------------------------------------------------

def accept(invitation: SpeakerInvitation, user) -> Person:
    """Link the invited person to `user`'s account and make them a speaker of the event."""
    if invitation.status == InvitationStatus.DECLINED:
        raise DomainError(_l("This invitation was declined. Please ask the organisers for a new one."))
    _refuse_expired(invitation)
    person = db.session.get(Person, invitation.person_id)
    if person is None:
        raise DomainError(_l("This invitation is no longer valid."))
    if person.user_id is not None and person.user_id != user.id:
        raise DomainError(_l("This speaker profile is already linked to another account."))
    person.user_id = user.id
    events.ensure_member(db.session.get(Event, invitation.event_id), user, EventRole.SPEAKER)
    if invitation.status != InvitationStatus.ACCEPTED:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.responded_at = utcnow()
        record_audit(user, "speakers.accepted", person_event(person), person=person.id)
    db.session.flush()
    return person


def accept_with_new_account(invitation: SpeakerInvitation, *, name: str, password: str, preferred_language: str):
    """Create an account for the invited address (following the link proves it) and accept."""
    _refuse_expired(invitation)  # before the account: an old link proves nothing any more
    user = accounts.create_user(email=invitation.email, password=password, name=name,
                                preferred_language=preferred_language, verified=True)
    accept(invitation, user)
    return user


def decline(invitation: SpeakerInvitation) -> None:
    if invitation.status == InvitationStatus.ACCEPTED:
        raise DomainError(_l("This invitation has already been accepted."))
    _refuse_expired(invitation)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = utcnow()
    db.session.flush()


def person_event(person: Person) -> Event | None:
    return db.session.get(Event, person.event_id)


# --- the speaker's own pages -------------------------------------------------------------

def people_of_user(user) -> list[Person]:
    """The agenda people linked to `user`, one per event."""
    return list(db.session.scalars(select(Person).where(Person.user_id == user.id).order_by(Person.event_id)))


def person_of_user(event, user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(select(Person).where(Person.event_id == event.id, Person.user_id == user.id)
                             .order_by(Person.id).limit(1))


def update_profile(person: Person, actor, data: dict) -> None:
    """Name, job title, organisation, country and biography through the agenda's own rules."""
    builder.update_person(person, actor, {**data, "email": person.email})


def _photo_bytes(path: str) -> tuple[bytes, str]:
    """The photo re-encoded: at most PHOTO_MAX_PIXELS a side, upright, no EXIF/XMP/ICC or other metadata."""
    refused = DomainError(_l("This image could not be read. Please upload a JPEG or PNG photo."), field="photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in ("JPEG", "PNG"):
                    raise refused
                # Image.open has read only the header: the size is known, nothing is decoded yet.
                if image.width * image.height > _MAX_SOURCE_PIXELS:
                    raise DomainError(_l("This image is too large (at most 60 megapixels)."), field="photo")
                if image.format == "JPEG":
                    # Decode at 1/2 to 1/8 of the size, still at least twice what the photo keeps.
                    image.draft("RGB", (PHOTO_MAX_PIXELS * 2, PHOTO_MAX_PIXELS * 2))
                if _decoded_bytes(image) > _MAX_DECODED_BYTES:
                    raise DomainError(_l("This image has too many pixels. Please upload a JPEG, or a smaller "
                                         "PNG (at most 4000 × 3000 pixels)."), field="photo")
                image.load()
                has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
                image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS), Image.Resampling.LANCZOS)
                # Upright once the orientation tag is gone; on the small copy, not the whole photo.
                image = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if has_alpha:
                    clean = Image.new("RGBA", image.size)
                    clean.paste(image.convert("RGBA"))
                    clean.save(out, format="PNG", optimize=True)
                    return out.getvalue(), "png"
                clean = Image.new("RGB", image.size)
                clean.paste(image.convert("RGB"))
                clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
                return out.getvalue(), "jpg"
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise refused from None


def check_photo(path: str) -> None:
    """Raise DomainError unless the file is a photo an upload would accept (app.transfer's import)."""
    _photo_bytes(path)


def _decoded_bytes(image) -> int:
    """Memory the decoded image takes: Pillow keeps one byte a pixel for 1, L and P, four for the rest."""
    return image.width * image.height * (1 if image.mode in ("1", "L", "P") else 4)


PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def photo_file_key(event_id: int, person_id: int, extension: str) -> str:
    """Where a person's photo is stored (unguessable; also used by app.transfer on import)."""
    return f"photos/{event_id}/{person_id}-{secrets.token_hex(12)}.{extension}"


def set_photo(person: Person, actor, staged: StagedFile, storage: Storage) -> None:
    data, extension = _photo_bytes(staged.path)
    key = photo_file_key(person.event_id, person.id, extension)
    old = person.photo_key
    storage.put_bytes(key, data, PHOTO_TYPES[extension])
    track_new(db.session, key, storage)
    person.photo_key = key
    if old:
        delete_after_commit(db.session, old, storage)
    builder.profile_changed(person)
    record_audit(actor, "speakers.photo_changed", person_event(person), person=person.id)
    db.session.flush()


def remove_photo(person: Person, actor, storage: Storage) -> None:
    if person.photo_key:
        delete_after_commit(db.session, person.photo_key, storage)
        person.photo_key = None
        builder.profile_changed(person)
        record_audit(actor, "speakers.photo_removed", person_event(person), person=person.id)
        db.session.flush()


def photo_type(key: str) -> str:
    return PHOTO_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")
