"""The organiser's dashboard: every number against a small fixture counted by hand, a constant
number of queries whatever the size, and who may open it."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.extensions import db
from tests.conftest import queries_run

D1 = date(2030, 3, 2)  # the fixture's first day of registration (the event is in May 2030)


def _at(day: date, hour: int = 6) -> datetime:
    """A moment on `day` in Almaty (UTC+5 or +6): 06:00 UTC is late morning there."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def forum(app, create_event, create_user):
    """An event of 5 seats with four questions, six registrations, an agenda with speakers and
    materials, and a survey. The expected numbers are written beside the tests."""
    from app.agenda.models import Person, PersonRole, Session, SessionKind, SessionPerson, SessionStatus
    from app.events.models import Event
    from app.materials.models import InvitationStatus, Material, MaterialKind, SpeakerInvitation
    from app.registration.models import FieldKind, Registration, RegistrationField
    from app.registration.models import RegistrationStatus as S
    from app.trainings.models import FeedbackQuestion, FeedbackResponse, FeedbackSurvey, QuestionKind

    organiser = create_user(name="Organiser")
    event = create_event(organiser, slug="dash", start_date=date(2030, 5, 16), end_date=date(2030, 5, 17), capacity=5)
    with app.app_context():
        fields = [
            RegistrationField(event_id=event.id, key="country", kind=FieldKind.COUNTRY, label={"en": "Country"}, position=0),
            RegistrationField(event_id=event.id, key="sector", kind=FieldKind.SINGLE_CHOICE, label={"en": "Sector"},
                              choices=[{"key": "gov", "label": {"en": "Government"}},
                                       {"key": "ngo", "label": {"en": "NGO"}}], position=1),
            RegistrationField(event_id=event.id, key="access", kind=FieldKind.CHECKBOX,
                              label={"en": "I need accessibility support"}, position=2),
            RegistrationField(event_id=event.id, key="topics", kind=FieldKind.MULTIPLE_CHOICE, label={"en": "Topics"},
                              choices=[{"key": "a", "label": {"en": "Alpha"}}, {"key": "b", "label": {"en": "Beta"}}],
                              position=3),
        ]
        rows = [  # status, created, answers
            (S.CONFIRMED, _at(D1), {"country": "KZ", "sector": "gov", "access": True, "topics": ["a"]}),
            (S.CONFIRMED, _at(D1, 8), {"country": "KZ", "sector": "ngo", "access": False, "topics": ["a", "b"]}),
            # 20:00 UTC on the second day is already the third day in Almaty
            (S.CONFIRMED, _at(D1 + timedelta(days=1), 20), {"country": "RU", "sector": "ngo", "access": True}),
            (S.WAITING, _at(D1 + timedelta(days=2)), {"country": "KZ", "sector": "gov"}),
            (S.PENDING, _at(D1 + timedelta(days=3)), {"country": "DE"}),
            (S.CANCELLED, _at(D1 + timedelta(days=1)), {"country": "KZ", "sector": "gov", "access": True}),
        ]
        db.session.add_all(fields + [
            Registration(event_id=event.id, email=f"p{i}@example.org", name=f"P {i}", status=status, answers=answers,
                         created_at=created) for i, (status, created, answers) in enumerate(rows)])
        starts = datetime(2030, 5, 16, 4, tzinfo=UTC)

        def session(title, kind=SessionKind.PLENARY, status=SessionStatus.CONFIRMED, hours=0):
            return Session(event_id=event.id, title={"en": title}, kind=kind, status=status,
                           starts_at=starts + timedelta(hours=hours), ends_at=starts + timedelta(hours=hours, minutes=50))

        with_material, without, coffee, cancelled, later = (
            session("Opening"), session("Panel", SessionKind.PANEL, hours=1), session("Coffee", SessionKind.BREAK, hours=2),
            session("Dropped", SessionKind.WORKSHOP, SessionStatus.CANCELLED, hours=3),
            session("Workshop", SessionKind.WORKSHOP, hours=4))
        people = [Person(event_id=event.id, name=name) for name in ("Ann", "Bob", "Cem", "Dan", "Eve")]
        db.session.add_all([with_material, without, coffee, cancelled, later] + people)
        db.session.flush()
        for person, in_session in zip(people[:4], (with_material, with_material, without, later)):
            db.session.add(SessionPerson(session_id=in_session.id, person_id=person.id, role=PersonRole.SPEAKER))
        # Eve is in no session. Ann declined once, then accepted a new invitation; Bob declined; Cem has not
        # answered; Dan was never invited.
        for person, status in ((people[0], InvitationStatus.DECLINED), (people[0], InvitationStatus.ACCEPTED),
                               (people[1], InvitationStatus.DECLINED), (people[2], InvitationStatus.PENDING),
                               (people[4], InvitationStatus.ACCEPTED)):
            db.session.add(SpeakerInvitation(event_id=event.id, person_id=person.id, email="s@example.org",
                                             token_hash=f"{person.id}-{status}-{len(db.session.new)}", language="en",
                                             status=status))
        db.session.add(Material(event_id=event.id, session_id=with_material.id, kind=MaterialKind.LINK,
                                title={"en": "Slides"}, url="https://example.org/slides"))
        survey = FeedbackSurvey(event_id=event.id)
        db.session.add(survey)
        db.session.flush()
        rating = FeedbackQuestion(survey_id=survey.id, kind=QuestionKind.RATING, label={"en": "How useful?"}, position=0)
        db.session.add(rating)
        db.session.flush()
        for n, value in enumerate((4, 5)):
            db.session.add(FeedbackResponse(survey_id=survey.id, respondent_key=f"k{n}", answers={str(rating.id): value}))
        db.session.commit()
        event = db.session.get(Event, event.id)
        db.session.expunge(event)
    return event, organiser


