"""Multilingual notes: revisions, conflicts, translation tracking and publishing.

A note is named by its event, its scope ("event" for the event's conclusions, or
"session:<id>" for a published session) and its language; it stores the scope as
`Note.session_id`. A session deleted from the draft but still published keeps its
notes (the public pages and the report follow the publication, not the draft).

The first note written in a scope is its source (the original); the others are
translations, and each of their revisions records the source revision it
translates. When the source gets a newer revision, its translations are outdated
until a translator saves them against it.

Saving is optimistic: the editor sends the revision it started from, and saving
on top of anything but the latest revision is a conflict. The text is then kept
as a conflict copy (a revision that is not current), so nothing typed is lost,
and the editor shows both texts.

Readers see published revisions only (app/notes/reading.py).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only

from app.accounts.models import User
from app.agenda.models import SessionKind
from app.core.errors import DomainError
from app.core.http import parse_id
from app.core.labels import register_labels
from app.core.models import record_audit
from app.db import utcnow
from app.extensions import db
from app.notes.models import EVENT_SCOPE, Note, NoteRevision, NoteStatus, session_scope

MAX_BODY_LENGTH = 100_000
# Sessions that rarely have anything to report; they appear in the matrix only once they have a note.
QUIET_KINDS = {SessionKind.BREAK, SessionKind.NETWORKING}


# --- scopes --------------------------------------------------------------------------

def scope_session_id(scope: str) -> int | None:
    """The session id a scope names, None for the event scope; ValueError for anything else."""
    if scope == EVENT_SCOPE:
        return None
    prefix, _, number = scope.partition(":")
    session_id = parse_id(number)
    if prefix != "session" or session_id is None or number != str(session_id):
        raise ValueError(scope)
    return session_id


def resolve_scope(scope: str, published):
    """The published session a scope names (None for the event scope); LookupError when it names none."""
    try:
        session_id = scope_session_id(scope)
    except ValueError:
        raise LookupError(scope) from None
    if session_id is None:
        return None
    session = published.by_id.get(session_id) if published else None
    if session is None:
        raise LookupError(scope)
    return session


def note_scopes(event, published, notes: dict | None = None) -> list[tuple[str, object]]:
    """(scope, session or None) of every note an event may have: its published sessions in agenda
    order, then the event's conclusions. Breaks and cancelled sessions only when they have a note."""
    with_notes = {scope for scope, _ in (notes or {})}
    scopes = []
    for session in (published.sessions if published else []):
        scope = session_scope(session.id)
        if (session.kind not in QUIET_KINDS and not session.is_cancelled) or scope in with_notes:
            scopes.append((scope, session))
    scopes.append((EVENT_SCOPE, None))
    return scopes


def _check_language(event, language: str) -> None:
    if language not in event.languages:
        raise DomainError(_l("This event does not offer that language."), field="language")


# --- loading -------------------------------------------------------------------------

def note_for(event, scope: str, language: str, *, for_update: bool = False) -> Note | None:
    statement = select(Note).where(Note.event_id == event.id, Note.in_scopes([scope]), Note.language == language)
    if for_update:
        statement = statement.with_for_update()
    return db.session.scalar(statement)


def source_note(event, scope: str) -> Note | None:
    return db.session.scalar(select(Note).where(Note.event_id == event.id, Note.in_scopes([scope]), Note.is_source))


def event_notes(event) -> dict[tuple[str, str], Note]:
    """Every note of the event by (scope, language): one query."""
    return {(n.scope, n.language): n for n in db.session.scalars(select(Note).where(Note.event_id == event.id))}


def revisions_by_id(ids, *, with_body: bool = True) -> dict[int, NoteRevision]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    statement = select(NoteRevision).where(NoteRevision.id.in_(ids))
    if not with_body:  # the matrix needs the links between revisions, not the texts
        statement = statement.options(load_only(NoteRevision.id, NoteRevision.note_id, NoteRevision.number,
                                                NoteRevision.source_revision_id, NoteRevision.created_at))
    return {r.id: r for r in db.session.scalars(statement)}


def revision_of(note: Note | None, revision_id: int | None) -> NoteRevision | None:
    """The revision `revision_id` if it belongs to `note`, else None (ids of other notes included)."""
    if note is None or not revision_id:
        return None
    revision = db.session.get(NoteRevision, revision_id)
    return revision if revision is not None and revision.note_id == note.id else None


