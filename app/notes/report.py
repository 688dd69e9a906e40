"""The consolidated report of an event in one language: what the web page and the PDF show.

Event facts, the published agenda, every published session note (in the reader's
language, or the original with a notice), the event's conclusions, the materials.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.agenda.published import published_agenda
from app.agenda.services import agenda_by_day
from app.db import utcnow
from app.materials.services import public_material_links
from app.notes.reading import ReaderNote, reader_notes
from app.notes.services import EVENT_SCOPE, session_scope


@dataclass(frozen=True)
class ReportEntry:
    anchor: str
    session: object  # PublicSession
    note: ReaderNote


@dataclass
class Report:
    event: object
    language: str
    published: object | None  # PublishedAgenda
    days: list                 # AgendaDay(day, sessions)
    entries: list[ReportEntry]
    conclusions: ReaderNote | None
    materials: list
    generated_at: object

    @property
    def has_notes(self) -> bool:
        return bool(self.entries or self.conclusions)

    @property
    def as_of(self):
        """When the latest of its notes was published (the edition's date), else when it was made."""
        notes = [entry.note for entry in self.entries] + ([self.conclusions] if self.conclusions else [])
        return max((note.published_at for note in notes if note.published_at), default=self.generated_at)

    @property
    def fallback_count(self) -> int:
        notes = [entry.note for entry in self.entries] + ([self.conclusions] if self.conclusions else [])
        return sum(1 for note in notes if note.is_fallback)


def _materials_for_report(event, language: str) -> list:
    """The event's public materials, through the materials domain: dicts with `title` (in the
    reader's language), `url`, `session_title` and `kind`. An empty list prints a line saying
    that no materials are listed."""
    return public_material_links(event, language)


def build_report(event, language: str) -> Report:
    published = published_agenda(event)
    notes = reader_notes(event, language)
    entries = []
    for session in (published.sessions if published else []):
        note = notes.get(session_scope(session.id))
        if note is not None:
            entries.append(ReportEntry(f"session-{session.id}", session, note))
    return Report(
        event=event, language=language, published=published,
        days=agenda_by_day(event, published.sessions) if published else [],
        entries=entries, conclusions=notes.get(EVENT_SCOPE),
        materials=list(_materials_for_report(event, language)), generated_at=utcnow(),
    )
