"""Feedback: organisers define surveys, participants answer once (and may edit), results as SVG charts and CSV,
and an anonymous answer cannot be tied to its author by the organiser."""
import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from app.extensions import db
from app.trainings.models import FeedbackQuestion, FeedbackResponse, FeedbackSurvey, QuestionKind


def _survey(app, training, anonymous=True, session_id=None, questions=None) -> tuple[int, list[int]]:
    """A survey with a rating, a choice and a text question, written straight to the database."""
    with app.app_context():
        survey = FeedbackSurvey(event_id=training.event.id, session_id=session_id, anonymous=anonymous)
        db.session.add(survey)
        db.session.flush()
        specs = questions or [
            (QuestionKind.RATING, {"en": "How useful was it?", "ru": "Насколько полезно?"}, True, []),
            (QuestionKind.CHOICE, {"en": "Length"}, False,
             [{"key": "short", "label": {"en": "Too short"}}, {"key": "right", "label": {"en": "About right"}}]),
            (QuestionKind.TEXT, {"en": "Comments"}, False, []),
        ]
        ids = []
        for position, (kind, label, required, choices) in enumerate(specs):
            question = FeedbackQuestion(survey_id=survey.id, kind=kind, label=label, required=required,
                                        choices=choices, position=position)
            db.session.add(question)
            db.session.flush()
            ids.append(question.id)
        db.session.commit()
        return survey.id, ids


def _answer(client, training, survey_id, data):
    return client.post(f"/events/{training.event.slug}/feedback/{survey_id}", data=data)


