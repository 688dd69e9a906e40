"""Notes: revisions, optimistic conflicts, translation tracking, publishing and what readers get."""
import pytest

from app.accounts.models import User
from app.agenda import builder
from app.agenda.models import Session
from app.agenda.published import published_agenda
from app.core.errors import DomainError
from app.core.models import AuditEntry
from app.events.models import Event
from app.extensions import db
from app.notes import reading, services
from app.notes.diff import diff_html
from app.notes.models import Note, NoteRevision, NoteStatus


def _load(forum):
    return (db.session.get(Event, forum.event.id), db.session.get(User, forum.rapporteur.id),
            db.session.get(User, forum.organiser.id))


def _revisions(note):
    return db.session.scalars(db.select(NoteRevision).where(NoteRevision.note_id == note.id)
                              .order_by(NoteRevision.number)).all()


def test_first_note_is_the_original_and_every_save_is_a_revision(ctx, forum):
    event, rapporteur, _ = _load(forum)
    scope = forum.scope(forum.opening)
    first = services.save_note(event, scope, "ru", rapporteur, "Форум открыл модератор.\r\n", base_revision_id=None)
    assert first.revision.number == 1 and first.note.is_source and first.note.status == NoteStatus.DRAFT
    assert first.revision.body == "Форум открыл модератор." and first.revision.author_id == rapporteur.id
    assert first.note.session_id == forum.opening and first.note.scope == scope
    second = services.save_note(event, scope, "ru", rapporteur, "Форум открыл модератор Ербол.",
                                base_revision_id=first.revision.id)
    assert second.revision.number == 2 and second.revision.base_revision_id == first.revision.id
    assert second.note.current_revision_id == second.revision.id
    english = services.save_note(event, scope, "en", rapporteur, "The moderator opened the forum.",
                                 base_revision_id=None, source_revision_id=second.revision.id)
    assert not english.note.is_source and english.revision.source_revision_id == second.revision.id


def test_saving_the_same_text_again_adds_no_revision(ctx, forum):
    event, rapporteur, _ = _load(forum)
    scope = forum.scope(forum.opening)
    first = services.save_note(event, scope, "ru", rapporteur, "Текст", base_revision_id=None)
    again = services.save_note(event, scope, "ru", rapporteur, "Текст\n\n", base_revision_id=first.revision.id)
    assert again.unchanged and again.latest.id == first.revision.id
    assert len(_revisions(first.note)) == 1


def test_saving_on_top_of_an_old_revision_is_a_conflict_and_keeps_the_text(ctx, forum):
    event, rapporteur, organiser = _load(forum)
    scope = forum.scope(forum.opening)
    base = services.save_note(event, scope, "ru", rapporteur, "Версия 1", base_revision_id=None).revision
    theirs = services.save_note(event, scope, "ru", organiser, "Версия 2 организатора", base_revision_id=base.id).revision
    mine = services.save_note(event, scope, "ru", rapporteur, "Версия 2 докладчика", base_revision_id=base.id)
    assert mine.conflict and mine.revision is None
    assert mine.latest.id == theirs.id
    copy = mine.conflict_copy
    assert copy.is_conflict_copy and copy.body == "Версия 2 докладчика" and copy.base_revision_id == base.id
    note = db.session.get(Note, mine.note.id)
    assert note.current_revision_id == theirs.id  # the latest stays the latest
    assert [r.number for r in _revisions(note)] == [1, 2, 3]
    # The author chooses their text: saved on top of the latest, it becomes the latest.
    resolved = services.save_note(event, scope, "ru", rapporteur, copy.body, base_revision_id=theirs.id)
    assert resolved.revision.number == 4 and note.current_revision_id == resolved.revision.id


def test_a_conflict_with_the_very_same_text_is_no_conflict(ctx, forum):
    event, rapporteur, organiser = _load(forum)
    scope = forum.scope(forum.opening)
    base = services.save_note(event, scope, "ru", rapporteur, "Версия 1", base_revision_id=None).revision
    services.save_note(event, scope, "ru", organiser, "Версия 2", base_revision_id=base.id)
    same = services.save_note(event, scope, "ru", rapporteur, "Версия 2", base_revision_id=base.id)
    assert same.unchanged and not same.conflict


def test_two_first_saves_at_once_make_the_second_a_conflict(ctx, forum, monkeypatch):
    event, rapporteur, organiser = _load(forum)
    scope = forum.scope(forum.opening)
    services.save_note(event, scope, "ru", organiser, "Первым", base_revision_id=None)
    # The second request read "no note yet" before the first one committed: its insert then fails.
    for name in ("note_for", "source_note"):
        real, calls = getattr(services, name), []

        def stale(*args, _real=real, _calls=calls, **kwargs):
            _calls.append(1)
            return None if len(_calls) == 1 else _real(*args, **kwargs)

        monkeypatch.setattr(services, name, stale)
    second = services.save_note(event, scope, "ru", rapporteur, "Вторым", base_revision_id=None)
    assert second.conflict and second.conflict_copy.body == "Вторым" and second.latest.body == "Первым"
    assert db.session.scalar(db.select(db.func.count()).select_from(Note)) == 1


