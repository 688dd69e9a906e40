"""Note pages over HTTP: the editor, conflicts, side by side translation, history, publishing, permissions."""
import json
import re
from datetime import time

from app.extensions import db
from app.notes.models import Note, NoteRevision, NoteStatus
from tests.conftest import choose_language


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
    assert match, name
    return match.group(1)


def _save(client, url: str, body: str, page: str | None = None, **extra):
    page = page if page is not None else client.get(url).get_data(as_text=True)
    data = {"body": body, "base_revision": _hidden(page, "base_revision"),
            "source_revision": _hidden(page, "source_revision"), "action": "save", **extra}
    return client.post(url, data=data)


def _notes(app):
    with app.app_context():
        return {(n.scope, n.language): (n.status, n.current_revision_id, n.published_revision_id)
                for n in db.session.scalars(db.select(Note))}


def test_a_rapporteur_writes_a_note_and_every_save_is_a_revision(client, app, forum, login):
    login(forum.rapporteur)
    choose_language(client, "en")  # the messages after a save are in the user's language
    url = forum.editor_url(forum.opening, "ru")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Opening of the forum" in page and "will be the original" in page
    assert '<meta name="csrf-token"' in page and "js/notes.js" in page
    response = _save(client, url, "Форум открыл **модератор**.", page)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "revision 1" in page and "Форум открыл **модератор**." in page
    assert "<strong>модератор</strong>" in page  # the preview pane shows the saved text
    assert _save(client, url, "Форум открыл модератор Ербол.").status_code == 302
    assert _save(client, url, "Форум открыл модератор Ербол.").status_code == 302  # unchanged: no revision
    with app.app_context():
        note = db.session.scalar(db.select(Note))
        numbers = db.session.scalars(db.select(NoteRevision.number).where(NoteRevision.note_id == note.id)).all()
        assert sorted(numbers) == [1, 2] and note.is_source and note.status == NoteStatus.DRAFT
    assert _save(client, url, "   ").status_code == 400


def test_the_preview_button_works_without_javascript_and_saves_nothing(client, app, forum, login):
    login(forum.rapporteur)
    url = forum.editor_url(forum.opening, "ru")
    response = _save(client, url, "# Итоги\n\n[ссылка](javascript:alert(1)) <script>x()</script>", action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    preview = page.split('id="note-preview"', 1)[1].split("</section>", 1)[0]
    assert "<h1>Итоги</h1>" in preview and "<script" not in preview and "href=\"javascript" not in preview
    assert "&lt;script&gt;x()&lt;/script&gt;" in preview  # raw HTML is shown as text, never run
    assert _notes(app) == {}


def test_the_live_preview_uses_the_sanitiser_and_needs_the_csrf_header(client, app, forum, login, monkeypatch):
    login(forum.rapporteur)
    url = f"/manage/events/{forum.slug}/notes/preview"
    body = {"body": "**жирный** <img src=x onerror=alert(1)> ![a](data:image/png;base64,AAA)"}
    answer = json.loads(client.post(url, data=body).data)
    assert "<strong>жирный</strong>" in answer["html"]
    assert not re.search(r"<[^>]*\son\w+=", answer["html"])  # no event handler attribute in any tag
    assert "data:" not in answer["html"] and "&lt;img src=x" in answer["html"]
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(url, data=body).status_code == 400
    editor = client.get(forum.editor_url(forum.opening, "ru")).get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', editor).group(1)
    assert client.post(url, data=body, headers={"X-CSRFToken": token}).status_code == 200


def test_saving_over_someone_elses_newer_revision_shows_both_texts_and_loses_nothing(client, app, forum, login):
    url = forum.editor_url(forum.panel, "ru")
    login(forum.rapporteur)
    _save(client, url, "Первая версия.")
    stale_page = client.get(url).get_data(as_text=True)  # the rapporteur starts editing revision 1
    login(forum.organiser)
    assert _save(client, url, "Первая версия, дополненная организатором.").status_code == 302
    login(forum.rapporteur)
    response = _save(client, url + "?lang=en", "Первая версия, исправленная докладчиком.", stale_page)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone saved a newer version" in page and "revision 3" in page
    assert "Первая версия, дополненная организатором." in page  # the latest text
    assert "исправленная докладчиком" in page and "<ins>" in page and "<del>" in page  # mine, and the difference
    with app.app_context():
        revisions = {r.number: r for r in db.session.scalars(db.select(NoteRevision))}
        note = db.session.scalar(db.select(Note))
        assert revisions[3].is_conflict_copy and revisions[3].body == "Первая версия, исправленная докладчиком."
        assert note.current_revision_id == revisions[2].id
        latest_id = revisions[2].id
    assert _hidden(page, "base_revision") == str(latest_id)
    # Keeping my text: the form now sits on top of the latest revision, so saving it works.
    assert _save(client, url, "Первая версия, исправленная докладчиком и организатором.", page).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Note)).current_revision_id not in (None, latest_id)