def _responses(app, survey_id):
    with app.app_context():
        rows = db.session.scalars(select(FeedbackResponse).where(FeedbackResponse.survey_id == survey_id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_organiser_defines_a_survey_with_questions(app, client, login, make_training):
    training = make_training(modules=2, participants=1)
    login(training.organiser)
    base = f"/manage/events/{training.event.slug}/feedback"
    assert client.post(f"{base}/new", data={"target": "", "anonymous": "y"}).status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(FeedbackSurvey))
        assert survey.session_id is None and survey.anonymous
        survey_id = survey.id
    # A second survey about the event is refused; one about a module is fine.
    assert client.post(f"{base}/new", data={"target": ""}).status_code == 400
    assert client.post(f"{base}/new", data={"target": str(training.modules[1])}).status_code == 302
    assert client.post(f"{base}/new", data={"target": "999999"}).status_code == 400
    questions = f"{base}/{survey_id}/questions/new"
    assert client.post(questions, data={"label-en": "How useful?", "label-ru": "Насколько полезно?",
                                        "kind": "rating", "required": "y"}).status_code == 302
    assert client.post(questions, data={"label-en": "Length", "kind": "choice",
                                        "choices": "Too short | Слишком коротко\nAbout right\n"}).status_code == 302
    # A choice question needs two choices; a question needs a text in the default language.
    assert client.post(questions, data={"label-en": "Bad", "kind": "choice", "choices": "Only one"}).status_code == 400
    assert client.post(questions, data={"label-ru": "Только по-русски", "kind": "text"}).status_code == 400
    with app.app_context():
        rows = db.session.scalars(select(FeedbackQuestion).order_by(FeedbackQuestion.position)).all()
        assert [q.kind for q in rows] == [QuestionKind.RATING, QuestionKind.CHOICE]
        assert rows[0].label == {"en": "How useful?", "ru": "Насколько полезно?"} and rows[0].required
        assert rows[1].choices == [{"key": "c1", "label": {"en": "Too short", "ru": "Слишком коротко"}},
                                   {"key": "c2", "label": {"en": "About right"}}]
        choice_id = rows[1].id
    # Editing the choices keeps the keys of those that stayed (and so their answers).
    edit = f"{base}/{survey_id}/questions/{choice_id}"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="Length"' in form and "Too short | Слишком коротко" in form
    assert client.post(edit, data={"label-en": "Length", "choices": "Too long\nAbout right\nToo short"}).status_code == 302
    with app.app_context():
        choices = db.session.get(FeedbackQuestion, choice_id).choices
        assert [c["key"] for c in choices] == ["c3", "c2", "c1"]


def test_participant_answers_once_and_may_edit(app, client, login, make_training):
    training = make_training(modules=1, participants=1)
    survey_id, (rating, choice, text) = _survey(app, training)
    login(training.people[0][0])
    listing = client.get(f"/events/{training.event.slug}/feedback?lang=en").get_data(as_text=True)
    assert "About the event" in listing and "✓ answered" not in listing
    assert _answer(client, training, survey_id, {f"q_{rating}": "4", f"q_{choice}": "short",
                                                 f"q_{text}": "More role play"}).status_code == 302
    assert _answer(client, training, survey_id, {f"q_{rating}": "5", f"q_{text}": ""}).status_code == 302
    rows = _responses(app, survey_id)
    assert len(rows) == 1
    assert rows[0].answers == {str(rating): 5}
    page = client.get(f"/events/{training.event.slug}/feedback/{survey_id}?lang=en").get_data(as_text=True)
    assert f'checked id="q_{rating}-4"' in page and "Update my answers" in page


def test_the_same_first_answer_sent_twice_at_once_keeps_the_first(app, client, login, make_training, monkeypatch):
    """A double click races two first answers: the unique key lets one in, the other request goes back to
    the list without a word, and the first answers stay."""
    from app.trainings import feedback

    training = make_training(modules=1, participants=1)
    survey_id, (rating, _, _) = _survey(app, training)
    login(training.people[0][0])
    assert _answer(client, training, survey_id, {f"q_{rating}": "4"}).status_code == 302
    client.get(f"/events/{training.event.slug}/feedback")  # shows (and so clears) the thank-you message
    # The second request looked before the first was saved: it saw no answer yet.
    monkeypatch.setattr(feedback, "response_of", lambda survey, user: None)
    response = _answer(client, training, survey_id, {f"q_{rating}": "2"})
    assert response.status_code == 302 and response.location.endswith(f"/events/{training.event.slug}/feedback")
    with client.session_transaction() as session:
        assert not session.get("_flashes")
    rows = _responses(app, survey_id)
    assert len(rows) == 1 and rows[0].answers == {str(rating): 4}


def test_answers_are_checked(app, client, login, make_training):
    training = make_training(modules=1, participants=1)
    survey_id, (rating, choice, _) = _survey(app, training)
    login(training.people[0][0])
    assert _answer(client, training, survey_id, {f"q_{choice}": "short"}).status_code == 400   # rating required
    assert _answer(client, training, survey_id, {f"q_{rating}": "6"}).status_code == 400
    assert _answer(client, training, survey_id, {f"q_{rating}": "3", f"q_{choice}": "nope"}).status_code == 400
    assert _responses(app, survey_id) == []


def test_only_confirmed_participants_answer_open_surveys(app, client, login, make_training, create_user,
                                                         add_participant):
    training = make_training(modules=1, participants=1)
    survey_id, (rating, _, _) = _survey(app, training)
    login(create_user(email="stranger@example.org"))
    assert _answer(client, training, survey_id, {f"q_{rating}": "3"}).status_code == 404
    waiting, _, _ = add_participant(training.event, "Waiting", status="waiting")
    login(waiting)
    assert _answer(client, training, survey_id, {f"q_{rating}": "3"}).status_code == 404
    with app.app_context():
        db.session.get(FeedbackSurvey, survey_id).is_open = False
        db.session.commit()
    login(training.people[0][0])
    assert _answer(client, training, survey_id, {f"q_{rating}": "3"}).status_code == 302
    assert _responses(app, survey_id) == []
    # Another event's survey is not reachable through this event's address.
    other = make_training(modules=1, participants=0, slug="other-training")
    other_survey, _ = _survey(app, other)
    assert client.get(f"/events/{training.event.slug}/feedback/{other_survey}").status_code == 404


def test_anonymous_answer_cannot_be_tied_to_its_author(app, client, login, make_training):
    training = make_training(modules=1, participants=3, participant_names=["Aliya One", "Boris Two", "Chen Three"])
    survey_id, (rating, choice, text) = _survey(app, training, anonymous=True)
    for index, (user, _, _) in enumerate(training.people):
        login(user)
        _answer(client, training, survey_id, {f"q_{rating}": str(3 + index % 3), f"q_{choice}": "right",
                                              f"q_{text}": f"Comment number {index}"})
    rows = _responses(app, survey_id)
    assert len(rows) == 3
    user_ids = {user.id for user, _, _ in training.people}
    for row in rows:
        assert row.user_id is None
        # Only the day is kept: midnight UTC.
        assert (row.submitted_on.hour, row.submitted_on.minute, row.submitted_on.second,
                row.submitted_on.microsecond) == (0, 0, 0, 0)
        # The key is a keyed hash: no user id or e-mail in it, and not a plain hash of them.
        assert len(row.respondent_key) == 64
        assert not any(str(uid) == row.respondent_key for uid in user_ids)
    import hashlib
    plain = {hashlib.sha256(f"{survey_id}:{uid}".encode()).hexdigest() for uid in user_ids}
    assert not plain & {row.respondent_key for row in rows}

    login(training.organiser)
    base = f"/manage/events/{training.event.slug}/feedback/{survey_id}"
    results = client.get(f"{base}/results?lang=en").get_data(as_text=True)
    export = client.get(f"{base}/results.csv").get_data(as_text=True)
    for user, _, _ in training.people:
        for page in (results, export):
            assert user.name not in page and user.email not in page
    assert "Comment number 0" in results and "Comment number 2" in results
    table = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    assert table[0] == ["How useful was it?", "Length", "Comments"]   # no column about the person or the time
    # Rows are in the order of the keyed hashes, not in the order the answers came.
    keys = sorted(row.respondent_key for row in rows)
    by_key = {row.respondent_key: row.answers[str(text)] for row in rows}
    assert [line[2] for line in table[1:]] == [by_key[key] for key in keys]
    # Nothing about who answered goes into the activity log either.
    from app.core.models import AuditEntry
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id.in_(user_ids))).all()


