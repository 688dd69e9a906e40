"""Multilingual session notes: one note per language, every save a revision."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import enum_column, utcnow
from app.extensions import db


class NoteStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Note(db.Model):
    """The note of one session (or of the whole event, when session_id is empty) in one language.

    One note per session is the source (`is_source`); the others translate it and
    record, on each revision, which source revision they translate.
    """

    __tablename__ = "note"
    # `scope` is "session:<id>" or "event": unique with the language on every backend (NULLs are not).
    __table_args__ = (UniqueConstraint("event_id", "scope", "language", name="uq_note_scope_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    is_source: Mapped[bool] = mapped_column(default=False)
    status: Mapped[NoteStatus] = mapped_column(enum_column(NoteStatus), default=NoteStatus.DRAFT)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("note_revision.id", ondelete="SET NULL", use_alter=True, name="fk_note_current_revision_id"))
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("note_revision.id", ondelete="SET NULL", use_alter=True, name="fk_note_published_revision_id"))
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoteRevision(db.Model):
    __tablename__ = "note_revision"
    __table_args__ = (UniqueConstraint("note_id", "number", name="uq_note_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The revision the author started from: saving on top of an older one is a conflict.
    base_revision_id: Mapped[int | None] = mapped_column(ForeignKey("note_revision.id", ondelete="SET NULL"))
    # For translations: the source note's revision this text translates.
    source_revision_id: Mapped[int | None] = mapped_column(ForeignKey("note_revision.id", ondelete="SET NULL"))
    # Kept when a conflicting save lost, so nothing typed is lost.
    is_conflict_copy: Mapped[bool] = mapped_column(default=False)
    restored_from_id: Mapped[int | None] = mapped_column(ForeignKey("note_revision.id", ondelete="SET NULL"))