def test_the_translation_editor_shows_the_original_beside_it_with_its_changes_marked(client, app, forum, login):
    login(forum.rapporteur)
    ru, kk = forum.editor_url(forum.panel, "ru"), forum.editor_url(forum.panel, "kk")
    _save(client, ru, "Рекомендации панели:\n\n- привести перечень в соответствие")
    page = client.get(kk + "?lang=en").get_data(as_text=True)
    assert "Original in Russian" in page and "Рекомендации панели" in page and "translation from Russian" in page
    assert 'id="note-source-markdown"' in page
    assert _save(client, kk, "Панельдің ұсынымдары:\n\n- тізбені сәйкес келтіру", page).status_code == 302
    page = client.get(kk + "?lang=en").get_data(as_text=True)
    assert "up to date with the original" in page and "<ins>" not in page
    _save(client, ru, "Рекомендации панели:\n\n- привести перечень в соответствие\n- выделить отдельный бюджет")
    page = client.get(kk + "?lang=en").get_data(as_text=True)
    assert "The original has changed since this translation (revision 1 → revision 2)" in page
    assert "<ins>- выделить отдельный бюджет</ins>" in page
    assert 'data-state="outdated"' in client.get(f"/manage/events/{forum.slug}/notes").get_data(as_text=True)
    # Saving the translation against the new original makes it up to date.
    assert _save(client, kk, "Панельдің ұсынымдары:\n\n- тізбені сәйкес келтіру\n- жеке бюджет бөлу", page).status_code == 302
    matrix = client.get(f"/manage/events/{forum.slug}/notes").get_data(as_text=True)
    assert 'data-state="outdated"' not in matrix


