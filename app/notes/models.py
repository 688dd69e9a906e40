"""Multilingual session notes: one note per language, every save a revision."""
from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, false, or_, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.labels import register_labels
from app.db import enum_column, utcnow
from app.extensions import db

# How pages, the API and the activity log name what a note is about.
EVENT_SCOPE = "event"
_SESSION_SCOPE = re.compile(r"session:(-?[1-9][0-9]{0,17})")


def session_scope(session_id: int) -> str:
    return f"session:{session_id}"


class NoteStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


register_labels(NoteStatus, {NoteStatus.DRAFT: _l("Draft"), NoteStatus.PUBLISHED: _l("Published")})


class Note(db.Model):
    """The note of one session (or of the whole event, when session_id is empty) in one language.

    One note per session is the source (`is_source`); the others translate it and
    record, on each revision, which source revision they translate.
    """

    __tablename__ = "note"
    __table_args__ = (
        UniqueConstraint("event_id", "session_id", "language", name="uq_note_session_language"),
        # A unique constraint lets NULLs repeat: the event's own notes need an index of their own.
        Index("uq_note_event_language", "event_id", "language", unique=True,
              sqlite_where=text("session_id IS NULL"), postgresql_where=text("session_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # The session as published (None: the event's conclusions). Not a foreign key, on purpose: notes
    # follow the publication, so a session deleted from the draft but still published keeps its
    # notes, which a foreign key would delete with it (or forget which session they were about).
    # Exports remap it like a foreign key (app/transfer/rules.py).
    session_id: Mapped[int | None]
    language: Mapped[str] = mapped_column(String(10))
    is_source: Mapped[bool] = mapped_column(default=False)
    status: Mapped[NoteStatus] = mapped_column(enum_column(NoteStatus), default=NoteStatus.DRAFT)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("note_revision.id", ondelete="SET NULL", use_alter=True, name="fk_note_current_revision_id"))
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("note_revision.id", ondelete="SET NULL", use_alter=True, name="fk_note_published_revision_id"))
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def scope(self) -> str:
        """"session:<id>" or "event"."""
        return EVENT_SCOPE if self.session_id is None else session_scope(self.session_id)

    @classmethod
    def in_scopes(cls, scopes: Iterable[str]) -> ColumnElement[bool]:
        """The SQL condition "the note's scope is one of `scopes`"; a string that is no scope matches nothing."""
        scopes = list(scopes)
        session_ids = [int(match[1]) for scope in scopes if (match := _SESSION_SCOPE.fullmatch(scope))]
        return or_(cls.session_id.in_(session_ids), cls.session_id.is_(None) if EVENT_SCOPE in scopes else false())


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
