"""The demo forum's notes: Russian originals, some translations, every matrix state, readable reports."""
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.extensions import db

FORUM = "npm-forum-astana-2017"


@pytest.fixture
def demo_notes(app, demo_data):
    from app.demo.notes import load_notes
    from app.events.models import Event

    with app.app_context():
        forum = db.session.scalar(db.select(Event).where(Event.slug == FORUM))
        load_notes(forum)  # a no-op once `flask demo` loads the notes itself
        db.session.commit()
        return forum.id


def test_demo_notes_show_every_state_and_load_idempotently(app, client, demo_notes, login):
    from app.accounts.models import User
    from app.agenda.published import published_agenda
    from app.demo.notes import load_notes
    from app.events.models import Event
    from app.notes import services

    with app.app_context():
        forum = db.session.get(Event, demo_notes)
        assert load_notes(forum) == 0
        matrix = services.translation_matrix(forum, published_agenda(forum))
        states = {(lang, cell.state.value) for row in matrix.rows for lang, cell in zip(matrix.languages, row.cells)}
        for state in ("missing", "draft", "outdated", "published"):
            assert any(s == state for _, s in states), state
        russian = [row.cells[matrix.languages.index("ru")] for row in matrix.rows]
        assert all(cell.current is not None and cell.is_source for cell in russian)  # complete in Russian
        assert sum(cell.published for cell in russian) >= len(russian) - 1
        legal = next(row for row in matrix.rows if row.session and row.session.title["en"].startswith("The legislative"))
        english = legal.cells[matrix.languages.index("en")]
        assert english.outdated and english.published
        rapporteur = db.session.scalar(db.select(User).where(User.email == "rapporteur@example.org"))
        assert english.current.author_id == rapporteur.id
    login(rapporteur)
    page = client.get(f"/manage/events/{FORUM}/notes").get_data(as_text=True)
    for state in ("missing", "draft", "outdated", "published"):
        assert f'data-state="{state}"' in page


@pytest.mark.parametrize("language, words", [
    ("ru", ["Открытие форума", "Ключевые тезисы", "Участники первого форума"]),
    ("en", ["Opening of the forum", "Key points", "The participants of the first forum"]),
    ("kk", ["Форумның ашылуы", "Негізгі тұжырымдар", "форумның (Астана"]),
])
def test_demo_reports_read_in_each_language(client, demo_notes, language, words):
    page = client.get(f"/events/{FORUM}/report?lang={language}").get_data(as_text=True)
    response = client.get(f"/events/{FORUM}/report.pdf?lang={language}")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.data)).pages)
    for word in words:
        assert word in page, word
        assert word in " ".join(text.split()), word
