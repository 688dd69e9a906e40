from app.events.models import Event, EventMember
from app.accounts.models import User
from app.extensions import db


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (Event, EventMember, User))


def test_demo_loads_model_forum_and_training_idempotently(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    first = _counts(app)
    assert first[0] == 3
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts(app) == first
    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert "already has events" in skipped.output

    for lang, word in [("en", "Preventive Mechanism"), ("ru", "превентивному механизму"), ("kk", "алдын алу тетігі")]:
        page = client.get(f"/events/npm-forum-astana-2017?lang={lang}").get_data(as_text=True)
        assert f'<html lang="{lang}">' in page
        assert word.lower() in page.lower(), lang
    home = client.get("/?lang=en").get_data(as_text=True)
    assert "/events/npm-forum-astana-2017" in home and "/events/npm-monitors-training-2017" in home


def test_demo_forum_has_a_trilingual_agenda(app, client):
    from app.agenda.models import Session

    app.test_cli_runner().invoke(args=["demo"])
    with app.app_context():
        sessions = db.session.scalars(db.select(Session)).all()
        forum_sessions = [s for s in sessions if s.event_id == db.session.scalar(
            db.select(Event.id).where(Event.slug == "npm-forum-astana-2017"))]
        assert len(forum_sessions) >= 16
        assert all({"en", "ru", "kk"} <= set(s.title) for s in forum_sessions)
        titles = " ".join(s.title["en"] for s in forum_sessions)
    for topic in ["Opening", "Georgia", "Slovenia", "Spain", "United Kingdom", "consolidated report", "Closing"]:
        assert topic.lower() in titles.lower(), topic
    for lang in ("en", "ru", "kk"):
        page = client.get(f"/events/npm-forum-astana-2017/agenda?lang={lang}").get_data(as_text=True)
        assert page.count('class="session-item') == len(forum_sessions)
