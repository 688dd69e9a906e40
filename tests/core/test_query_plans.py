"""The queries behind the busy pages use indexes on a large database (PostgreSQL).

Thousands of accounts, registrations, places, stars, attendance marks and outbox rows are
seeded over 25 events (quickly: COPY), the tables are vacuumed and analysed as autovacuum
would, and then the real pages are requested: the organiser's participant table (first page,
a filter by an answer, a search by a Cyrillic name, a sort), its CSV and XLSX exports, the
check-in desk's name search, a bulk approval, the certificates page, the public and the
personal agenda, the home page, the outbox's due mail and the administrators' account search.
Every statement they send is recorded as sent (SQL and parameters) and explained:
1. with sequential scans all but forbidden (enable_seqscan = off), none reads a large table
   whole: an index serves every one of them, whatever the row counts;
2. with the planner free to choose at these row counts, none reads the biggest tables whole;
3. the "contains these letters" searches (LIKE/ILIKE '%word%') go through trigram indexes;
4. the participants table's first page reads its rows in index order, without a sort.
A missing index (migrations/versions/0014_indexes_for_large_events.py) shows up here as the
statement and its plan.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select, text

from app.extensions import db
from tests.conftest import signed_in_id

# Tables that grow with the events and their participants; a few small ones (event, room,
# track, registration_field, seat counters, publications) are read whole whatever the indexes, and rightly.
LARGE_TABLES = {"registration", "session", "session_registration", "session_star", "attendance", "certificate",
                "outbox_message", "user", "audit_entry", "session_person", "person"}
# Those seeded here with more rows than the planner reads whole at a glance. At these counts it still
# rightly reads `session` (1,000 rows) and `session_registration` whole for a hash join.
CHOSEN_INDEX_TABLES = {"registration", "user", "outbox_message", "attendance", "certificate", "session_star"}

OTHER_EVENTS = 24
REGISTRATIONS_PER_OTHER_EVENT = 250
REGISTRATIONS = 2000  # in the event whose pages are requested
SESSIONS_PER_EVENT = 40
MODULES = 5  # training modules with a limited number of places, in the event whose pages are requested
SENT_MAIL = 6000

FIRST_NAMES = ["Әлия", "Айгүл", "Нұрлан", "Дмитрий", "Ольга", "Ержан", "Сәуле", "Иван", "Мария", "Қанат",
               "Gulnara", "John", "Анна", "Бауыржан", "Елена", "Marat"]
LAST_NAMES = ["Нұрланқызы", "Жақсылықова", "Иванов", "Петрова", "Сейітов", "Smith", "Ахметова", "Ким",
              "Омаров", "Кузнецова", "Müller", "Тоқтаров"]
ORGANISATIONS = ["Министерство юстиции", "ҰАТ", "Human Rights Office", "Фонд «Сөз»", "", "University of Almaty"]
SECTORS = ["government", "ngo", "academia", "media"]
PARTICIPANT = "Ақмарал Төлеубайқызы"


def _copy(connection, model, rows: list[dict]) -> None:
    """Put `rows` into the model's table with COPY (many times quicker than INSERTs), each value
    converted as SQLAlchemy binds it (JSON, enums, UTC times) and scalar column defaults filled in."""
    table = model.__table__
    defaults = {column.name: column.default.arg for column in table.columns
                if column.default is not None and column.default.is_scalar}
    names = list(dict.fromkeys([*rows[0], *defaults]))
    processors = [table.c[name].type.bind_processor(connection.dialect) or (lambda value: value) for name in names]
    columns = ", ".join(f'"{name}"' for name in names)
    with connection.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            values = [process(row.get(name, defaults.get(name))) for process, name in zip(processors, names)]
            copy.write_row([json.dumps(value) if isinstance(value, dict | list) else value for value in values])


def _seed(app):
    """The organiser, a participant and an administrator, the event whose pages are requested
    (`forum`), and many past events with their people; returns the ids the requests need."""
    from app.accounts.models import User
    from app.agenda.models import AgendaPublication, Session, SessionKind, SessionStar
    from app.core.models import OutboxMessage
    from app.core.text import search_key
    from app.events.models import Event, EventKind, EventMember, EventRole, Visibility
    from app.registration.models import Registration, RegistrationField, SessionRegistration, answers_key_of
    from app.trainings.models import Attendance, Certificate

    now = datetime.now(UTC)
    next_year = date.today().year + 1
    with app.app_context():
        connection = db.session.connection()

        def name(number: int) -> str:
            return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number * 7 % len(LAST_NAMES)]}"

        users = [{"id": number, "email": f"person{number}@example.org", "password_hash": "-", "name": name(number),
                  "organisation": ORGANISATIONS[number % len(ORGANISATIONS)], "created_at": now, "updated_at": now,
                  "is_admin": number == 1, "email_verified_at": now}
                 for number in range(1, OTHER_EVENTS * REGISTRATIONS_PER_OTHER_EVENT + REGISTRATIONS + 4)]
        users[2]["name"] = PARTICIPANT  # the only one of that name
        _copy(connection, User, users)
        organiser, participant, admin = 2, 3, 1

        events = []
        for number in range(OTHER_EVENTS + 1):
            current = number == OTHER_EVENTS
            start = date(next_year, 5, 16) if current else date(2020 + number // 6, 1 + number % 6 * 2, 10)
            events.append({
                "id": number + 1, "slug": "forum" if current else f"past-{number}", "kind": EventKind.TRAINING,
                "title": {"en": f"Event {number}", "ru": f"Мероприятие {number}"}, "summary": {}, "description": {},
                "venue": {}, "start_date": start, "end_date": start + timedelta(days=1), "timezone": "Asia/Almaty",
                "languages": ["en", "ru", "kk"], "default_language": "ru", "visibility": Visibility.PUBLIC,
                "capacity": None, "registration_mode": "open", "created_by_id": organiser,
                "created_at": now, "updated_at": now, "approval": "approved", "approval_reason": ""})
        _copy(connection, Event, events)
        forum = OTHER_EVENTS + 1
        _copy(connection, EventMember, [{"event_id": forum, "user_id": organiser,
                                                  "role": EventRole.ORGANISER}])
        _copy(connection, RegistrationField, [
            {"event_id": forum, "key": "sector", "kind": "single_choice", "label": {"en": "Sector"}, "help": {},
             "required": False, "position": 0,
             "choices": [{"key": key, "label": {"en": key.title()}} for key in SECTORS]}])

        sessions, session_id = [], 0
        for event_id in range(1, forum + 1):
            start = datetime.combine(events[event_id - 1]["start_date"], datetime.min.time(), UTC)
            for number in range(SESSIONS_PER_EVENT):
                session_id += 1
                module = event_id == forum and number < MODULES
                sessions.append({
                    "id": session_id, "uid": f"00000000-0000-4000-8000-{session_id:012d}", "event_id": event_id,
                    "kind": SessionKind.TRAINING_MODULE if module else SessionKind.PLENARY, "status": "confirmed",
                    "title": {"en": f"Session {number}"}, "abstract": {}, "interpretation": [],
                    "starts_at": start + timedelta(hours=4 + number % 8, days=number // 20),
                    "ends_at": start + timedelta(hours=5 + number % 8, days=number // 20),
                    "capacity": 400 if module or number < 5 else None, "created_at": now, "updated_at": now})
        _copy(connection, Session, sessions)
        forum_sessions = [s["id"] for s in sessions if s["event_id"] == forum]

        # Past events first, then the forum: the order a real table fills in.
        registrations, user_id = [], 3
        for event_id in range(1, forum + 1):
            count = REGISTRATIONS if event_id == forum else REGISTRATIONS_PER_OTHER_EVENT
            for number in range(count):
                user_id += 1
                status = ("pending" if number % 10 == 1 else "waiting" if number % 10 == 2 else "confirmed") \
                    if event_id == forum else "confirmed"
                person = users[user_id - 1]
                registrations.append({
                    "id": len(registrations) + 1, "event_id": event_id, "user_id": user_id, "email": person["email"],
                    "name": person["name"], "organisation": person["organisation"], "language": "ru",
                    "status": status, "answers": {"sector": SECTORS[number % len(SECTORS)]},
                    "ticket_code": f"T{len(registrations):019d}", "internal_note": "",
                    "created_at": now - timedelta(days=(forum - event_id) * 60, minutes=count - number),
                    "updated_at": now, "confirmed_at": now if status == "confirmed" else None,
                    "waiting_since": now if status == "waiting" else None,
                    "search_key": search_key(person["name"], person["organisation"], person["email"]),
                    "answers_key": answers_key_of({"sector": SECTORS[number % len(SECTORS)]})})
        registrations.append({  # the participant who looks at the agendas
            "id": len(registrations) + 1, "event_id": forum, "user_id": participant, "email": "person3@example.org",
            "name": users[2]["name"], "organisation": "", "language": "ru", "status": "confirmed", "answers": {},
            "ticket_code": "PARTICIPANT", "internal_note": "", "created_at": now, "updated_at": now,
            "confirmed_at": now, "waiting_since": None,
            "search_key": search_key(users[2]["name"], "", "person3@example.org"), "answers_key": ""})
        _copy(connection, Registration, registrations)
        pending = [r["id"] for r in registrations if r["event_id"] == forum and r["status"] == "pending"]

        by_event = {}
        for registration in registrations:
            by_event.setdefault(registration["event_id"], []).append(registration)
        places, stars, attendance, certificates = [], [], [], []
        for session in sessions:
            people = by_event[session["event_id"]]
            if session["capacity"]:
                places += [{"session_id": session["id"], "registration_id": r["id"], "status": "confirmed",
                            "confirmed_at": now, "created_at": now, "updated_at": now}
                           for r in people[session["id"] % 3::3][:80]]
            stars += [{"user_id": r["user_id"], "session_id": session["id"], "created_at": now}
                      for r in people[session["id"] % 40::40]]
        for session in sessions:
            if session["capacity"]:  # the modules of every training, a quarter of the people at each
                attendance += [{"event_id": session["event_id"], "session_id": session["id"], "registration_id": r["id"],
                                "marked_at": now, "method": "code"}
                               for r in by_event[session["event_id"]][session["id"] % 4::4] if r["status"] == "confirmed"]
        for event_id, people in by_event.items():
            certificates += [{"event_id": event_id, "registration_id": r["id"], "code": f"C{r['id']:012d}",
                              "holder_name": r["name"], "language": "ru", "hours": 10, "module_ids": [],
                              "issued_at": now} for r in people[::5] if event_id != forum]
        _copy(connection, SessionRegistration, places)
        _copy(connection, SessionStar, stars)
        _copy(connection, Attendance, attendance)
        _copy(connection, Certificate, certificates)

        mail = [{"recipient": f"person{n}@example.org", "subject": "Your registration is confirmed", "body_text": "",
                 "locale": "ru", "status": "sent", "attempts": 1, "created_at": now - timedelta(minutes=n),
                 "next_attempt_at": now - timedelta(minutes=n), "sent_at": now, "attachments": [],
                 "message_id": f"<{n}@convene.test>", "about": f"registration:{n}"} for n in range(SENT_MAIL)]
        mail += [{"recipient": f"late{n}@example.org", "subject": "Later", "body_text": "Hello", "locale": "ru",
                  "status": "pending", "attempts": 2, "created_at": now, "next_attempt_at": now + timedelta(hours=1),
                  "attachments": [], "message_id": f"<late{n}@convene.test>", "sent_at": None, "about": None} for n in range(20)]
        _copy(connection, OutboxMessage, mail)

        # The forum's agenda as published (the public agenda reads only publications).
        from app.agenda.publishing import publish
        publish(db.session.get(Event, forum), None)
        db.session.commit()
        assert db.session.scalar(select(AgendaPublication.id).where(AgendaPublication.event_id == forum))
        for table in ("user", "event", "session", "registration"):  # ids above were given, not drawn
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                    f"(SELECT max(id) FROM \"{table}\"))"))
        db.session.commit()
        stars_of_participant = [{"user_id": participant, "session_id": s, "created_at": now}
                                for s in forum_sessions[:5]]
        db.session.execute(insert(SessionStar), stars_of_participant)
        db.session.commit()

    with app.app_context(), db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")  # what autovacuum does to a table that filled up
    return {"organiser": organiser, "participant": participant, "admin": admin, "pending": pending[:5]}


class _Recorder:
    """The statements a piece of code sends, with their parameters, as the database receives them."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if not executemany and statement.lstrip().split(None, 1)[0].upper() in ("SELECT", "UPDATE", "DELETE", "WITH"):
            self.statements.append((statement, parameters))

    def __enter__(self):
        sa_event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        sa_event.remove(self.engine, "before_cursor_execute", self._record)