def test_a_translation_is_outdated_when_its_original_changes(ctx, forum):
    event, rapporteur, _ = _load(forum)
    scope = forum.scope(forum.panel)
    ru1 = services.save_note(event, scope, "ru", rapporteur, "Рекомендации:\n\n- одна", base_revision_id=None).revision
    kk = services.save_note(event, scope, "kk", rapporteur, "Ұсынымдар:\n\n- біреу", base_revision_id=None,
                            source_revision_id=ru1.id).revision
    assert services.editor_state(event, scope, "kk").cell.state == services.CellState.DRAFT
    ru2 = services.save_note(event, scope, "ru", rapporteur, "Рекомендации:\n\n- одна\n- две",
                             base_revision_id=ru1.id).revision
    state = services.editor_state(event, scope, "kk")
    assert state.cell.outdated and state.cell.state == services.CellState.OUTDATED
    assert state.translated.id == ru1.id and state.source_current.id == ru2.id
    assert services.editor_state(event, scope, "ru").cell.state == services.CellState.DRAFT  # an original is never outdated
    # Checking the translation against the new original, even without a change, makes it up to date.
    checked = services.save_note(event, scope, "kk", rapporteur, "Ұсынымдар:\n\n- біреу", base_revision_id=kk.id,
                                 source_revision_id=ru2.id)
    assert checked.revision.number == 2 and checked.revision.source_revision_id == ru2.id
    assert not services.editor_state(event, scope, "kk").cell.outdated


def test_ids_of_other_notes_are_refused(ctx, forum):
    event, rapporteur, _ = _load(forum)
    opening, panel = forum.scope(forum.opening), forum.scope(forum.panel)
    other = services.save_note(event, panel, "ru", rapporteur, "Панель", base_revision_id=None).revision
    services.save_note(event, opening, "ru", rapporteur, "Открытие", base_revision_id=None)
    with pytest.raises(DomainError):  # a translation of another session's original
        services.save_note(event, opening, "en", rapporteur, "Opening", base_revision_id=None,
                           source_revision_id=other.id)
    with pytest.raises(DomainError):  # a base revision of another note
        services.save_note(event, opening, "ru", rapporteur, "Открытие 2", base_revision_id=other.id)
    with pytest.raises(DomainError):
        services.save_note(event, opening, "de", rapporteur, "Eröffnung", base_revision_id=None)
    with pytest.raises(DomainError):
        services.save_note(event, opening, "ru", rapporteur, "  \n ", base_revision_id=None)
    with pytest.raises(DomainError):
        services.save_note(event, opening, "ru", rapporteur, "я" * (services.MAX_BODY_LENGTH + 1),
                           base_revision_id=None)


def test_restore_makes_an_old_text_the_latest_as_a_new_revision(ctx, forum):
    event, rapporteur, organiser = _load(forum)
    scope = forum.scope(forum.panel)
    ru1 = services.save_note(event, scope, "ru", rapporteur, "Первый вариант", base_revision_id=None).revision
    en1 = services.save_note(event, scope, "en", rapporteur, "First version", base_revision_id=None,
                             source_revision_id=ru1.id).revision
    ru2 = services.save_note(event, scope, "ru", rapporteur, "Второй вариант", base_revision_id=ru1.id).revision
    en2 = services.save_note(event, scope, "en", rapporteur, "Second version", base_revision_id=en1.id,
                             source_revision_id=ru2.id).revision
    note = db.session.get(Note, en2.note_id)
    restored = services.restore_revision(note, en1, organiser)
    assert restored.number == 3 and restored.body == "First version" and restored.restored_from_id == en1.id
    assert restored.author_id == organiser.id and note.current_revision_id == restored.id
    # The restored translation still translates the original's first revision: it is outdated.
    assert services.editor_state(event, scope, "en").cell.outdated
    with pytest.raises(DomainError):
        services.restore_revision(note, restored, organiser)
    with pytest.raises(DomainError):
        services.restore_revision(note, ru1, organiser)


def test_publishing_takes_the_revision_the_organiser_saw(ctx, forum):
    event, rapporteur, organiser = _load(forum)
    scope = forum.scope(forum.opening)
    first = services.save_note(event, scope, "ru", rapporteur, "Версия 1", base_revision_id=None)
    second = services.save_note(event, scope, "ru", rapporteur, "Версия 2", base_revision_id=first.revision.id)
    note = second.note
    with pytest.raises(DomainError):
        services.publish_note(event, note, organiser, first.revision.id)
    services.publish_note(event, note, organiser, second.revision.id)
    assert note.status == NoteStatus.PUBLISHED and note.published_revision_id == second.revision.id
    third = services.save_note(event, scope, "ru", rapporteur, "Версия 3", base_revision_id=second.revision.id)
    cell = services.editor_state(event, scope, "ru").cell
    assert cell.state == services.CellState.PUBLISHED and cell.unpublished_changes
    assert reading.reader_note(event, scope, "ru").body == "Версия 2"  # readers keep the published text
    services.unpublish_note(event, note, organiser)
    assert note.status == NoteStatus.DRAFT and note.published_revision_id is None
    assert reading.reader_note(event, scope, "ru") is None
    assert third.revision.number == 3
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.event_id == event.id)).all()
    assert "notes.published" in actions and "notes.unpublished" in actions