@dataclass(frozen=True)
class RevisionEntry:
    revision: NoteRevision
    author_name: str | None


def revision_history(note: Note) -> list[RevisionEntry]:
    """The note's revisions, newest first, with their authors' names: one query."""
    rows = db.session.execute(
        select(NoteRevision, User.name).outerjoin(User, User.id == NoteRevision.author_id)
        .where(NoteRevision.note_id == note.id).order_by(NoteRevision.number.desc())
    ).all()
    return [RevisionEntry(revision, name) for revision, name in rows]


def author_name(revision: NoteRevision | None) -> str | None:
    if revision is None or revision.author_id is None:
        return None
    return db.session.scalar(select(User.name).where(User.id == revision.author_id))


# --- states --------------------------------------------------------------------------

class CellState(enum.StrEnum):
    MISSING = "missing"
    DRAFT = "draft"
    OUTDATED = "outdated"
    PUBLISHED = "published"


register_labels(CellState, {CellState.MISSING: _l("Missing"), CellState.DRAFT: _l("Draft"),
                            CellState.OUTDATED: _l("Outdated"), CellState.PUBLISHED: _l("Published")})


@dataclass
class Cell:
    """The state of one note (scope x language), as the matrix and the editor show it."""

    scope: str
    language: str
    note: Note | None
    current: NoteRevision | None
    is_source: bool
    outdated: bool

    @property
    def published(self) -> bool:
        return self.note is not None and self.note.status == NoteStatus.PUBLISHED

    @property
    def unpublished_changes(self) -> bool:
        """Published, but the latest revision is newer than the published one."""
        return self.published and self.note.published_revision_id != self.note.current_revision_id

    @property
    def state(self) -> CellState:
        if self.current is None:
            return CellState.MISSING
        if self.outdated:
            return CellState.OUTDATED
        return CellState.PUBLISHED if self.published else CellState.DRAFT


def _cells_of_scope(scope: str, languages, notes: dict, revisions: dict) -> dict[str, Cell]:
    source = next((n for (s, _), n in notes.items() if s == scope and n.is_source), None)
    source_current = source.current_revision_id if source else None
    cells = {}
    for language in languages:
        note = notes.get((scope, language))
        current = revisions.get(note.current_revision_id) if note and note.current_revision_id else None
        is_source = note.is_source if note else source is None
        outdated = bool(current and not is_source and current.source_revision_id != source_current)
        cells[language] = Cell(scope, language, note, current, is_source, outdated)
    return cells


@dataclass
class MatrixRow:
    scope: str
    session: object | None  # a PublicSession, or None for the event's conclusions
    cells: list[Cell]

    @property
    def source_language(self) -> str | None:
        return next((c.language for c in self.cells if c.is_source and c.note is not None), None)


@dataclass
class Matrix:
    languages: list[str]
    rows: list[MatrixRow]
    counts: dict[str, dict[CellState, int]] = field(default_factory=dict)


def translation_matrix(event, published) -> Matrix:
    """Every note scope of the event x every language it offers: a constant number of queries."""
    notes = event_notes(event)
    revisions = revisions_by_id((n.current_revision_id for n in notes.values()), with_body=False)
    languages = list(event.languages)
    rows = []
    counts = {lang: {state: 0 for state in CellState} for lang in languages}
    for scope, session in note_scopes(event, published, notes):
        cells = _cells_of_scope(scope, languages, notes, revisions)
        for lang, cell in cells.items():
            counts[lang][cell.state] += 1
        rows.append(MatrixRow(scope, session, [cells[lang] for lang in languages]))
    return Matrix(languages, rows, counts)


@dataclass
class EditorState:
    scope: str
    language: str
    cell: Cell
    source: Note | None              # the original (None while the scope has no note: this one will be it)
    source_current: NoteRevision | None
    translated: NoteRevision | None  # the source revision the current translation translates
    author_name: str | None          # of the current revision
    published_revision: NoteRevision | None

    @property
    def note(self) -> Note | None:
        return self.cell.note

    @property
    def current(self) -> NoteRevision | None:
        return self.cell.current

    @property
    def is_source(self) -> bool:
        return self.cell.is_source


