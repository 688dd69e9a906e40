"""The public agenda and its exports: SQL queries per request, server time, req/s under gunicorn.

Seeds three published events (50, 300 and 1,000 sessions; the 1,000 one also has
300 speakers and 5,000 registrations), then measures:

  (a) SQL queries per request for the agenda page, agenda.ics, schedule.xml and
      the API's session list, in-process (Flask test client + a SQLAlchemy
      before_cursor_execute listener). Target: constant in the number of sessions, <= 10.
  (b) server time p50/p95 of the agenda page and agenda.ics at 300 sessions, warm,
      in-process. Target: agenda.ics p50 <= 30 ms.
  (c) req/s of the agenda page of the 1,000-session event under gunicorn (2 workers),
      fresh clients (a new connection per request, no cookies), beside /healthz and a
      hello-world Flask endpoint (bench/hello.py) measured in the same run.
      Target: agenda >= 50% of hello-world.

    .venv/bin/python bench/agenda.py [--db sqlite|postgresql] [--duration 10] [--clients 8]
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import UTC

from bench.common import (  # noqa: E402
    Gunicorn,
    app_env,
    get_request_bytes,
    log_path,
    migrate,
    percentile,
    prepare_database,
    problems_in_log,
    raw_get,
    run_in_app,
    table,
    workspace,
    write_json,
)

SIZES = (50, 300, 1000)
PEOPLE = {50: 60, 300: 300, 1000: 300}
REGISTRATIONS = {1000: 5000}
ENDPOINTS = (
    ("agenda page", "/events/{slug}/agenda"),
    ("agenda.ics", "/events/{slug}/agenda.ics"),
    ("schedule.xml", "/events/{slug}/schedule.xml"),
    ("API sessions", "/api/v1/events/{slug}/sessions"),
)
NOT_THERE = (404, 501)  # an export that is not written yet


def slug_for(size: int) -> str:
    return f"bench-agenda-{size}"


# --- seeding: run inside create_app() (python -m bench.common seed ...) ----------------------

def seed(sizes: list[int]) -> dict:
    from app.accounts.services import create_user

    organiser = create_user(email="organiser@bench.example.org", password="bench-password-123", name="Organiser",
                            verified=True)
    return {str(size): _seed_event(organiser, size) for size in sizes}


def _seed_event(organiser, size: int) -> str:
    from datetime import date, datetime, timedelta
    from datetime import time as dtime
    from zoneinfo import ZoneInfo

    from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, SessionStatus, Track
    from app.agenda.publishing import publish
    from app.events.models import EventKind, RegistrationMode, Visibility
    from app.events.services import create_event
    from app.extensions import db
    from app.registration.models import Registration, RegistrationStatus

    days = {50: 2, 300: 3, 1000: 5}.get(size, max(1, math.ceil(size / 200)))
    room_count = 5 if size <= 50 else 10
    slots = math.ceil(size / (days * room_count))
    registrations = REGISTRATIONS.get(size, 0)
    start = date(2030, 5, 16)
    event = create_event(organiser, {
        "title": {"en": f"Agenda bench, {size} sessions", "ru": f"Тест программы: {size} сессий",
                  "kk": f"Бағдарлама сынағы: {size} сессия"},
        "summary": {"en": "A big forum."}, "description": {"en": "About the **forum**."},
        "venue": {"en": "Astana", "ru": "Астана", "kk": "Астана"}, "slug": slug_for(size), "kind": EventKind.FORUM,
        "start_date": start, "end_date": start + timedelta(days=days - 1), "timezone": "Asia/Almaty",
        "languages": ["en", "ru", "kk"], "default_language": "en", "visibility": Visibility.PUBLIC,
        "capacity": max(1, registrations * 4 // 5) if registrations else None,
        "registration_mode": RegistrationMode.OPEN, "registration_opens_at": None, "registration_closes_at": None,
    }, needs_approval=False)  # as a site administrator approves it: public at once
    rooms = [Room(event_id=event.id, name={"en": f"Room {i + 1}", "ru": f"Зал {i + 1}", "kk": f"Зал {i + 1}"},
                  capacity=50 + 10 * i, position=i) for i in range(room_count)]
    colours = ["#1f5aa6", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"]
    tracks = [Track(event_id=event.id, name={"en": f"Track {i + 1}", "ru": f"Направление {i + 1}"}, colour=c)
              for i, c in enumerate(colours)]
    people = [Person(event_id=event.id, name=f"Speaker {i:03d} Испытателев", email=f"speaker{i}@bench.example.org",
                     title={"en": "Expert", "ru": "Эксперт", "kk": "Сарапшы"},
                     organisation={"en": f"Organisation {i % 40}", "ru": f"Организация {i % 40}"},
                     country=["KZ", "RU", "DE", "GB", "FR"][i % 5],
                     bio={"en": "Works on the prevention of torture. " * 4, "ru": "Работает над предупреждением пыток. " * 4})
              for i in range(PEOPLE.get(size, 300))]
    db.session.add_all(rooms + tracks + people)
    db.session.flush()

    tz = ZoneInfo("Asia/Almaty")
    kinds = [SessionKind.PLENARY, SessionKind.PANEL, SessionKind.WORKSHOP, SessionKind.TRAINING_MODULE,
             SessionKind.NETWORKING]
    roles = [PersonRole.SPEAKER, PersonRole.CHAIR, PersonRole.PANELIST]
    sessions = []
    for i in range(size):
        day, rest = divmod(i, slots * room_count)
        slot, room = divmod(rest, room_count)
        starts = datetime.combine(start + timedelta(days=day), dtime(8, 0), tz) + timedelta(minutes=30 * slot)
        is_break = i % 10 == 9
        session = Session(
            event_id=event.id, kind=SessionKind.BREAK if is_break else kinds[i % len(kinds)],
            status=SessionStatus.CANCELLED if i % 40 == 17 else SessionStatus.CONFIRMED,
            title={"en": f"Session {i}: monitoring places of detention", "ru": f"Сессия {i}: мониторинг мест лишения свободы",
                   "kk": f"Сессия {i}: бас бостандығынан айыру орындарының мониторингі"},
            abstract={"en": "How national preventive mechanisms visit, report and follow up. " * 3,
                      "ru": "Как национальные превентивные механизмы посещают, отчитываются и добиваются изменений. " * 3},
            starts_at=starts.astimezone(UTC), ends_at=(starts + timedelta(minutes=25)).astimezone(UTC),
            room_id=rooms[room].id, track_id=None if is_break else tracks[i % len(tracks)].id,
            interpretation=["ru", "kk"] if i % 3 == 0 else [],
        )
        if not is_break:
            session.people = [SessionPerson(person_id=people[(i * 7 + k * 13) % len(people)].id, role=roles[k], position=k)
                              for k in range(1 + i % 3)]
        sessions.append(session)
    db.session.add_all(sessions)
    db.session.flush()

    confirmed = event.capacity or 0
    now = datetime.now(UTC)
    db.session.add_all([
        Registration(event_id=event.id, email=f"participant{i:05d}@bench.example.org", name=f"Participant {i:05d}",
                     organisation=f"Organisation {i % 100}", language=["en", "ru", "kk"][i % 3],
                     status=RegistrationStatus.CONFIRMED if i < confirmed else RegistrationStatus.WAITING,
                     confirmed_at=now if i < confirmed else None, waiting_since=None if i < confirmed else now,
                     answers={"organisation": f"Organisation {i % 100}"})
        for i in range(registrations)
    ])
    db.session.flush()
    publish(event, None)
    db.session.commit()
    return event.slug


# --- (a) and (b): in-process ---------------------------------------------------------------------

class QueryCounter:
    def __init__(self):
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.statements.append(statement)

    def reset(self):
        self.count = 0
        self.statements = []


def measure_in_process(env: dict[str, str], slugs: dict[int, str], samples: int, warmup: int) -> dict:
    os.environ.update(env)  # config.py reads the environment when it is imported
    from sqlalchemy import event as sa_event

    from app import create_app
    from app.extensions import db

    app = create_app()
    counter = QueryCounter()
    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", counter)
    client = app.test_client()

    queries: dict[str, dict[int, dict]] = {}
    for label, pattern in ENDPOINTS:
        queries[label] = {}
        for size in SIZES:
            path = pattern.format(slug=slugs[size])
            runs = []
            for _ in range(2):  # cold (this process has not parsed the publication yet), then warm
                counter.reset()
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                runs.append({"status": response.status_code, "queries": counter.count, "bytes": len(response.data),
                             "statements": list(counter.statements), "ms": round(elapsed, 1),
                             "etag": response.headers.get("ETag")})
            queries[label][size] = {"status": runs[0]["status"], "cold": runs[0]["queries"], "warm": runs[1]["queries"],
                                    "bytes": runs[1]["bytes"], "statements": runs[1]["statements"],
                                    "cold_statements": runs[0]["statements"], "cold_ms": runs[0]["ms"],
                                    "warm_ms": runs[1]["ms"], "etag": runs[1]["etag"]}

    timings = {}
    for label, pattern, size in (("agenda page", ENDPOINTS[0][1], 300), ("agenda.ics", ENDPOINTS[1][1], 300),
                                 ("agenda page", ENDPOINTS[0][1], 1000)):
        path = pattern.format(slug=slugs[size])
        status = client.get(path).status_code
        key = f"{label} @ {size}"
        if status in NOT_THERE:
            timings[key] = {"status": status}
            continue
        for _ in range(warmup):
            client.get(path)
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        timings[key] = {"status": status, "first_ms": queries[label][size]["cold_ms"],
                        "p50_ms": round(percentile(times, 50), 1),
                        "p95_ms": round(percentile(times, 95), 1), "max_ms": round(max(times), 1), "n": samples}
    with app.app_context():
        sa_event.remove(db.engine, "before_cursor_execute", counter)
        db.engine.dispose()
    return {"queries": queries, "timings": timings}


# --- (c): gunicorn under load ----------------------------------------------------------------------

def load(port: int, path: str, clients: int, duration: float, warmup: float, max_requests: int = 1_000_000) -> dict:
    """`clients` threads, each: new connection, GET, read to the end, repeat. Warm-up first, not counted."""
    request_bytes = get_request_bytes(port, path)
    results = {"ok": 0, "bad": 0, "errors": 0, "latencies": []}
    lock = threading.Lock()
    per_thread_limit = max_requests // clients

    def worker(until: float, record: bool):
        ok = bad = errors = 0
        latencies = []
        for _ in range(per_thread_limit):
            started = time.perf_counter()
            if started >= until:
                break
            try:
                status = raw_get(port, request_bytes, timeout=30)
            except OSError:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            if status == 200:
                ok += 1
            else:
                bad += 1
        if record:
            with lock:
                results["ok"] += ok
                results["bad"] += bad
                results["errors"] += errors
                results["latencies"].extend(latencies)

    for record, seconds in ((False, warmup), (True, duration)):
        until = time.perf_counter() + seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(until, record), daemon=True) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        elapsed = time.perf_counter() - started
    latencies = results.pop("latencies")
    results["seconds"] = round(elapsed, 2)
    results["rps"] = round(results["ok"] / elapsed, 1) if elapsed else 0
    results["p50_ms"] = round(percentile(latencies, 50) * 1000, 1) if latencies else None
    results["p95_ms"] = round(percentile(latencies, 95) * 1000, 1) if latencies else None
    return results


def measure_under_gunicorn(env: dict[str, str], slug: str, clients: int, duration: float, warmup: float,
                           workers: int) -> dict:
    app_log, hello_log = log_path("agenda-app"), log_path("agenda-hello")
    app_server = Gunicorn(env, app_log, workers=workers)
    hello_server = Gunicorn(env, hello_log, wsgi_app="bench.hello:app", workers=workers, health_path="/")
    try:
        app_server.start()
        hello_server.start()
        rss_before = app_server.worker_rss_mb()
        phases = {
            "hello-world (Flask)": load(hello_server.port, "/", clients, duration, warmup),
            "/healthz": load(app_server.port, "/healthz", clients, duration, warmup),
            "agenda page, 1,000 sessions": load(app_server.port, f"/events/{slug}/agenda", clients, duration, warmup),
        }
        rss_after, rss_peak = app_server.worker_rss_mb(), app_server.worker_rss_mb("VmHWM")
    finally:
        hello_server.stop()
        app_server.stop()
    hello = phases["hello-world (Flask)"]["rps"]
    agenda = phases["agenda page, 1,000 sessions"]["rps"]
    healthz = phases["/healthz"]["rps"]
    return {
        "phases": phases, "clients": clients, "duration": duration, "workers": workers,
        "ratio_to_hello": round(agenda / hello, 3) if hello else None,
        "ratio_to_healthz": round(agenda / healthz, 3) if healthz else None,
        "worker_rss_mb_before": rss_before, "worker_rss_mb_after": rss_after, "worker_peak_rss_mb": rss_peak,
        "log_problems": problems_in_log(app_log) + problems_in_log(hello_log), "logs": [str(app_log), str(hello_log)],
    }


# --- report --------------------------------------------------------------------------------------------

def _query_cell(entry: dict) -> str:
    if entry["status"] in NOT_THERE:
        return "n/a"
    if entry["status"] != 200:
        return f"HTTP {entry['status']}"
    return str(entry["warm"]) if entry["cold"] == entry["warm"] else f"{entry['cold']}/{entry['warm']}"


def query_verdict(per_size: dict) -> tuple[str, int | None]:
    measured = [e for e in per_size.values() if e["status"] == 200]
    if not measured:
        return "n/a", None
    worst = max(max(e["cold"], e["warm"]) for e in measured)
    constant = len({(e["cold"], e["warm"]) for e in measured}) == 1 and len(measured) == len(per_size)
    return ("OK" if constant and worst <= 10 else "FAIL"), worst


def print_report(result: dict) -> None:
    queries = result["in_process"]["queries"]
    rows = []
    for label, _ in ENDPOINTS:
        verdict, _worst = query_verdict(queries[label])
        rows.append([label] + [_query_cell(queries[label][size]) for size in SIZES] + [verdict])
    print(table(["endpoint"] + [f"{size} sessions" for size in SIZES] + ["constant, <= 10"], rows,
                title="(a) SQL queries per request (cold/warm when they differ; cold = first request in this process)"))
    for label, _ in ENDPOINTS:
        entry = queries[label][SIZES[-1]]
        if entry["status"] == 200:
            print(f"    {label} @ {SIZES[-1]}: {entry['bytes']:,} bytes, first request {entry['cold_ms']} ms, "
                  f"second {entry['warm_ms']} ms, ETag {'yes' if entry['etag'] else 'no'}")
            for statement in entry["statements"]:
                print(f"        {_short(statement)}")

    print()
    rows = []
    for key, t in result["in_process"]["timings"].items():
        if "p50_ms" not in t:
            rows.append([key, "n/a", "n/a", "n/a", "-", "n/a"])
        else:
            rows.append([key, f"{t['p50_ms']} ms", f"{t['p95_ms']} ms", f"{t['max_ms']} ms", t["n"], f"{t['first_ms']} ms"])
    print(table(["request", "p50", "p95", "max", "n", "first request (cold)"], rows,
                title="(b) server time in-process, warm (Flask test client; target: agenda.ics @ 300 p50 <= 30 ms)"))

    load_result = result["gunicorn"]
    print()
    rows = [[name, f"{p['rps']}", f"{p['p50_ms']} ms", f"{p['p95_ms']} ms", p["ok"], p["bad"], p["errors"]]
            for name, p in load_result["phases"].items()]
    print(table(["endpoint", "req/s", "p50", "p95", "200s", "non-200", "conn errors"], rows,
                title=f"(c) gunicorn, {load_result['workers']} sync workers, {load_result['clients']} client threads, "
                      f"{load_result['duration']:g} s each, new connection per request, no cookies"))
    ratio, ratio_h = load_result["ratio_to_hello"], load_result["ratio_to_healthz"]
    print(f"    agenda / hello-world = {ratio:.1%} (target >= 50%: {'OK' if ratio and ratio >= 0.5 else 'FAIL'}); "
          f"agenda / healthz = {ratio_h:.1%}")
    print(f"    app worker RSS before {load_result['worker_rss_mb_before']} MiB, after {load_result['worker_rss_mb_after']} MiB, "
          f"peak {load_result['worker_peak_rss_mb']} MiB")
    if load_result["log_problems"]:
        print("    suspicious lines in the server logs:")
        for line in load_result["log_problems"]:
            print(f"      {line}")


def _short(statement: str) -> str:
    words = " ".join(statement.split())
    if words.upper().startswith("SELECT"):
        from_part = words.upper().find(" FROM ")
        return "SELECT … " + words[from_part + 1:][:100] if from_part > 0 else words[:80]
    return words[:80]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--duration", type=float, default=10, help="seconds per load phase (max 60)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of uncounted load before each phase")
    parser.add_argument("--clients", type=int, default=8, help="client threads in the load phases (max 64)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if not (0 < args.duration <= 60 and 0 <= args.warmup <= 30 and 0 < args.clients <= 64 and 0 < args.samples <= 1000):
        parser.error("duration 0-60 s, warmup 0-30 s, clients 1-64, samples 1-1000")

    with workspace("agenda") as workdir:
        database_url = prepare_database(args.db, workdir)
        env = app_env(database_url, workdir / "instance")
        try:
            print(f"[agenda] {args.db}: migrating and seeding {', '.join(map(str, SIZES))} sessions...", flush=True)
            t0 = time.perf_counter()
            migrate(env)
            slugs = {int(k): v for k, v in run_in_app(env, "bench.agenda:seed", sizes=list(SIZES)).items()}
            print(f"[agenda] seeded in {time.perf_counter() - t0:.1f} s; measuring in-process...", flush=True)
            in_process = measure_in_process(env, slugs, args.samples, warmup=5)
            print(f"[agenda] load phases under gunicorn ({3 * (args.duration + args.warmup):.0f} s)...", flush=True)
            under_load = measure_under_gunicorn(env, slugs[1000], args.clients, args.duration, args.warmup, args.workers)
        finally:
            if args.db == "postgresql":
                prepare_database("postgresql", workdir)  # leave no bench data behind
    result = {"db": args.db, "in_process": in_process, "gunicorn": under_load}
    print()
    print_report(result)
    for per_size in in_process["queries"].values():
        for entry in per_size.values():
            entry.pop("statements"), entry.pop("cold_statements")
    write_json(args.json, {"agenda": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