def test_named_survey_shows_who_answered(app, client, login, make_training):
    training = make_training(modules=1, participants=1, participant_names=["Aliya One"])
    survey_id, (rating, _, text) = _survey(app, training, anonymous=False)
    login(training.people[0][0])
    _answer(client, training, survey_id, {f"q_{rating}": "5", f"q_{text}": "=HYPERLINK(\"x\")"})
    row = _responses(app, survey_id)[0]
    assert row.user_id == training.people[0][0].id
    login(training.organiser)
    export = client.get(f"/manage/events/{training.event.slug}/feedback/{survey_id}/results.csv?lang=en")
    assert export.data.startswith("\ufeff".encode("utf-8"))
    table = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][:3] == ["Name", "E-mail address", "Date"]
    assert table[1][0] == "Aliya One" and table[1][3] == "5"
    assert table[1][5] == "'=HYPERLINK(\"x\")"   # no formula reaches a spreadsheet


def test_results_are_drawn_as_accessible_svg_with_the_numbers_in_a_table(app, client, login, make_training):
    training = make_training(modules=1, participants=3)
    survey_id, (rating, choice, _) = _survey(app, training)
    for index, (user, _, _) in enumerate(training.people):
        login(user)
        _answer(client, training, survey_id, {f"q_{rating}": "5" if index else "2", f"q_{choice}": "right"})
    login(training.organiser)
    response = client.get(f"/manage/events/{training.event.slug}/feedback/{survey_id}/results?lang=en")
    page = response.get_data(as_text=True)
    assert page.count('<svg class="chart chart-bars"') == 2 and 'role="img"' in page
    assert f'aria-labelledby="chart-{rating}-title" aria-describedby="chart-{rating}-summary"' in page
    assert f'<span class="visually-hidden" id="chart-{rating}-title">How useful was it?</span>' in page
    assert '<desc>1: 0 (0%); 2: 1 (33%); 3: 0 (0%); 4: 0 (0%); 5: 2 (67%)</desc>' in page
    assert "Too short: 0 (0%); About right: 3 (100%)" in page
    assert "average 4.0 of 5" in page
    assert '<details class="chart-table">' in page and "<caption" in page
    assert "cdn" not in page.lower() and "<script" not in page.split("</main>")[0]


def test_anonymity_is_fixed_once_someone_answered(app, client, login, make_training):
    training = make_training(modules=1, participants=1)
    survey_id, (rating, _, _) = _survey(app, training, anonymous=True)
    login(training.organiser)
    url = f"/manage/events/{training.event.slug}/feedback/{survey_id}"
    assert client.post(url, data={"is_open": "y"}).status_code == 302   # may still change: nobody answered
    assert client.post(url, data={"is_open": "y", "anonymous": "y"}).status_code == 302
    login(training.people[0][0])
    _answer(client, training, survey_id, {f"q_{rating}": "4"})
    login(training.organiser)
    assert client.post(url, data={"is_open": "y"}).status_code == 400
    with app.app_context():
        assert db.session.get(FeedbackSurvey, survey_id).anonymous


def test_coarse_day_is_midnight_utc():
    from app.trainings.feedback import coarse_day

    assert coarse_day(datetime(2017, 10, 5, 23, 59, 59, tzinfo=UTC)) == datetime(2017, 10, 5, tzinfo=UTC)


def test_results_write_the_average_and_shares_the_readers_way(app, client, login, make_training):
    """"3.7 из 5" next to "8,33" was two ways of writing numbers: Russian readers get a decimal comma and
    "67 %", English readers "3.7" and "67%"."""
    training = make_training(modules=1, participants=3)
    survey_id, (rating, _, _) = _survey(app, training)
    for user, stars in zip((p[0] for p in training.people), ("3", "4", "4"), strict=True):
        login(user)
        _answer(client, training, survey_id, {f"q_{rating}": stars})
    login(training.organiser)
    results = f"/manage/events/{training.event.slug}/feedback/{survey_id}/results"
    russian = client.get(f"{results}?lang=ru").get_data(as_text=True)
    assert "в среднем 3,7 из 5" in russian and "67\xa0%" in russian and "33\xa0%" in russian
    assert "3.7" not in russian
    english = client.get(f"{results}?lang=en").get_data(as_text=True)
    assert "average 3.7 of 5" in english and "67%" in english