def test_registration_numbers_match_the_fixture(app, forum):
    from app.registration.dashboard import registration_counts
    from app.registration.models import RegistrationStatus as S
    from app.registration.services import fields_of

    event, _ = forum
    with app.app_context():
        counts = registration_counts(event, fields_of(event))
    assert counts.by_status == {S.CONFIRMED: 3, S.WAITING: 1, S.PENDING: 1, S.CANCELLED: 1, S.REJECTED: 0}
    assert counts.active == 5 and counts.seats_left == 2
    day = [D1 + timedelta(days=n) for n in range(4)]
    assert counts.by_day[S.CONFIRMED] == {day[0]: 2, day[2]: 1}  # in the event's time zone
    assert counts.by_day[S.WAITING] == {day[2]: 1} and counts.by_day[S.PENDING] == {day[3]: 1}
    assert counts.by_day[S.CANCELLED] == {day[1]: 1}
    # Answers of the five active registrations (not the cancelled one).
    assert counts.answers == {"country": {"KZ": 3, "RU": 1, "DE": 1}, "sector": {"gov": 2, "ngo": 2}}
    assert counts.ticked == {("access", "yes"): 2, ("topics", "a"): 2, ("topics", "b"): 1}


def test_programme_numbers_match_the_fixture(app, forum):
    from app.materials.dashboard import programme_counts
    from app.materials.models import InvitationStatus as I

    event, _ = forum
    with app.app_context():
        counts = programme_counts(event)
        # Four people of the agenda: Ann accepted (her latest), Bob declined, Cem pending, Dan not invited.
        assert counts.speakers == 4
        assert counts.invitations == {I.ACCEPTED: 1, I.DECLINED: 1, I.PENDING: 1}
        assert counts.not_invited == 1
        # Opening, Panel and Workshop need material (not the break, not the cancelled one); Opening has some.
        assert (counts.sessions, counts.without_material) == (3, 2)
        assert [s.title["en"] for s in counts.first_without] == ["Panel", "Workshop"]