def _scans(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _plans(app, statements, *, seqscan: bool = True) -> list[tuple[str, dict]]:
    """EXPLAIN (FORMAT JSON) of each statement with its own parameters (planned as sent: custom plans).
    With `seqscan=False` the planner reads a table whole only when no index can serve the query."""
    result, seen = [], set()
    with app.app_context(), db.engine.connect() as connection:
        if not seqscan:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        for statement, parameters in statements:
            if (statement, repr(parameters)) in seen:
                continue
            seen.add((statement, repr(parameters)))
            plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
            result.append((statement, plan[0]["Plan"]))
        connection.rollback()
    return result


def _whole_reads(plans, tables) -> list[str]:
    """Scans of `tables` that read them whole: a Seq Scan, or an index walked without a condition."""
    return [f"{node['Relation Name']} read whole ({node['Node Type']}) by:\n{statement}\n{_outline(plan)}"
            for statement, plan in plans for node in _scans(plan)
            if node.get("Relation Name") in tables
            and (node["Node Type"] == "Seq Scan"
                 or node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node)]


def _outline(plan: dict, depth: int = 0) -> str:
    details = {key: plan[key] for key in ("Relation Name", "Index Name", "Index Cond", "Recheck Cond", "Filter")
               if key in plan}
    return "\n".join([f"{'  ' * depth}{plan['Node Type']} (cost {plan['Total Cost']}, rows {plan['Plan Rows']}) "
                       f"{details}", *(_outline(child, depth + 1) for child in plan.get("Plans", []))])


@pytest.fixture
def seeded(app):
    if app.config["TEST_BACKEND"] != "postgresql":
        pytest.skip("query plans are PostgreSQL's (SQLite has no planner statistics to speak of)")
    return _seed(app)


def _as(client, user_id):
    with client.session_transaction() as session:
        session["_user_id"] = signed_in_id(client.application, user_id)
        session["_fresh"] = True
    return client


PAGES = {
    "participant table, first page": ("organiser", "/manage/events/forum/registrations", "registration"),
    "participant table, filtered by an answer": (
        "organiser", "/manage/events/forum/registrations?f_sector=ngo", "registration"),
    "participant table, a Cyrillic name": (
        "organiser", "/manage/events/forum/registrations?q=Төлеубайқызы", "search_key"),
    "participant table, sorted by name": ("organiser", "/manage/events/forum/registrations?sort=-name", "registration"),
    "CSV export": ("organiser", "/manage/events/forum/registrations.csv", "session_registration"),
    "XLSX export": ("organiser", "/manage/events/forum/registrations.xlsx", "session_registration"),
    "check-in desk, a name": ("organiser", "/manage/events/forum/checkin?q=ақмарал+төлеу", "search_key"),
    "certificates": ("organiser", "/manage/events/forum/certificates", "attendance"),
    "public agenda": ("participant", "/events/forum/agenda", "session_star"),
    "personal agenda": ("participant", "/my/agenda", "session_star"),
    "home page": (None, "/", "event"),
    "administrators' account search": ("admin", "/admin/users?q=ТӨЛЕУБАЙ", '"user"'),
}


def test_busy_pages_use_indexes_on_a_large_database(app, seeded, client):
    from app.core.mail import deliver_due

    with app.app_context():
        engine = db.engine
    recorded = {}
    for what, (who, url, must_mention) in PAGES.items():
        browser = _as(client, seeded[who]) if who else app.test_client()
        with _Recorder(engine) as recorder:
            response = browser.get(url)
        assert response.status_code == 200, (what, response.status_code)
        assert any(must_mention in statement for statement, _ in recorder.statements), what
        if "q=" in url:  # the searches find the one person of that name
            assert PARTICIPANT in response.get_data(as_text=True), what
        recorded[what] = recorder.statements

    _as(client, seeded["organiser"])
    with _Recorder(engine) as recorder:
        response = client.post("/manage/events/forum/registrations",
                               data={"action": "approve", "ids": seeded["pending"]})
    assert response.status_code == 302
    recorded["bulk approval"] = recorder.statements

    with app.app_context(), _Recorder(engine) as recorder:
        assert deliver_due() == (0, 0)  # nothing is due: only the later retries wait
    assert any("outbox_message" in statement for statement, _ in recorder.statements)
    recorded["due mail"] = recorder.statements

    every = [statement for statements in recorded.values() for statement in statements]
    # 1. Every query on a large table has an index that serves it: even when reading the table
    #    whole is made all but forbidden, nothing is read whole.
    problems = _whole_reads(_plans(app, every, seqscan=False), LARGE_TABLES)
    # 2. With these row counts the planner, free to choose, picks those indexes for the biggest tables.
    free = _plans(app, every)
    problems += _whole_reads(free, CHOSEN_INDEX_TABLES)
    assert not problems, "\n\n".join(problems)
    # 3. "Contains these letters" searches go through the trigram indexes, not through an event's every row.
    searches = [(statement, plan) for statement, plan in free if "LIKE" in statement]
    assert len(searches) >= 4  # the table's search and its count, the desk's, the account search's
    for statement, plan in searches:
        assert any(node.get("Index Name", "").endswith("_trgm") for node in _scans(plan)), \
            f"{statement}\n{_outline(plan)}"
    # 4. The table's first page (in registration order) reads its 50 rows in index order: the event's
    #    rows are neither all read nor sorted.
    first_page = [(statement, plan) for statement, plan in _plans(app, recorded["participant table, first page"])
                  if "ORDER BY registration.created_at" in statement and "LIMIT" in statement]
    assert len(first_page) == 1
    assert not [node for node in _scans(first_page[0][1]) if node["Node Type"] == "Sort"], _outline(first_page[0][1])
