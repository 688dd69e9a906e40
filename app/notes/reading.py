"""What readers get: the published note in their language, or else the original with a notice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.i18n import language_in_text
from app.core.markdown import render_markdown
from app.extensions import db
from app.notes.models import Note, NoteRevision, NoteStatus


@dataclass(frozen=True)
class ReaderNote:
    """The published text a reader gets for one scope: their language, or the original."""

    scope: str
    language: str   # the language of the text
    wanted: str     # the reader's language
    body: str
    revision_number: int
    published_at: datetime
    is_source: bool
    available: tuple[str, ...]  # languages with a published text, in the event's order

    @property
    def is_fallback(self) -> bool:
        return self.language != self.wanted

    @property
    def fallback_notice(self) -> str:
        """"Not yet available in <the reader's language>", in the reader's language."""
        return _l("This text is not yet available in %(language)s. It is shown in the original language "
                  "(%(original)s).", language=language_in_text(self.wanted), original=language_in_text(self.language))

    @property
    def html(self):
        return render_markdown(self.body)


def published_revisions(event, scopes=None) -> dict[str, dict[str, tuple[Note, NoteRevision]]]:
    """{scope: {language: (note, published revision)}} of the event's published notes: one query."""
    statement = (select(Note, NoteRevision).join(NoteRevision, NoteRevision.id == Note.published_revision_id)
                 .where(Note.event_id == event.id, Note.status == NoteStatus.PUBLISHED))
    if scopes is not None:
        statement = statement.where(Note.in_scopes(scopes))
    found: dict[str, dict[str, tuple[Note, NoteRevision]]] = {}
    for note, revision in db.session.execute(statement):
        found.setdefault(note.scope, {})[note.language] = (note, revision)
    return found


def _language_order(event, by_language: dict) -> list[str]:
    ordered = [lang for lang in event.languages if lang in by_language]
    return ordered + sorted(lang for lang in by_language if lang not in ordered)


def pick_for_reader(event, scope: str, by_language: dict, language: str) -> ReaderNote | None:
    """The reader's language; else the original; else the event's main language; else any."""
    if not by_language:
        return None
    source_language = next((lang for lang, (note, _) in by_language.items() if note.is_source), None)
    order = _language_order(event, by_language)
    for candidate in (language, source_language, event.default_language, *order):
        if candidate in by_language:
            note, revision = by_language[candidate]
            return ReaderNote(scope=scope, language=candidate, wanted=language, body=revision.body,
                              revision_number=revision.number, published_at=note.published_at,
                              is_source=note.is_source, available=tuple(order))
    return None


def reader_notes(event, language: str, scopes=None) -> dict[str, ReaderNote]:
    """What a reader of `language` gets for each scope with a published note."""
    return {scope: note for scope, by_language in published_revisions(event, scopes).items()
            if (note := pick_for_reader(event, scope, by_language, language)) is not None}


def reader_note(event, scope: str, language: str) -> ReaderNote | None:
    return reader_notes(event, language, [scope]).get(scope)