def editor_state(event, scope: str, language: str) -> EditorState:
    notes = {(n.scope, n.language): n for n in db.session.scalars(
        select(Note).where(Note.event_id == event.id, Note.in_scopes([scope])))}
    note = notes.get((scope, language))
    source = next((n for n in notes.values() if n.is_source), None)
    revisions = revisions_by_id([note.current_revision_id if note else None,
                                 note.published_revision_id if note else None,
                                 source.current_revision_id if source else None])
    cell = _cells_of_scope(scope, [language], notes, revisions)[language]
    translated = None
    if cell.current is not None and not cell.is_source and cell.current.source_revision_id:
        translated = revisions.get(cell.current.source_revision_id) or db.session.get(
            NoteRevision, cell.current.source_revision_id)
    return EditorState(
        scope=scope, language=language, cell=cell, source=None if cell.is_source else source,
        source_current=revisions.get(source.current_revision_id) if source and not cell.is_source else None,
        translated=translated, author_name=author_name(cell.current),
        published_revision=revisions.get(note.published_revision_id) if note and note.published_revision_id else None)


# --- saving --------------------------------------------------------------------------

@dataclass
class SaveResult:
    note: Note
    revision: NoteRevision | None = None       # the new latest revision
    conflict_copy: NoteRevision | None = None  # the text kept when it was based on an old revision
    latest: NoteRevision | None = None         # the latest revision (when nothing new was saved)

    @property
    def conflict(self) -> bool:
        return self.conflict_copy is not None

    @property
    def unchanged(self) -> bool:
        return self.revision is None and self.conflict_copy is None


