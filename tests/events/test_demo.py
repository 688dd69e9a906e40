import re
from datetime import date, time

import pytest

from app.accounts.models import User
from app.events.models import Event, EventMember
from app.extensions import db


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (Event, EventMember, User))


def test_demo_loads_model_forum_and_training_idempotently(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    first = _counts(app)
    assert first[0] == 4  # the forum, the training, its next edition, the round table awaiting approval
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


def test_demo_forum_has_a_trilingual_agenda(app, client, demo_data):
    from app.agenda.models import Session

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


def test_demo_data_files_hold_the_model_events_and_their_participants():
    from app.demo import specs

    forum, training, people = specs.forum(), specs.training(), specs.participants()
    assert (forum["slug"], training["slug"]) == ("npm-forum-astana-2017", "npm-monitors-training-2017")
    assert (len(forum["sessions"]), len(training["sessions"]), len(people)) == (20, 16, 30)
    assert forum["start_date"] == date(2017, 5, 16) and forum["sessions"][0]["start"] == time(8, 30)
    assert ("szabo", "chair") in forum["sessions"][2]["people"]  # (person key, role) pairs
    assert forum["sessions"][0]["track"] is None and training["capacity"] == 25
    assert len(forum["notes"]) == 12 and set(forum["conclusions"]) == {"en", "ru", "kk"}
    assert all(set(note) >= {"ru"} for note in forum["notes"].values())
    assert "notes" not in training and training["completion_rule"] == {"kind": "share", "share": 0.8}


@pytest.mark.parametrize("change, error", [
    (('slug = "npm-forum-astana-2017"\n', ""), "forum.toml: slug: missing"),
    (("capacity = 120\n", 'capacity = "120"\n'), "forum.toml: capacity: expected an integer, got '120'"),
    (("start_date = 2017-05-16\n", "start_date = 2017-05-16T09:00:00\n"), "forum.toml: start_date: expected a date"),
    (("start = 08:30:00", 'start = "08:30"'), "forum.toml: sessions[registration].start: expected a time"),
    (("end = 09:30:00", "end = 08:30:00"), "forum.toml: sessions[registration].end: not after the start"),
    (("day = 2", "day = 3"), "forum.toml: sessions[consolidated-report].day: the event has days 1 to 2, not 3"),
    (('room = "plenary"', 'room = "plenry"'), "sessions[registration].room: 'plenry' is not the key of a room"),
    (('type = "networking"', 'type = "reception"'), "sessions[registration].type: expected one of plenary, panel"),
    (('title.en = "Registration', 'title.fr = "Registration'), "sessions[registration].title.fr: unknown key"),
    (('["szabo", "chair"]', '["szabo"]'), "sessions[opcat-ten-years].people[0]: expected an array of 2"),
    (("[notes.opening]", "[notes.openning]"), "forum.toml: notes.openning: not the key of a session"),
    (('kind = "forum"\n', 'kind = "forum"\nkind = "training"\n'), "forum.toml: Cannot overwrite a value"),
])
def test_demo_data_file_that_does_not_fit_names_the_file_and_the_key(tmp_path, change, error):
    from app.demo import specs

    broken = tmp_path / "forum.toml"
    broken.write_text((specs.DATA / "forum.toml").read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    with pytest.raises(specs.DemoDataError, match=re.escape(error)):
        specs.read(broken, specs.EVENT)


def test_flask_demo_reports_a_broken_data_file_without_a_traceback(app, tmp_path, monkeypatch):
    from app.demo import specs

    (tmp_path / "forum.toml").write_text('slug = "npm-forum-astana-2017"\n', encoding="utf-8")
    monkeypatch.setattr(specs, "DATA", tmp_path)
    specs.forum.cache_clear()
    try:
        result = app.test_cli_runner().invoke(args=["demo"])
    finally:
        specs.forum.cache_clear()
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'forum.toml'}: kind: missing" in result.output
    assert _counts(app) == (0, 0, 0)