def test_feedback_numbers_match_the_fixture(app, forum):
    from app.trainings.dashboard import feedback_figures

    event, _ = forum
    with app.test_request_context("/?lang=en"):
        (survey,) = feedback_figures(event)
    assert (survey.title, survey.responses, survey.participants) == ("About the event", 2, 3)
    assert survey.rate == pytest.approx(2 / 3)
    assert [(label, round(average, 2), n) for label, average, n in survey.ratings] == [("How useful?", 4.5, 2)]


def test_dashboard_page_shows_the_numbers_charts_and_links(app, client, login, forum):
    event, organiser = forum
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/?lang=en").get_data(as_text=True)
    # Registrations: the figures, the link to act on pending ones, the cumulative chart with its capacity.
    assert "confirmed, of 5 seats" in page and "seats left" in page
    assert f'/manage/events/{event.slug}/registrations?status=pending">Approve or reject' in page
    assert 'class="chart chart-lines"' in page and "Capacity: 5" in page
    assert ("Registrations made from March 2, 2030 to March 5, 2030, counted in their status today: "
            "3 confirmed, 1 on the waiting list, 1 awaiting approval.") in page
    # Answers: one bar chart per question, with shares of the five active registrations, and the table links.
    assert "Kazakhstan: 3 (60%); Germany: 1 (20%); Russia: 1 (20%)" in page
    assert "Government: 2 (40%); NGO: 2 (40%); Not answered: 1 (20%)" in page
    assert "Alpha: 2 (40%); Beta: 1 (20%)" in page
    assert f'href="/manage/events/{event.slug}/registrations?f_country=KZ"' in page
    # The share who need accessibility support, linked to the filtered table.
    assert "40%" in page and f'href="/manage/events/{event.slug}/registrations?f_access=yes"' in page
    # Speakers, materials, notes, feedback.
    assert "speakers accepted" in page and "of 3 sessions without material" in page
    assert "Open the notes matrix" in page
    assert "67%" in page and "<strong>4.5</strong>" in page
    # Every chart: an image with a title and a summary, and a table alternative; no script.
    assert page.count('role="img"') == page.count('<details class="chart-table">') == 4
    assert "<script" not in page.split("</main>")[0]


def test_dashboard_numbers_follow_the_reader_language(app, client, login, forum):
    event, organiser = forum
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/?lang=ru").get_data(as_text=True)
    assert "60\xa0%" in page and "2 марта 2030" in page


def test_query_count_does_not_grow_with_the_event(app, forum):
    from app.agenda.models import Session
    from app.events.dashboard import dashboard_parts
    from app.events.models import Event
    from app.registration.models import Registration, RegistrationStatus

    event, _ = forum

    def render():
        with app.test_request_context("/?lang=en"):
            dashboard_parts(db.session.get(Event, event.id))
            db.session.remove()

    before = queries_run(app, render)
    with app.app_context():
        start = datetime(2030, 5, 16, 4, tzinfo=UTC)
        db.session.add_all([Registration(event_id=event.id, email=f"more{i}@example.org", name=f"M {i}",
                                          status=RegistrationStatus.CONFIRMED if i % 2 else RegistrationStatus.WAITING,
                                          answers={"country": ["FR", "KZ", "GB"][i % 3], "access": i % 4 == 0},
                                          created_at=_at(D1 + timedelta(days=i % 30))) for i in range(60)])
        db.session.add_all([Session(event_id=event.id, title={"en": f"S {i}"}, starts_at=start,
                                    ends_at=start + timedelta(hours=1)) for i in range(30)])
        db.session.commit()
    assert queries_run(app, render) == before
    assert before <= 20


def test_only_organisers_open_the_dashboard(app, client, login, create_user, add_role, forum):
    event, _ = forum
    staff = create_user(name="Desk")
    add_role(event, staff, "checkin")
    login(staff)
    assert client.get(f"/manage/events/{event.slug}/").status_code == 403
