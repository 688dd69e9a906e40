"""Interpretation planning: listeners by session and language, receivers by day and room, the exports,
the form builder's "listening language" flag and who may see the page."""
import csv
import io
from datetime import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.agenda.models import Room, SessionKind, SessionStatus
from app.db import utcnow
from app.events.models import Event
from app.extensions import db
from app.registration import interpretation
from app.registration.models import FieldKind, Registration, RegistrationField, SessionRegistration
from app.registration.models import RegistrationStatus as S
from app.registration.models import SessionRegistrationStatus as P
from tests.conftest import queries_run, translated

KEY = "listen"


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org", name="Organiser")


@pytest.fixture
def forum(app, create_event, create_session, organiser):
    """An event (en, ru, kk) with a listening question, 13 registrations and five sessions:

    confirmed: ru ×3, kk ×2, en ×1, one without an answer; not counted: pending ru, waiting kk,
    cancelled en, rejected ru, erased (confirmed) ru.
    Day 1, hall: "plenary" (floor ru, into en: kk not offered), "workshop" (limited, floor kk, into ru)
    where ru1 and kk1 have a place, en1 waits, kk2 gave theirs up and the erased person still holds one;
    a break, a networking coffee without languages and a cancelled panel (none counted). Day 2, room B: "closing" (floor en, into ru and kk).
    """
    event = create_event(organiser=organiser, slug="forum")
    with app.app_context():
        hall = Room(event_id=event.id, name={"en": "Hall", "ru": "Зал"}, position=0)
        room_b = Room(event_id=event.id, name={"en": "Room B"}, position=1)
        db.session.add_all([hall, room_b, RegistrationField(
            event_id=event.id, key=KEY, kind=FieldKind.LANGUAGE, label={"en": "Listening language"}, listening=True)])
        people = {}
        for name, status, language in [
                ("ru1", S.CONFIRMED, "ru"), ("ru2", S.CONFIRMED, "ru"), ("ru3", S.CONFIRMED, "ru"),
                ("kk1", S.CONFIRMED, "kk"), ("kk2", S.CONFIRMED, "kk"), ("en1", S.CONFIRMED, "en"),
                ("silent", S.CONFIRMED, ""), ("pending", S.PENDING, "ru"), ("waiting", S.WAITING, "kk"),
                ("cancelled", S.CANCELLED, "en"), ("rejected", S.REJECTED, "ru"), ("erased", S.CONFIRMED, "ru")]:
            people[name] = Registration(event_id=event.id, email=f"{name}@example.org", name=name, status=status,
                                        answers={KEY: language} if language else {},
                                        erased_at=utcnow() if name == "erased" else None)
        db.session.add_all(people.values())
        db.session.commit()
        rooms = {"hall": hall.id, "room_b": room_b.id}
        people = {name: registration.id for name, registration in people.items()}
    ids = {
        "plenary": create_session(event, "Plenary", start=time(10), room_id=rooms["hall"], floor_language="ru",
                                  interpretation=["en"]),
        "workshop": create_session(event, "Workshop", start=time(12), room_id=rooms["hall"], capacity=2,
                                   kind=SessionKind.WORKSHOP, floor_language="kk", interpretation=["ru"]),
        "break": create_session(event, "Lunch", start=time(13), room_id=rooms["hall"], kind=SessionKind.BREAK),
        "coffee": create_session(event, "Coffee", start=time(9), room_id=rooms["hall"], kind=SessionKind.NETWORKING),
        "cancelled": create_session(event, "Cancelled panel", start=time(15), room_id=rooms["hall"],
                                    status=SessionStatus.CANCELLED, floor_language="ru"),
        "closing": create_session(event, "=HYPERLINK(\"http://x\")", day=2, start=time(10), room_id=rooms["room_b"],
                                  floor_language="en", interpretation=["ru", "kk"]),
    }
    with app.app_context():
        for name, status in [("ru1", P.CONFIRMED), ("kk1", P.CONFIRMED), ("en1", P.WAITING), ("kk2", P.CANCELLED),
                             ("erased", P.CONFIRMED)]:
            db.session.add(SessionRegistration(session_id=ids["workshop"], registration_id=people[name], status=status))
        db.session.commit()
    return event, ids, people


def _plan(app, event):
    with app.app_context():
        plan = interpretation.plan(db.session.get(Event, event.id))
        return plan, {needs.session.id: needs for needs in plan.sessions}


