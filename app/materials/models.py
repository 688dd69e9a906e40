"""Speakers and materials: invitations to speak, files and links with versions."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.labels import register_labels
from app.core.storage import register_stored_keys
from app.db import TimestampMixin, Translations, enum_column, utcnow
from app.extensions import db


class MaterialKind(enum.StrEnum):
    FILE = "file"
    LINK = "link"


register_labels(MaterialKind, {MaterialKind.FILE: _l("A file"), MaterialKind.LINK: _l("A link")})


class MaterialVisibility(enum.StrEnum):
    PUBLIC = "public"              # anyone who may see the event
    PARTICIPANTS = "participants"  # confirmed participants, speakers and the team
    ORGANISERS = "organisers"      # the event's organisers only


register_labels(MaterialVisibility, {
    MaterialVisibility.PUBLIC: _l("Public"),
    MaterialVisibility.PARTICIPANTS: _l("Participants only"),
    MaterialVisibility.ORGANISERS: _l("Organisers only"),
}, choices={
    MaterialVisibility.PUBLIC: _l("Everyone who can see the event"),
    MaterialVisibility.PARTICIPANTS: _l("Registered participants, speakers and the event team"),
    MaterialVisibility.ORGANISERS: _l("Organisers only"),
})


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


register_labels(InvitationStatus, {InvitationStatus.PENDING: _l("Waiting for an answer"),
                                   InvitationStatus.ACCEPTED: _l("Accepted"), InvitationStatus.DECLINED: _l("Declined")})


class Material(TimestampMixin, db.Model):
    """A file or link for one session, or for the whole event when session_id is empty."""

    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind))
    title: Mapped[dict] = mapped_column(Translations, default=dict)
    language: Mapped[str] = mapped_column(String(10), default="")  # the language the material is in
    visibility: Mapped[MaterialVisibility] = mapped_column(enum_column(MaterialVisibility),
                                                           default=MaterialVisibility.PUBLIC)
    # Hidden from everyone but the team until its session starts.
    embargo_until_start: Mapped[bool] = mapped_column(default=False)
    url: Mapped[str | None] = mapped_column(String(2000))  # for links
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("material_version.id", ondelete="SET NULL", use_alter=True, name="fk_material_current_version_id"))
    download_count: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    current_version: Mapped[MaterialVersion | None] = relationship(foreign_keys=[current_version_id], post_update=True)


class MaterialVersion(db.Model):
    """One uploaded file of a material; replacing a file adds a version and keeps the old ones."""

    __tablename__ = "material_version"
    __table_args__ = (UniqueConstraint("material_id", "number", name="uq_material_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("material.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    filename: Mapped[str] = mapped_column(String(255))  # normalised, for display and downloads (Cyrillic kept)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SpeakerInvitation(db.Model):
    """An invitation by e-mail to a person of the agenda to speak in one or more sessions."""

    __tablename__ = "speaker_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10))
    session_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[InvitationStatus] = mapped_column(enum_column(InvitationStatus), default=InvitationStatus.PENDING)
    sent_count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


register_stored_keys(MaterialVersion.storage_key)  # storage.sweep() keeps every version's file