def test_the_matrix_shows_each_state_and_links_each_cell_to_its_editor(client, forum, login, write_note):
    write_note(forum, forum.opening, "ru", "Открытие", publish=True)
    write_note(forum, forum.opening, "en", "Opening")
    write_note(forum, forum.opening, "kk", "Ашылу", publish=True)
    write_note(forum, forum.opening, "ru", "Открытие форума")  # the translations are now outdated
    login(forum.rapporteur)
    page = client.get(f"/manage/events/{forum.slug}/notes?lang=en").get_data(as_text=True)
    row = page.split(f'id="row-session-{forum.opening}"', 1)[1].split("</tr>", 1)[0]
    states = re.findall(r'data-state="(\w+)" data-language="(\w+)"', row)
    assert states == [("published", "ru"), ("outdated", "en"), ("outdated", "kk")]
    assert "an older translation is published" in row and "newer revision not published" in row
    for language in ("ru", "en", "kk"):
        assert f'href="{forum.editor_url(forum.opening, language)}"' in row
    panel = page.split(f'id="row-session-{forum.panel}"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'data-state="(\w+)"', panel) == ["missing"] * 3
    assert f'id="row-session-{forum.coffee}"' not in page  # a break without notes
    assert 'id="row-event"' in page
    assert "Publish all" not in page  # rapporteurs do not publish


def test_organisers_publish_per_note_and_per_language(client, app, forum, login, write_note):
    write_note(forum, forum.opening, "ru", "Открытие")
    write_note(forum, forum.panel, "ru", "Панель")
    login(forum.organiser)
    url = forum.editor_url(forum.opening, "ru")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    revision = _hidden(page, "revision")
    assert client.post(url + "/publish", data={"revision": revision}).status_code == 302
    assert _notes(app)[(forum.scope(forum.opening), "ru")][0] == NoteStatus.PUBLISHED
    assert "Открытие" in client.get(f"/events/{forum.slug}/sessions/{forum.opening}?lang=ru").get_data(as_text=True)
    assert client.post(url + "/unpublish").status_code == 302
    assert _notes(app)[(forum.scope(forum.opening), "ru")][0] == NoteStatus.DRAFT
    response = client.post(f"/manage/events/{forum.slug}/notes/languages/ru/publish?lang=en", follow_redirects=True)
    assert "2 notes in Russian have been published." in response.get_data(as_text=True)
    assert {v[0] for v in _notes(app).values()} == {NoteStatus.PUBLISHED}
    client.post(f"/manage/events/{forum.slug}/notes/languages/ru/unpublish")
    assert {v[0] for v in _notes(app).values()} == {NoteStatus.DRAFT}
    log = client.get(f"/manage/events/{forum.slug}/audit").get_data(as_text=True)
    for action in ("notes.published", "notes.unpublished", "notes.language_published", "notes.language_unpublished"):
        assert action in log
    # A stale publish form (the note changed since) publishes nothing.
    write_note(forum, forum.opening, "ru", "Открытие, правка")
    response = client.post(url + "/publish", data={"revision": revision}, follow_redirects=True)
    assert "has changed since you opened it" in response.get_data(as_text=True)
    assert _notes(app)[(forum.scope(forum.opening), "ru")][0] == NoteStatus.DRAFT


def test_who_may_do_what(client, app, forum, login, create_user, write_note):
    write_note(forum, forum.opening, "ru", "Открытие")
    editor, matrix = forum.editor_url(forum.opening, "ru"), f"/manage/events/{forum.slug}/notes"
    publish = editor + "/publish"
    anonymous = client.get(matrix)
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login(create_user(email="stranger@example.org"))
    for url in (matrix, editor, editor + "/revisions"):
        assert client.get(url).status_code == 403, url
    assert client.post(editor, data={"body": "x"}).status_code == 403
    login(forum.rapporteur)
    assert client.get(matrix).status_code == 200 and client.get(editor).status_code == 200
    assert client.post(publish, data={"revision": "1"}).status_code == 403
    assert client.post(f"{matrix}/languages/ru/publish").status_code == 403
    assert "Publish revision" not in client.get(editor + "?lang=en").get_data(as_text=True)
    assert client.get(f"/events/{forum.slug}/report").status_code == 200


def test_addresses_that_name_nothing_of_this_event_are_404(client, app, forum, login, create_event, create_session,
                                                           publish, write_note):
    other = create_event(slug="other")
    foreign_session = create_session(other, "Foreign")
    publish(other)
    write_note(forum, forum.opening, "ru", "Открытие")
    write_note(forum, forum.panel, "ru", "Панель")
    login(forum.organiser)
    base = f"/manage/events/{forum.slug}/notes"
    for scope in (f"session:{foreign_session}", "session:999999", "session:abc", "session:01", "1", "events"):
        assert client.get(f"{base}/{scope}/ru").status_code == 404, scope
    assert client.get(f"{base}/event/de").status_code == 404
    assert client.get(f"{base}/session:{forum.panel}/en/revisions").status_code == 404  # no note in English yet
    with app.app_context():
        panel_revision = db.session.scalar(db.select(NoteRevision.id).join(Note, Note.id == NoteRevision.note_id)
                                           .where(Note.session_id == forum.panel))
    opening = f"{base}/session:{forum.opening}/ru"
    assert client.get(f"{opening}/revisions/{panel_revision}").status_code == 404
    assert client.post(f"{opening}/revisions/{panel_revision}/restore").status_code == 404
    assert client.get(f"{opening}/diff?to={panel_revision}").status_code == 404
    assert client.post(f"{base}/languages/de/publish").status_code == 404


def test_history_compare_and_restore(client, app, forum, login):
    login(forum.rapporteur)
    choose_language(client, "en")
    url = forum.editor_url(forum.opening, "ru")
    for text in ("Версия один.", "Версия два.", "Версия три."):
        _save(client, url, text)
    history = client.get(url + "/revisions?lang=en").get_data(as_text=True)
    assert history.count('name="from"') == 3 and "Olga Petrenko" in history and "latest" in history
    with app.app_context():
        ids = {r.number: r.id for r in db.session.scalars(db.select(NoteRevision))}
    diff = client.get(f"{url}/diff?from={ids[1]}&to={ids[3]}&lang=en").get_data(as_text=True)
    assert "Changes from revision 1 to revision 3" in diff
    assert "<del>один</del><ins>три</ins>" in diff
    default = client.get(f"{url}/diff?lang=en").get_data(as_text=True)
    assert "Changes from revision 2 to revision 3" in default
    shown = client.get(f"{url}/revisions/{ids[1]}?lang=en").get_data(as_text=True)
    assert "Версия один." in shown and "Restore this revision" in shown
    response = client.post(f"{url}/revisions/{ids[1]}/restore", follow_redirects=True)
    assert "Revision 1 has been restored as revision 4." in response.get_data(as_text=True)
    with app.app_context():
        note = db.session.scalar(db.select(Note))
        current = db.session.get(NoteRevision, note.current_revision_id)
        assert (current.number, current.body, current.restored_from_id) == (4, "Версия один.", ids[1])


def test_the_session_page_shows_the_readers_language_or_the_original_with_a_notice(client, forum, login, write_note):
    write_note(forum, forum.opening, "ru", "Форум открыл **модератор**.", publish=True)
    write_note(forum, forum.opening, "kk", "Форумды модератор ашты.", publish=True)
    page = client.get(f"/events/{forum.slug}/sessions/{forum.opening}?lang=kk").get_data(as_text=True)
    assert "Форумды модератор ашты." in page and "note-notice" not in page
    english = client.get(f"/events/{forum.slug}/sessions/{forum.opening}?lang=en").get_data(as_text=True)
    assert "<strong>модератор</strong>" in english and 'lang="ru"' in english
    assert "This text is not yet available in English. It is shown in the original language (Russian)." in english
    assert "Write or edit the notes" not in english
    assert 'id="session-notes-heading"' not in client.get(f"/events/{forum.slug}/sessions/{forum.panel}").get_data(as_text=True)
    login(forum.rapporteur)
    page = client.get(f"/events/{forum.slug}/sessions/{forum.panel}?lang=en").get_data(as_text=True)
    assert "No notes have been published for this session yet." in page and "Write or edit the notes" in page


def test_note_pages_do_not_query_more_with_more_sessions(client, app, forum, login, create_session, publish,
                                                          write_note, count_queries):
    login(forum.organiser)
    write_note(forum, forum.opening, "ru", "Открытие", publish=True)
    write_note(forum, forum.opening, "en", "Opening", publish=True)
    counts = []
    for extra in (0, 12):
        for i in range(extra):
            session_id = create_session(forum.event, {"ru": f"Сессия {i}", "en": f"Session {i}"}, day=2,
                                        start=time(9 + i // 2, 30 * (i % 2)), minutes=25)
            publish(forum.event)
            write_note(forum, session_id, "ru", f"Заметки {i}", publish=True)
            write_note(forum, session_id, "en", f"Notes {i}", publish=i % 2 == 0)
        urls = [f"/manage/events/{forum.slug}/notes", f"/events/{forum.slug}/report?lang=en",
                f"/api/v1/events/{forum.slug}/notes?per_page=100"]
        for url in urls:
            client.get(url)  # warm: the first read of a publication parses it
        counts.append([count_queries(lambda u=url: client.get(u)) for url in urls])
    assert counts[0] == counts[1], counts