def test_counts_confirmed_listeners_per_session_and_language(app, forum):
    event, ids, _ = forum
    plan, by_id = _plan(app, event)
    # No break, no networking without a language, no cancelled session.
    assert list(by_id) == [ids["plenary"], ids["workshop"], ids["closing"]]
    plenary, workshop, closing = by_id[ids["plenary"]], by_id[ids["workshop"]], by_id[ids["closing"]]
    # Pending, waiting, cancelled, rejected and erased registrations are not counted.
    assert plenary.listeners == {"ru": 3, "kk": 2, "en": 1, "": 1}
    assert plenary.expected == 7 and plenary.not_stated == 1
    assert [plenary.needs(code) for code in ("ru", "kk", "en")] == [0, 2, 1]
    assert plenary.receivers == 3
    # The limited session counts the people with a place: not the waiting, the one who left, the erased.
    assert workshop.listeners == {"ru": 1, "kk": 1}
    assert workshop.receivers == 1 and workshop.missing == []
    assert closing.receivers == 5
    assert plan.languages == ["en", "ru", "kk"]


def test_sessions_lacking_a_language_people_need_are_flagged(app, forum):
    event, ids, _ = forum
    plan, by_id = _plan(app, event)
    assert by_id[ids["plenary"]].missing == ["kk"]
    assert [needs.session.id for needs in plan.with_missing] == [ids["plenary"]]


def test_receivers_per_day_and_room_are_the_busiest_session(app, forum):
    event, _, _ = forum
    plan, _ = _plan(app, event)
    assert [(r.day.day, r.room.name["en"], r.receivers, r.languages) for r in plan.rooms] == [
        (16, "Hall", 3, ["en", "kk", "ru"]), (17, "Room B", 5, ["kk", "ru"])]
    assert [(day.day, total) for day, total in plan.days] == [(16, 3), (17, 5)]


def test_counts_take_four_queries_whatever_the_number_of_people(app, forum, create_session):
    event, ids, _ = forum
    few = queries_run(app, lambda: _plan(app, event))
    with app.app_context():
        db.session.add_all(Registration(event_id=event.id, email=f"more{n}@example.org", name=f"M{n}",
                                        status=S.CONFIRMED, answers={KEY: "kk"}) for n in range(30))
        db.session.commit()
    for n in range(5):
        create_session(event, f"Extra {n}", day=2, start=time(11 + n), floor_language="ru")
    plan, by_id = _plan(app, event)
    assert by_id[ids["plenary"]].listeners["kk"] == 32
    assert queries_run(app, lambda: _plan(app, event)) == few == 1 + 4  # the event, then the plan


def test_without_a_listening_question_nothing_is_counted(app, forum):
    event, ids, _ = forum
    with app.app_context():
        db.session.execute(db.update(RegistrationField).values(listening=False))
        db.session.commit()
    plan, by_id = _plan(app, event)
    assert plan.field is None and by_id[ids["plenary"]].listeners == {}


# --- the page and the exports ----------------------------------------------------------------

def test_page_shows_the_numbers_and_highlights_the_language_not_offered(client, forum, organiser, login):
    login(organiser)
    page = client.get("/manage/events/forum/interpretation").get_data(as_text=True)
    assert "1 session lacks a language its listeners need" in page
    assert '<td class="numeric is-missing"><strong>2</strong> <span class="cell-note">not offered</span></td>' in page
    assert "Receivers by day and room" in page and "/manage/events/forum/interpretation" in page
    # The menu leads there, under Programme.
    assert 'href="/manage/events/forum/interpretation"' in page


def test_page_in_russian_and_kazakh(app, client, forum, organiser, login):
    login(organiser)
    for lang in ("ru", "kk"):
        page = client.get(f"/manage/events/forum/interpretation?lang={lang}").get_data(as_text=True)
        assert translated(app, lang, "Receivers by day and room") in page