def test_publishing_a_language_leaves_outdated_translations_out(ctx, forum):
    event, rapporteur, organiser = _load(forum)
    opening, panel = forum.scope(forum.opening), forum.scope(forum.panel)
    ru_open = services.save_note(event, opening, "ru", rapporteur, "Открытие", base_revision_id=None).revision
    ru_panel = services.save_note(event, panel, "ru", rapporteur, "Панель", base_revision_id=None).revision
    services.save_note(event, opening, "en", rapporteur, "Opening", base_revision_id=None, source_revision_id=ru_open.id)
    services.save_note(event, panel, "en", rapporteur, "Panel", base_revision_id=None, source_revision_id=ru_panel.id)
    services.save_note(event, panel, "ru", rapporteur, "Панель, исправлено", base_revision_id=ru_panel.id)
    outcome = services.publish_language(event, "en", organiser, published_agenda(event))
    assert (outcome.published, outcome.skipped_outdated) == (1, 1)
    assert services.editor_state(event, opening, "en").cell.published
    assert not services.editor_state(event, panel, "en").cell.published
    assert services.publish_language(event, "en", organiser, published_agenda(event)).published == 0
    assert services.unpublish_language(event, "en", organiser) == 1
    assert not services.editor_state(event, opening, "en").cell.published


def test_readers_get_their_language_or_the_original_with_a_notice(ctx, forum, write_note):
    write_note(forum, forum.opening, "ru", "Форум открыл **модератор**.", publish=True)
    write_note(forum, forum.opening, "kk", "Форумды модератор ашты.", publish=True)
    write_note(forum, forum.opening, "en", "The moderator opened the forum.")  # a draft: not for readers
    event = db.session.get(Event, forum.event.id)
    scope = forum.scope(forum.opening)
    kazakh = reading.reader_note(event, scope, "kk")
    assert kazakh.language == "kk" and not kazakh.is_fallback and kazakh.available == ("ru", "kk")
    english = reading.reader_note(event, scope, "en")
    assert english.is_fallback and english.language == "ru" and english.wanted == "en"
    assert "<strong>модератор</strong>" in english.html
    with ctx.test_request_context("/?lang=en"):
        assert str(english.fallback_notice) == ("This text is not yet available in English. It is shown in the "
                                                "original language (Russian).")
    assert reading.reader_note(event, forum.scope(forum.panel), "ru") is None


def test_notes_follow_the_publication_not_the_draft(ctx, forum, write_note):
    """A session deleted from the draft is still published: its notes stay, in the matrix and for readers."""
    write_note(forum, forum.panel, "ru", "Заметки панели", publish=True)
    event, _, organiser = _load(forum)
    builder.delete_session(db.session.get(Session, forum.panel), organiser)
    db.session.commit()
    assert db.session.get(Session, forum.panel) is None
    assert reading.reader_note(event, forum.scope(forum.panel), "ru").body == "Заметки панели"
    rows = services.translation_matrix(event, published_agenda(event)).rows
    assert forum.scope(forum.panel) in [row.scope for row in rows]


def test_the_matrix_lists_sessions_then_the_event_and_hides_breaks_without_notes(ctx, forum, write_note):
    event = db.session.get(Event, forum.event.id)
    matrix = services.translation_matrix(event, published_agenda(event))
    assert [row.scope for row in matrix.rows] == [forum.scope(forum.opening), forum.scope(forum.panel), "event"]
    assert matrix.languages == ["ru", "en", "kk"]
    assert all(cell.state == services.CellState.MISSING for row in matrix.rows for cell in row.cells)
    write_note(forum, forum.coffee, "ru", "Во время перерыва прошла пресс-конференция.")
    matrix = services.translation_matrix(event, published_agenda(event))
    assert forum.scope(forum.coffee) in [row.scope for row in matrix.rows]
    assert matrix.counts["ru"][services.CellState.DRAFT] == 1


def test_diff_marks_words_and_escapes_everything():
    html, stats = diff_html("Одна <b>строка</b>\nвторая строка\n", "Одна <b>строка</b>\nвторая новая строка\nтретья\n")
    assert stats.changed and stats.inserted == 2
    assert "&lt;b&gt;строка&lt;/b&gt;" in html and "<b>" not in html
    assert "вторая<ins> новая</ins> строка" in html
    assert "<ins>третья\n</ins>" in html
    removed, _ = diff_html("keep <script>x</script> drop", "keep")
    assert "<del>" in removed and "<script>" not in removed
    same, same_stats = diff_html("текст", "текст")
    assert not same_stats.changed and same == "текст"