def normalise_body(body: str | None) -> str:
    lines = (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _check_body(body: str) -> None:
    if not body.strip():
        raise DomainError(_l("Please write the note before saving it."), field="body")
    if len(body) > MAX_BODY_LENGTH:
        raise DomainError(_l("The note is too long (at most %(max)d characters).", max=MAX_BODY_LENGTH), field="body")


def _add_revision(note: Note, body: str, author, *, base_id=None, source_revision_id=None,
                  conflict: bool = False, restored_from_id=None, at: datetime | None = None) -> NoteRevision:
    number = (db.session.scalar(select(func.max(NoteRevision.number)).where(NoteRevision.note_id == note.id)) or 0) + 1
    revision = NoteRevision(
        note_id=note.id, number=number, body=body, author_id=getattr(author, "id", None),
        created_at=at or utcnow(), base_revision_id=base_id, source_revision_id=source_revision_id,
        is_conflict_copy=conflict, restored_from_id=restored_from_id)
    db.session.add(revision)
    db.session.flush()
    if not conflict:
        note.current_revision_id = revision.id
        db.session.flush()
    return revision


def _create_note(event, scope: str, language: str, is_source: bool, at: datetime | None) -> Note | None:
    """A new note, or None when another request created it first (then the caller reloads it)."""
    note = Note(event_id=event.id, session_id=scope_session_id(scope), language=language, is_source=is_source,
                status=NoteStatus.DRAFT, created_at=at or utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(note)
    except IntegrityError:
        return None
    return note


def save_note(event, scope: str, language: str, author, body: str, *, base_revision_id: int | None,
              source_revision_id: int | None = None, at: datetime | None = None) -> SaveResult:
    """Save `body` as the next revision of the note, or keep it as a conflict copy.

    `base_revision_id` is the revision the author started from (None for a new note);
    `source_revision_id` (translations only) is the revision of the original the author
    translated. Saving the same text again adds nothing, except for a translation checked
    against a newer original: that revision records it, so the translation is up to date.
    Raises DomainError for an empty or too long text and for revisions of other notes.
    """
    _check_language(event, language)
    body = normalise_body(body)
    _check_body(body)
    note = note_for(event, scope, language, for_update=True)
    source = note if note is not None and note.is_source else source_note(event, scope)
    if note is None and source is not None and source.language == language:
        note = source  # created by another request since we looked
    is_source = source is None or source is note
    if is_source:
        source_revision_id = None
    elif revision_of(source, source_revision_id) is None:
        raise DomainError(_l("The original text this translation is based on was not found. Please reload the page."),
                          field="body")
    if note is None:
        if base_revision_id is not None:
            raise DomainError(_l("This note was not found. Please reload the page."), field="body")
        note = _create_note(event, scope, language, is_source, at)
        if note is not None:
            return SaveResult(note, revision=_add_revision(note, body, author, source_revision_id=source_revision_id,
                                                           at=at))
        note = note_for(event, scope, language, for_update=True)  # created meanwhile: a conflict
    elif base_revision_id is not None and revision_of(note, base_revision_id) is None:
        raise DomainError(_l("This note was not found. Please reload the page."), field="body")
    latest = db.session.get(NoteRevision, note.current_revision_id) if note.current_revision_id else None
    if base_revision_id != note.current_revision_id:
        if latest is not None and latest.body == body:
            return SaveResult(note, latest=latest)  # both wrote the same text: nothing to resolve
        copy = _add_revision(note, body, author, base_id=base_revision_id, source_revision_id=source_revision_id,
                             conflict=True, at=at)
        return SaveResult(note, conflict_copy=copy, latest=latest)
    if latest is not None and latest.body == body and latest.source_revision_id == source_revision_id:
        return SaveResult(note, latest=latest)
    return SaveResult(note, revision=_add_revision(note, body, author, base_id=base_revision_id,
                                                   source_revision_id=source_revision_id, at=at))


def restore_revision(note: Note, revision: NoteRevision, author, at: datetime | None = None) -> NoteRevision:
    """A new latest revision with the text of an older one (conflict copies included).

    A restored translation keeps the original revision it translated, so it may be outdated."""
    if revision.note_id != note.id:
        raise DomainError(_l("This revision belongs to another note."))
    if revision.id == note.current_revision_id:
        raise DomainError(_l("This revision is already the latest text."))
    return _add_revision(note, revision.body, author, base_id=note.current_revision_id,
                         source_revision_id=None if note.is_source else revision.source_revision_id,
                         restored_from_id=revision.id, at=at)


# --- publishing ----------------------------------------------------------------------

def _audit_details(note: Note, revision: NoteRevision | None = None) -> dict:
    details = {"scope": note.scope, "language": note.language}
    if revision is not None:
        details["revision"] = str(revision.number)  # the activity log shows strings
    return details


def publish_note(event, note: Note, actor, revision_id: int | None, at: datetime | None = None) -> NoteRevision:
    """Publish the latest revision. `revision_id` is the one the organiser saw: publishing
    something newer they have not read is refused."""
    if note.event_id != event.id or note.current_revision_id is None:
        raise DomainError(_l("There is nothing to publish yet."))
    if revision_id != note.current_revision_id:
        raise DomainError(_l("The note has changed since you opened it. Please read the latest version, then publish it."))
    revision = db.session.get(NoteRevision, note.current_revision_id)
    note.status = NoteStatus.PUBLISHED
    note.published_revision_id = revision.id
    note.published_at = at or utcnow()
    record_audit(actor, "notes.published", event, **_audit_details(note, revision))
    db.session.flush()
    return revision


def unpublish_note(event, note: Note, actor) -> None:
    if note.event_id != event.id or note.status != NoteStatus.PUBLISHED:
        raise DomainError(_l("This note is not published."))
    _unpublish(note)
    record_audit(actor, "notes.unpublished", event, **_audit_details(note))
    db.session.flush()


def _unpublish(note: Note) -> None:
    note.status = NoteStatus.DRAFT
    note.published_revision_id = None
    note.published_at = None


@dataclass(frozen=True)
class LanguagePublication:
    published: int
    skipped_outdated: int


def publish_language(event, language: str, actor, published_agenda) -> LanguagePublication:
    """Publish the latest revision of every note in `language`; outdated translations are left
    for a translator (or for the organiser to publish one by one, knowingly)."""
    _check_language(event, language)
    matrix = translation_matrix(event, published_agenda)
    column = matrix.languages.index(language)
    count = skipped = 0
    now = utcnow()
    for row in matrix.rows:
        cell = row.cells[column]
        if cell.current is None:
            continue
        if cell.outdated:
            skipped += 1
            continue
        if cell.published and not cell.unpublished_changes:
            continue
        cell.note.status = NoteStatus.PUBLISHED
        cell.note.published_revision_id = cell.current.id
        cell.note.published_at = now
        count += 1
    record_audit(actor, "notes.language_published", event, language=language, published=str(count),
                 skipped_outdated=str(skipped))
    db.session.flush()
    return LanguagePublication(count, skipped)


def unpublish_language(event, language: str, actor) -> int:
    _check_language(event, language)
    notes = db.session.scalars(select(Note).where(
        Note.event_id == event.id, Note.language == language, Note.status == NoteStatus.PUBLISHED)).all()
    for note in notes:
        _unpublish(note)
    record_audit(actor, "notes.language_unpublished", event, language=language, unpublished=str(len(notes)))
    db.session.flush()
    return len(notes)