def test_csv_export_gives_listeners_per_day_room_session_and_language(client, forum, organiser, login):
    login(organiser)
    response = client.get("/manage/events/forum/interpretation.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "forum-interpretation.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Day", "Room", "Starts (Asia/Almaty)", "Ends", "Session", "Language on the floor", "Language",
                       "Offered", "Listeners", "Need interpretation", "Receivers (session)"]
    plenary = [row for row in rows if row[4] == "Plenary"]
    assert [row[6:] for row in plenary] == [
        ["English", "yes", "1", "1", "3"], ["Russian", "yes", "3", "0", "3"], ["Kazakh", "no", "2", "2", "3"],
        ["Not stated", "", "1", "", "3"]]
    assert plenary[0][:4] == [plenary[0][0], "Hall", plenary[0][2], "11:00"] and plenary[0][0].endswith("-05-16")
    # A title that looks like a formula stays text.
    assert any(row[4] == "'=HYPERLINK(\"http://x\")" for row in rows)
    receivers = list(csv.reader(io.StringIO(client.get(
        "/manage/events/forum/interpretation.csv?table=receivers").get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[1:4] for row in receivers] == [["Room", "Receivers", "Interpretation into"],
                                               ["Hall", "3", "English, Kazakh, Russian"], ["All rooms", "3", ""],
                                               ["Room B", "5", "Kazakh, Russian"], ["All rooms", "5", ""]]


def test_xlsx_export_has_sessions_and_receivers(client, forum, organiser, login):
    login(organiser)
    response = client.get("/manage/events/forum/interpretation.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Sessions", "Receivers"]
    sessions = list(workbook["Sessions"].iter_rows(values_only=True))
    kazakh = next(row for row in sessions if row[4] == "Plenary" and row[6] == "Kazakh")
    assert kazakh[7:] == ("no", 2, 2, 3)
    formula = next(cell for row in workbook["Sessions"].iter_rows() for cell in row
                   if cell.value == "=HYPERLINK(\"http://x\")")
    assert formula.data_type == "s" and formula.quotePrefix
    receivers = list(workbook["Receivers"].iter_rows(values_only=True))
    assert [row[1:3] for row in receivers[1:]] == [("Hall", 3), ("All rooms", 3), ("Room B", 5), ("All rooms", 5)]


@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("participant", 403), ("checkin", 403),
                                           ("rapporteur", 403), ("organiser", 200)])
def test_only_organisers_see_the_page_and_the_exports(client, forum, organiser, create_user, add_role, login,
                                                      who, expected):
    event, _, _ = forum
    if who == "organiser":
        login(organiser)
    elif who != "anonymous":
        user = create_user(email=f"{who}@example.org")
        if who in ("checkin", "rapporteur"):
            add_role(event, user, who)
        login(user)
    for path in ("", ".csv", ".xlsx"):
        assert client.get(f"/manage/events/forum/interpretation{path}").status_code == expected


# --- the form builder's flag -------------------------------------------------------------------

LANGUAGE_FORM = {"label-en": "Language you listen in", "kind": "language", "key": "", "choices": "",
                 "listening": "y"}


def _fields(app, event) -> list[tuple[str, FieldKind, bool]]:
    with app.app_context():
        return [(f.key, f.kind, f.listening) for f in db.session.scalars(
            select(RegistrationField).where(RegistrationField.event_id == event.id).order_by(RegistrationField.id))]


def test_marking_a_language_question_moves_the_flag(app, client, forum, organiser, login):
    event, _, _ = forum
    login(organiser)
    assert client.post("/manage/events/forum/registration-form/new", data=LANGUAGE_FORM).status_code == 302
    assert _fields(app, event) == [(KEY, FieldKind.LANGUAGE, False),
                                   ("language_you_listen_in", FieldKind.LANGUAGE, True)]
    page = client.get("/manage/events/forum/registration-form").get_data(as_text=True)
    assert page.count("listening language</span>") == 1


@pytest.mark.parametrize("overrides", [{"kind": "text"}, {"kind": "country"}, {"kind": "single_choice",
                                                                               "choices": "a | A"}])
def test_only_a_language_question_can_be_the_listening_language(app, client, forum, organiser, login, overrides):
    event, _, _ = forum
    login(organiser)
    before = _fields(app, event)
    response = client.post("/manage/events/forum/registration-form/new", data={**LANGUAGE_FORM, **overrides})
    assert response.status_code == 400
    assert "Only a “Language” question can be the language participants listen in." in response.get_data(as_text=True)
    assert _fields(app, event) == before
    with app.app_context():
        field_id = db.session.scalar(select(RegistrationField.id).where(RegistrationField.event_id == event.id))
    response = client.post(f"/manage/events/forum/registration-form/{field_id}",
                           data={**LANGUAGE_FORM, **overrides, "label-en": "Changed"})
    assert response.status_code == 400 and _fields(app, event) == before


def test_the_database_keeps_one_listening_question_per_event(app, forum):
    from sqlalchemy.exc import IntegrityError

    event, _, _ = forum
    with app.app_context():
        db.session.add(RegistrationField(event_id=event.id, key="second", kind=FieldKind.LANGUAGE, label={"en": "2"},
                                         listening=True))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_demo_forum_plans_interpretation_with_real_numbers(app, demo_data):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "npm-forum-astana-2017"))
        plan = interpretation.plan(event)
    assert plan.field.key == "interpretation" and len(plan.sessions) == 12
    assert plan.sessions[0].listeners == {"en": 4, "ru": 20, "kk": 6}
    # The breakout rooms interpret between English and Russian only: the Kazakh listeners are flagged.
    assert [(needs.session.title["en"][:18], needs.missing) for needs in plan.with_missing] == [
        ("Country experience", ["kk"]), ("Country experience", ["kk"])]
    assert [total for _, total in plan.days] == [26, 78]
