"""The organiser's dashboard at scale: SQL queries per request and server time.

Seeds two events with the agenda bench's seeding (bench/agenda.py): a small one (50 sessions,
100 registrations) and a big one (1,000 sessions, 5,000 registrations), then gives both
the same registration questions (country, sector, accessibility, topics) answered by every
participant, registrations spread over ten weeks, speaker invitations, materials for a third
of the sessions and a feedback survey with answers. Measures, in-process (Flask test client,
signed in as the organiser, a SQLAlchemy before_cursor_execute listener):

  (a) SQL queries per request of the dashboard (/manage/events/<slug>/) at both sizes.
      Target: the same number at both sizes (aggregates in SQL, not loops over rows).
  (b) server time p50/p95 of the dashboard of the big event, warm.

    .venv/bin/python bench/dashboard.py [--db sqlite|postgresql] [--samples 30] [--json FILE]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    app_env,
    migrate,
    percentile,
    prepare_database,
    run_in_app,
    table,
    workspace,
    write_json,
)

SIZES = {"small": (50, 100), "big": (1000, 5000)}  # sessions, registrations
ORGANISER = "organiser@bench.example.org"


# --- seeding: run inside create_app() (python -m bench.common seed ...) ----------------------

def seed() -> dict:
    from app.accounts.services import create_user
    from bench import agenda

    agenda.REGISTRATIONS.update({50: SIZES["small"][1], 1000: SIZES["big"][1]})
    organiser = create_user(email=ORGANISER, password="bench-password-123", name="Organiser", verified=True)
    slugs = {}
    for name, (sessions, _registrations) in SIZES.items():
        slug = agenda._seed_event(organiser, sessions)
        _add_dashboard_data(slug)
        slugs[name] = slug
    return slugs


def _add_dashboard_data(slug: str) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from app.agenda.models import Person, Session
    from app.events.models import Event
    from app.extensions import db
    from app.materials.models import InvitationStatus, Material, MaterialKind, SpeakerInvitation
    from app.registration.models import FieldKind, Registration, RegistrationField
    from app.trainings.models import FeedbackQuestion, FeedbackResponse, FeedbackSurvey, QuestionKind

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    choices = [{"key": k, "label": {"en": k.title()}} for k in ("government", "ngo", "academia", "international")]
    db.session.add_all([
        RegistrationField(event_id=event.id, key="country", kind=FieldKind.COUNTRY, label={"en": "Country"}, position=1),
        RegistrationField(event_id=event.id, key="sector", kind=FieldKind.SINGLE_CHOICE, label={"en": "Sector"},
                          choices=choices, position=2),
        RegistrationField(event_id=event.id, key="access", kind=FieldKind.CHECKBOX, label={"en": "Accessibility"},
                          position=3),
        RegistrationField(event_id=event.id, key="topics", kind=FieldKind.MULTIPLE_CHOICE, label={"en": "Topics"},
                          choices=choices, position=4),
    ])
    countries = ["KZ", "KZ", "KZ", "RU", "KG", "UZ", "DE", "GB", "FR", "GE", "MD", "PL", "UA", "AM", "TJ"]
    start = datetime(2030, 3, 1, 5, tzinfo=UTC)
    for i, registration in enumerate(db.session.scalars(select(Registration).where(Registration.event_id == event.id))):
        registration.answers = {**registration.answers, "country": countries[i % len(countries)],
                                "sector": choices[i % 4]["key"], "access": i % 9 == 0,
                                "topics": [choices[i % 4]["key"], choices[(i + 1) % 4]["key"]]}
        registration.created_at = start + timedelta(minutes=(i * 1999) % (70 * 24 * 60))
    statuses = [InvitationStatus.ACCEPTED, InvitationStatus.PENDING, InvitationStatus.DECLINED, None]
    for i, person in enumerate(db.session.scalars(select(Person).where(Person.event_id == event.id))):
        if statuses[i % 4] is not None:
            db.session.add(SpeakerInvitation(event_id=event.id, person_id=person.id, email=person.email or "s@example.org",
                                             token_hash=f"{slug}-{person.id}", language="en", status=statuses[i % 4]))
    for i, session_id in enumerate(db.session.scalars(select(Session.id).where(Session.event_id == event.id))):
        if i % 3 == 0:
            db.session.add(Material(event_id=event.id, session_id=session_id, kind=MaterialKind.LINK,
                                    title={"en": "Slides"}, url="https://example.org/slides"))
    survey = FeedbackSurvey(event_id=event.id)
    db.session.add(survey)
    db.session.flush()
    rating = FeedbackQuestion(survey_id=survey.id, kind=QuestionKind.RATING, label={"en": "How useful?"})
    db.session.add(rating)
    db.session.flush()
    db.session.add_all([FeedbackResponse(survey_id=survey.id, respondent_key=f"{slug}-{i}",
                                         answers={str(rating.id): 1 + i % 5}) for i in range(event.capacity // 4)])
    db.session.commit()


# --- measuring --------------------------------------------------------------------------------

def measure(env: dict[str, str], slugs: dict[str, str], samples: int) -> dict:
    os.environ.update(env)  # config.py reads the environment when it is imported
    from sqlalchemy import event as sa_event
    from sqlalchemy import select

    from app import create_app
    from app.accounts.models import User
    from app.accounts.signins import start_sign_in
    from app.extensions import db

    app = create_app()
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == ORGANISER))
        start_sign_in(user)
        db.session.commit()
        user_id = user.get_id()
        sa_event.listen(db.engine, "before_cursor_execute", count)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True

    result = {"queries": {}, "timing": {}}
    for name, slug in slugs.items():
        path = f"/manage/events/{slug}/?lang=en"
        runs = []
        for _ in range(2):  # cold, then warm
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            runs.append({"status": response.status_code, "queries": len(statements),
                         "ms": round((time.perf_counter() - started) * 1000, 1)})
        result["queries"][name] = {"sessions": SIZES[name][0], "registrations": SIZES[name][1],
                                   "status": runs[1]["status"], "cold": runs[0]["queries"], "warm": runs[1]["queries"],
                                   "cold_ms": runs[0]["ms"]}
    path = f"/manage/events/{slugs['big']}/?lang=en"
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    result["timing"] = {"p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
                        "max_ms": round(max(times), 1), "n": samples}
    with app.app_context():
        sa_event.remove(db.engine, "before_cursor_execute", count)
        db.engine.dispose()
    return result


def constant(result: dict) -> bool:
    counts = {(e["warm"]) for e in result["queries"].values() if e["status"] == 200}
    return len(counts) == 1 and all(e["status"] == 200 for e in result["queries"].values())


def print_report(result: dict) -> None:
    rows = [[name, f"{e['sessions']:,}", f"{e['registrations']:,}", e["status"], e["cold"], e["warm"], f"{e['cold_ms']} ms"]
            for name, e in result["queries"].items()]
    print(table(["event", "sessions", "registrations", "HTTP", "queries (cold)", "queries (warm)", "first request"], rows,
                title=f"(a) SQL queries per request of the dashboard ({result['db']}); constant: "
                      f"{'OK' if constant(result) else 'FAIL'}"))
    t = result["timing"]
    print()
    print(table(["request", "p50", "p95", "max", "n"],
                [["dashboard, 1,000 sessions, 5,000 registrations", f"{t['p50_ms']} ms", f"{t['p95_ms']} ms",
                  f"{t['max_ms']} ms", t["n"]]], title="(b) server time in-process, warm"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if not 0 < args.samples <= 500:
        parser.error("samples 1-500")
    with workspace("dashboard") as workdir:
        database_url = prepare_database(args.db, workdir)
        env = app_env(database_url, workdir / "instance")
        try:
            print(f"[dashboard] {args.db}: migrating and seeding...", flush=True)
            t0 = time.perf_counter()
            migrate(env)
            slugs = run_in_app(env, "bench.dashboard:seed")
            print(f"[dashboard] seeded in {time.perf_counter() - t0:.1f} s; measuring in-process...", flush=True)
            result = {"db": args.db, **measure(env, slugs, args.samples)}
        finally:
            if args.db == "postgresql":
                prepare_database("postgresql", workdir)  # leave no bench data behind
    print()
    print_report(result)
    write_json(args.json, {"dashboard": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
