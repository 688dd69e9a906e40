"""A 10,000-participant event in the back office: the participant table, exports, the check-in
desk, a bulk approval and a batch of certificates, with SQL statements per request.

Seeds (bulk inserts, a few seconds) one event with 10,000 registrations: five questions answered
(a single and a multiple choice, a country, a checkbox, a text), 80% confirmed, 10% pending,
the rest waiting, cancelled or rejected; 30% of them with places in eight limited workshops;
2,000 checked in. Beside it the same event with 100 registrations (statements per request
must not grow with the rows), and a training with 1,000 participants who all completed it
(none has a certificate yet).

gunicorn serves the app (one sync worker, so every request lands in the worker whose memory
is sampled) through bench/counting.py, which writes down each request's SQL statements and
server time; the background worker (`flask jobs worker`) runs beside it. The client signs in
as the organiser and measures, over HTTP:

  (a) the participant table: first page, a filter by an answer, a search by a Cyrillic name,
      a sort by name: p50/p95 of 30 requests each (target p50 < 50 ms), statements per request
      at 100 and 10,000 registrations (target: the same);
  (b) the check-in desk's name search: p50 (target < 20 ms), statements;
  (c) the CSV and XLSX exports of all 10,000: time to the last byte (target < 10 s), worker RSS
      sampled every 20 ms (baseline -> peak, growth; the same export of the 100-registration event
      beside it), rows checked;
  (d) approving the 1,000 pending registrations in one action (the table filtered by status,
      "select all that match"): time, statements, then in the database: statuses, mail queued,
      audit entries;
  (e) certificates for the 1,000 participants of the training: the organiser's request, then the
      batch's progress polled until it is done; the longest request (target: a few seconds, <= 3 s)
      and the time until every certificate and its mail exists.

    .venv/bin/python bench/backoffice.py [--db sqlite|postgresql|both] [--registrations 10000]
                                         [--samples 30] [--json FILE]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HOST,
    Browser,
    Gunicorn,
    JobsWorker,
    app_env,
    csrf_token,
    log_path,
    migrate,
    percentile,
    problems_in_log,
    reset_postgres,
    rss_mb,
    run_in_app,
    sqlite_url,
    table,
    workspace,
    write_json,
)

# BENCH_BACKOFFICE_DB_URL: another database, so that two runs (two checkouts) do not share one.
POSTGRES_URL = os.environ.get("BENCH_BACKOFFICE_DB_URL", "postgresql://postgres@127.0.0.1:5432/bench_backoffice")
SLUG, SMALL_SLUG, TRAINING_SLUG = "bench-backoffice", "bench-backoffice-small", "bench-backoffice-training"
ORGANISER = "organiser@bench.example.org"
PASSWORD = "bench-password-123"
SMALL = 100
TRAINEES = 1000
MODULES = 5
WORKSHOPS = 8

FIRST_NAMES = ["Әлия", "Айгүл", "Нұрлан", "Дмитрий", "Ольга", "Ержан", "Сәуле", "Иван", "Мария", "Қанат",
               "Gulnara", "John", "Анна", "Бауыржан", "Елена", "Marat"]
LAST_NAMES = ["Нұрланқызы", "Жақсылықова", "Иванов", "Петрова", "Сейітов", "Smith", "Ахметова", "Ким",
              "Омаров", "Кузнецова", "Müller", "Тоқтаров", "Әбілқасымова"]
ORGANISATIONS = ["Министерство юстиции", "ҰАТ", "Human Rights Office", "Фонд «Сөз»", "University of Almaty",
                 "Уполномоченный по правам человека", "Penal Reform International", "Қоғамдық кеңес"]
SECTORS = [("government", "Government", "Государство"), ("ngo", "Civil society", "Гражданское общество"),
           ("academia", "Academia", "Наука"), ("media", "Media", "СМИ")]
TOPICS = [("detention", "Detention", "Места лишения свободы"), ("health", "Health", "Здоровье"),
          ("police", "Police", "Полиция"), ("migration", "Migration", "Миграция")]
COUNTRIES = ["KZ", "KG", "UZ", "RU", "DE", "GB", "TJ"]

TABLE_PAGES = (
    ("first page", {}),
    ("filter by an answer", {"f_sector": "ngo"}),
    ("search by a Cyrillic name", {"q": "Нұрлан"}),
    ("sort by name", {"sort": "name"}),
)
DESK_TERMS = ["Әлия", "жақсылық", "иванов", "smith", "нұрланқызы", "Қанат Ким", "елена", "müller"]


def _status_of(index: int) -> str:
    """10% pending, 5% waiting, 3% cancelled, 2% rejected, 80% confirmed, spread through the table."""
    slot = index % 100
    return ("pending" if slot < 10 else "waiting" if slot < 15 else "cancelled" if slot < 18
            else "rejected" if slot < 20 else "confirmed")


# --- seeding: run inside create_app() (python -m bench.common seed ...) -----------------------------

def seed(registrations: int, small: int, trainees: int) -> dict:
    from app.accounts.services import create_user

    organiser = create_user(email=ORGANISER, password=PASSWORD, name="Organiser", verified=True)
    started = time.perf_counter()
    big = _seed_event(organiser, SLUG, registrations)
    _seed_event(organiser, SMALL_SLUG, small)
    _seed_training(organiser, TRAINING_SLUG, trainees)
    return {"slug": SLUG, "small_slug": SMALL_SLUG, "training_slug": TRAINING_SLUG,
            "rows_seconds": round(time.perf_counter() - started, 1), **big}


def _new_event(organiser, slug: str, title: str, **extra):
    from datetime import date

    from app.events.models import EventKind, RegistrationMode, Visibility
    from app.events.services import create_event

    data = {
        "title": {"en": title, "ru": f"{title} (ru)", "kk": f"{title} (kk)"}, "summary": {"en": "A large event."},
        "description": {}, "venue": {"en": "Astana", "ru": "Астана"}, "slug": slug, "kind": EventKind.FORUM,
        "start_date": date(2030, 5, 16), "end_date": date(2030, 5, 17), "timezone": "Asia/Almaty",
        "languages": ["en", "ru", "kk"], "default_language": "ru", "visibility": Visibility.PUBLIC,
        "capacity": None, "registration_mode": RegistrationMode.APPROVAL, "registration_opens_at": None,
        "registration_closes_at": None,
    }
    data.update(extra)
    return create_event(organiser, data)


def _registration_rows(event, count: int, statuses, now) -> list[dict]:
    from datetime import timedelta

    from app.core.text import search_key
    from app.registration.models import RegistrationStatus, new_ticket_code

    rows = []
    for i in range(count):
        status = RegistrationStatus(statuses(i))
        created = now - timedelta(days=60) + timedelta(seconds=i * 60 * 24 * 3600 // max(count, 1))
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[i * 7 % len(LAST_NAMES)]} {i:05d}"
        organisation = ORGANISATIONS[i % len(ORGANISATIONS)]
        email = f"participant{i:05d}@{event.slug}.example.org"
        sector = SECTORS[i % len(SECTORS)][0]
        topics = [TOPICS[k][0] for k in range(len(TOPICS)) if (i >> k) & 1]
        rows.append({
            "event_id": event.id, "email": email, "name": name, "organisation": organisation,
            "language": ["ru", "kk", "en"][i % 3], "status": status,
            "answers": {"organisation": organisation, "sector": sector, "topics": topics,
                        "country": COUNTRIES[i % len(COUNTRIES)], "wheelchair": i % 17 == 0,
                        "diet": "" if i % 5 else "вегетарианское"},
            "ticket_code": new_ticket_code(), "created_at": created, "updated_at": created,
            "confirmed_at": created if status == RegistrationStatus.CONFIRMED else None,
            "waiting_since": created if status == RegistrationStatus.WAITING else None,
            "cancelled_at": created if status == RegistrationStatus.CANCELLED else None,
            "checked_in_at": None, "internal_note": "", "search_key": search_key(name, organisation, email),
        })
    return rows


def _insert(table_name: str, rows: list[dict], chunk: int = 2000) -> None:
    """Rows straight into a table, a few thousand per statement (no ORM: seconds, not minutes)."""
    from sqlalchemy import insert

    from app.extensions import db

    for start in range(0, len(rows), chunk):
        db.session.execute(insert(db.metadata.tables[table_name]), rows[start:start + chunk])


def _ids_by_email(event) -> dict[str, int]:
    from sqlalchemy import select

    from app.extensions import db
    from app.registration.models import Registration

    return dict(db.session.execute(select(Registration.email, Registration.id)
                                   .where(Registration.event_id == event.id)).all())


def _seed_event(organiser, slug: str, count: int) -> dict:
    from datetime import UTC, datetime, timedelta

    from app.agenda.models import Session, SessionKind
    from app.extensions import db
    from app.registration.models import (
        FieldKind,
        RegistrationField,
        SeatCounter,
        SessionRegistrationStatus,
        SessionSeatCounter,
    )

    now = datetime.now(UTC)
    confirmed = sum(_status_of(i) == "confirmed" for i in range(count))
    pending = sum(_status_of(i) == "pending" for i in range(count))
    # Half of the pending people will find a seat when approved; the other half the waiting list.
    event = _new_event(organiser, slug, f"Back-office bench, {count} registrations", capacity=confirmed + pending // 2)

    def choices(items):
        return [{"key": key, "label": {"en": en, "ru": ru}} for key, en, ru in items]

    db.session.add_all([
        RegistrationField(event_id=event.id, key="organisation", kind=FieldKind.TEXT, position=0,
                          label={"en": "Organisation", "ru": "Организация"}),
        RegistrationField(event_id=event.id, key="sector", kind=FieldKind.SINGLE_CHOICE, position=1,
                          label={"en": "Sector", "ru": "Сфера деятельности"}, choices=choices(SECTORS)),
        RegistrationField(event_id=event.id, key="topics", kind=FieldKind.MULTIPLE_CHOICE, position=2,
                          label={"en": "Topics", "ru": "Темы"}, choices=choices(TOPICS)),
        RegistrationField(event_id=event.id, key="country", kind=FieldKind.COUNTRY, position=3,
                          label={"en": "Country", "ru": "Страна"}),
        RegistrationField(event_id=event.id, key="wheelchair", kind=FieldKind.CHECKBOX, position=4,
                          label={"en": "Wheelchair access", "ru": "Доступ для кресла-коляски"}),
        RegistrationField(event_id=event.id, key="diet", kind=FieldKind.TEXT, position=5,
                          label={"en": "Diet", "ru": "Питание"}),
    ])
    rows = _registration_rows(event, count, _status_of, now)
    # 2,000 in 10,000 checked in: every fourth confirmed person.
    confirmed_rows = [row for row in rows if row["status"].value == "confirmed"]
    for row in confirmed_rows[::4]:
        row["checked_in_at"] = now - timedelta(hours=1)
    _insert("registration", rows)
    db.session.add(SeatCounter(event_id=event.id, taken=confirmed))

    # 30% of all registrations hold places in eight limited workshops (one or two each).
    holders = confirmed_rows[:count * 3 // 10]
    start = datetime(2030, 5, 16, 4, 0, tzinfo=UTC)
    per_session = [0] * WORKSHOPS
    plan = []
    for k, row in enumerate(holders):
        for session_index in ([k % WORKSHOPS] + ([(k + 3) % WORKSHOPS] if k % 3 == 0 else [])):
            plan.append((row["email"], session_index))
            per_session[session_index] += 1
    sessions = [Session(event_id=event.id, kind=SessionKind.WORKSHOP, title={"en": f"Workshop {n + 1}",
                                                                             "ru": f"Практикум {n + 1}"},
                        starts_at=start + timedelta(hours=n), ends_at=start + timedelta(hours=n, minutes=50),
                        capacity=per_session[n] + 20) for n in range(WORKSHOPS)]
    db.session.add_all(sessions)
    db.session.flush()
    ids = _ids_by_email(event)
    _insert("session_registration", [
        {"session_id": sessions[n].id, "registration_id": ids[email], "status": SessionRegistrationStatus.CONFIRMED,
         "confirmed_at": now, "created_at": now, "updated_at": now} for email, n in plan])
    db.session.add_all([SessionSeatCounter(session_id=s.id, taken=per_session[n]) for n, s in enumerate(sessions)])
    db.session.flush()
    return {f"{slug}:registrations": count, f"{slug}:pending": pending, f"{slug}:places": len(plan),
            f"{slug}:checked_in": len(confirmed_rows[::4])}


def _seed_training(organiser, slug: str, count: int) -> None:
    from datetime import UTC, datetime, timedelta

    from app.agenda.models import Session, SessionKind
    from app.agenda.publishing import publish
    from app.events.models import EventKind, RegistrationMode
    from app.extensions import db
    from app.registration.models import SeatCounter

    now = datetime.now(UTC)
    event = _new_event(organiser, slug, f"Training bench, {count} participants", kind=EventKind.TRAINING,
                       registration_mode=RegistrationMode.OPEN)
    start = datetime(2030, 5, 16, 4, 0, tzinfo=UTC)
    modules = [Session(event_id=event.id, kind=SessionKind.TRAINING_MODULE,
                       title={"en": f"Module {n + 1}", "ru": f"Модуль {n + 1}", "kk": f"Модуль {n + 1}"},
                       starts_at=start + timedelta(hours=2 * n), ends_at=start + timedelta(hours=2 * n + 1, minutes=30))
               for n in range(MODULES)]
    db.session.add_all(modules)
    db.session.flush()
    publish(event, None)
    _insert("registration", _registration_rows(event, count, lambda i: "confirmed", now))
    db.session.add(SeatCounter(event_id=event.id, taken=count))
    ids = sorted(_ids_by_email(event).values())
    # Everyone attended at least four modules of five: everyone completed (the default rule asks for 80%).
    _insert("attendance", [
        {"event_id": event.id, "session_id": module.id, "registration_id": rid, "marked_at": now, "method": "code"}
        for k, rid in enumerate(ids) for n, module in enumerate(modules) if not (k % 2 and n == k % MODULES)])
    db.session.flush()


def database_figures(slug: str, training_slug: str) -> dict:
    """What the database holds after the bulk approval and the certificate batch."""
    from sqlalchemy import func, select

    from app.core.models import AuditEntry, OutboxMessage
    from app.events.models import Event
    from app.extensions import db
    from app.registration.models import Registration, SeatCounter
    from app.trainings.models import Certificate

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    training = db.session.scalar(select(Event).where(Event.slug == training_slug))
    statuses = dict(db.session.execute(select(Registration.status, func.count()).where(
        Registration.event_id == event.id).group_by(Registration.status)).all())
    audit = dict(db.session.execute(select(AuditEntry.action, func.count()).where(
        AuditEntry.event_id.in_([event.id, training.id])).group_by(AuditEntry.action)).all())
    subjects = dict(db.session.execute(select(OutboxMessage.subject, func.count()).group_by(OutboxMessage.subject)).all())
    return {
        "statuses": {status.value: n for status, n in statuses.items()},
        "seats_taken": db.session.get(SeatCounter, event.id).taken, "capacity": event.capacity,
        "audit": audit, "outbox": db.session.scalar(select(func.count(OutboxMessage.id))),
        "outbox_by_subject": subjects,
        "certificates": db.session.scalar(select(func.count(Certificate.id)).where(Certificate.event_id == training.id)),
    }


def pending_ids(slug: str) -> list[int]:
    from sqlalchemy import select

    from app.events.models import Event
    from app.extensions import db
    from app.registration.models import Registration, RegistrationStatus

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    return list(db.session.scalars(select(Registration.id).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.PENDING).order_by(Registration.id)))


# --- the client ------------------------------------------------------------------------------------------

class RequestLog:
    """The server's lines (bench/counting.py), one per request, read as they come."""

    def __init__(self, path: Path):
        self.path = path
        self.seen = 0

    def _lines(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()]

    def skip_to_end(self) -> None:
        self.seen = len(self._lines())

    def next(self, timeout: float = 5) -> dict | None:
        """The next request's line (the server writes it once the body is sent)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self._lines()
            if len(lines) > self.seen:
                self.seen += 1
                return lines[self.seen - 1]
            time.sleep(0.005)
        return None


class Client:
    def __init__(self, port: int, requests: RequestLog):
        self.browser = Browser(port, timeout=300)
        self.port = port
        self.requests = requests

    def request(self, method: str, path: str, form: dict | None = None) -> dict:
        self.requests.skip_to_end()
        started = time.perf_counter()
        status, headers, body = self.browser.request(method, path, form)
        elapsed = (time.perf_counter() - started) * 1000
        server = self.requests.next() or {}
        return {"status": status, "headers": headers, "body": body, "ms": round(elapsed, 2),
                "server_ms": server.get("ms"), "queries": server.get("queries")}

    def sign_in(self) -> None:
        page = self.request("GET", "/account/login")
        token = csrf_token(page["body"])
        answer = self.request("POST", "/account/login", {"email": ORGANISER, "password": PASSWORD, "csrf_token": token})
        if answer["status"] not in (302, 303):
            raise RuntimeError(f"sign-in refused: HTTP {answer['status']}")


def _url(path: str, args: dict) -> str:
    return path + ("?" + urlencode(args) if args else "")


def measure_pages(client: Client, slug: str, small_slug: str, samples: int, warmup: int) -> dict:
    """(a) and (b): p50/p95 at 10,000; statements at 100 and 10,000."""
    result = {}
    pages = [(f"table: {label}", "/manage/events/{slug}/registrations", args) for label, args in TABLE_PAGES]
    pages += [("desk: name search", "/manage/events/{slug}/checkin", None)]
    for label, pattern, args in pages:
        entry = {}
        for which, event_slug in (("small", small_slug), ("large", slug)):
            path = pattern.format(slug=event_slug)
            times, server_times, queries, statuses, sizes = [], [], set(), set(), []
            for n in range(warmup + (samples if which == "large" else 3)):
                wanted = args if args is not None else {"q": DESK_TERMS[n % len(DESK_TERMS)]}
                answer = client.request("GET", _url(path, wanted))
                statuses.add(answer["status"])
                queries.add(answer["queries"])
                if n >= warmup:
                    times.append(answer["ms"])
                    server_times.append(answer["server_ms"] or 0)
                    sizes.append(len(answer["body"]))
            entry[which] = {"statuses": sorted(statuses), "queries": sorted(q for q in queries if q is not None),
                            "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
                            "server_p50_ms": round(percentile(server_times, 50), 1), "n": len(times),
                            "bytes": max(sizes)}
        result[label] = entry
    return result


class RssSampler:
    """The worker's VmRSS every 20 ms in a thread: baseline before, peak during."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            value = rss_mb(self.pid) or 0.0
            self.peak = max(self.peak, value)
            self._stop.wait(0.02)

    def __enter__(self):
        self.baseline = rss_mb(self.pid) or 0.0
        self.peak = self.baseline
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=2)


def _download(port: int, cookies: dict, path: str, target: Path) -> tuple[int, int, float, float]:
    """GET `path` into `target` in 64 KiB reads; (status, bytes, seconds to the first byte, seconds in all)."""
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=300)
    started = time.perf_counter()
    first = None
    size = 0
    try:
        conn.request("GET", path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                                           "Connection": "close"})
        response = conn.getresponse()
        with open(target, "wb") as out:
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                if first is None:
                    first = time.perf_counter() - started
                out.write(chunk)
                size += len(chunk)
        return response.status, size, first or 0.0, time.perf_counter() - started
    finally:
        conn.close()


def measure_exports(client: Client, server: Gunicorn, slug: str, small_slug: str, workdir: Path,
                    expected_rows: int) -> dict:
    """(c): time, RSS growth, rows; the 100-registration event's export for comparison."""
    [pid] = server.worker_pids()
    result = {}
    for kind in ("csv", "xlsx"):
        for which, event_slug in (("small", small_slug), ("large", slug)):
            target = workdir / f"export-{which}.{kind}"
            client.requests.skip_to_end()
            with RssSampler(pid) as rss:
                status, size, first, total = _download(client.port, client.browser.cookies,
                                                       f"/manage/events/{event_slug}/registrations.{kind}", target)
            server_line = client.requests.next() or {}
            rows = _count_rows(target, kind) if status == 200 else None
            result.setdefault(kind, {})[which] = {
                "status": status, "bytes": size, "seconds": round(total, 2), "first_byte_s": round(first, 3),
                "rss_baseline_mb": round(rss.baseline, 1), "rss_peak_mb": round(rss.peak, 1),
                "rss_growth_mb": round(rss.peak - rss.baseline, 1), "rows": rows,
                "queries": server_line.get("queries"), "server_s": round((server_line.get("ms") or 0) / 1000, 2)}
            target.unlink(missing_ok=True)
        result[kind]["expected_rows"] = expected_rows
        result[kind]["ok"] = (result[kind]["large"]["rows"] == expected_rows + 1
                              and result[kind]["large"]["status"] == 200)
    return result


def _count_rows(path: Path, kind: str) -> int:
    if kind == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.reader(handle))
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def measure_bulk_approval(client: Client, env: dict, slug: str) -> dict:
    """(d): the table filtered to pending people, all of them selected, "Approve"."""
    path = f"/manage/events/{slug}/registrations?status=pending"
    page = client.request("GET", path)
    token = csrf_token(page["body"])
    match = re.search(r'name="scope"[^>]*value="matching"|value="matching"[^>]*name="scope"', page["body"])
    if match:
        form = {"csrf_token": token, "action": "approve", "scope": "matching"}
        how = "select all that match the filter"
    else:  # an app without "select all that match": every pending id in one form
        ids = run_in_app(env, "bench.backoffice:pending_ids", slug=slug)
        form = [("csrf_token", token), ("action", "approve")] + [("ids", str(i)) for i in ids]
        how = f"{len(ids)} ids in one form"
    answer = client.request("POST", path, form)
    return {"how": how, "status": answer["status"], "ms": answer["ms"], "queries": answer["queries"],
            "location": answer["headers"].get("location", "")}


def measure_certificates(client: Client, training_slug: str, timeout: float = 600) -> dict:
    """(e): the organiser issues certificates; the page's progress is polled until the batch ends."""
    base = f"/manage/events/{training_slug}/certificates"
    page = client.request("GET", base)
    form_html = re.search(r'<form[^>]*issue-form.*?</form>', page["body"], re.S)
    token = csrf_token(form_html.group(0) if form_html else page["body"])
    started = time.perf_counter()
    answer = client.request("POST", f"{base}/issue", {"csrf_token": token})
    requests_ms = [answer["ms"]]
    polls = 0
    progress = None
    while time.perf_counter() - started < timeout:
        poll = client.request("GET", f"{base}/progress.json")
        if poll["status"] == 404:  # an app that issues them inside the request
            break
        polls += 1
        requests_ms.append(poll["ms"])
        progress = json.loads(poll["body"])
        if progress.get("finished"):
            break
        time.sleep(0.5)
    done = time.perf_counter() - started
    after = client.request("GET", base)
    return {"status": answer["status"], "issue_request_ms": answer["ms"], "issue_queries": answer["queries"],
            "page_ms": page["ms"], "page_queries": page["queries"], "page_after_ms": after["ms"],
            "polls": polls, "longest_request_ms": max(requests_ms + [page["ms"], after["ms"]]),
            "progress": progress, "batch_seconds": round(done, 1)}


def _vacuum_analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("VACUUM ANALYZE")


# --- one database ------------------------------------------------------------------------------------

def run_backend(kind: str, registrations: int, samples: int, warmup: int) -> dict:
    with workspace(f"backoffice-{kind}") as workdir:
        database_url = sqlite_url(workdir) if kind == "sqlite" else reset_postgres(POSTGRES_URL)
        request_log = workdir / "requests.jsonl"
        env = app_env(database_url, workdir / "instance", BENCH_REQUEST_LOG=str(request_log))
        try:
            started = time.perf_counter()
            migrate(env)
            seeded = run_in_app(env, "bench.backoffice:seed", registrations=registrations, small=SMALL,
                                trainees=TRAINEES)
            if kind == "postgresql":
                # What autovacuum does within a minute of such a load: without statistics the planner
                # takes an event of 10,000 rows for one of 18 and reads its rows for every count.
                _vacuum_analyze(database_url)
            seed_seconds = time.perf_counter() - started
            log = log_path(f"backoffice-{kind}")
            server = Gunicorn(env, log, wsgi_app="bench.counting:app", workers=1,
                              extra_args=["--timeout", "600"])
            worker = JobsWorker(env, log)
            try:
                server.start()
                worker.start()
                client = Client(server.port, RequestLog(request_log))
                client.sign_in()
                print(f"[backoffice] {kind}: table and desk...", flush=True)
                pages = measure_pages(client, SLUG, SMALL_SLUG, samples, warmup)
                print(f"[backoffice] {kind}: exports...", flush=True)
                exports = measure_exports(client, server, SLUG, SMALL_SLUG, workdir, registrations)
                print(f"[backoffice] {kind}: bulk approval...", flush=True)
                approval = measure_bulk_approval(client, env, SLUG)
                print(f"[backoffice] {kind}: certificates...", flush=True)
                certificates = measure_certificates(client, TRAINING_SLUG)
                rss_end = server.worker_rss_mb()
            finally:
                worker.stop()
                server.stop()
            figures = run_in_app(env, "bench.backoffice:database_figures", slug=SLUG, training_slug=TRAINING_SLUG)
        finally:
            if kind == "postgresql":
                reset_postgres(POSTGRES_URL)  # leave no bench data behind in the shared server
    pending = seeded[f"{SLUG}:pending"]
    approved = figures["audit"].get("registration.approved", 0)
    approval.update(pending_before=pending, statuses_after=figures["statuses"], audit_approved=approved,
                    seats_taken=figures["seats_taken"], capacity=figures["capacity"],
                    ok=approval["status"] in (302, 303) and figures["statuses"].get("pending", 0) == 0
                    and approved == pending)
    certificates.update(certificates=figures["certificates"],
                        ok=figures["certificates"] == TRAINEES and certificates["longest_request_ms"] <= 3000)
    return {"db": kind, "registrations": registrations, "seed_seconds": round(seed_seconds, 1), "seeded": seeded,
            "pages": pages, "exports": exports, "approval": approval, "certificates": certificates,
            "outbox": figures["outbox"], "outbox_by_subject": figures["outbox_by_subject"],
            "worker_rss_end_mb": rss_end, "log": str(log), "log_problems": problems_in_log(log)}


# --- report ------------------------------------------------------------------------------------------

def print_report(r: dict) -> None:
    kind = r["db"]
    print(f"\n[{kind}] seeded {r['registrations']:,} + {SMALL} registrations and a {TRAINEES:,}-person training "
          f"in {r['seed_seconds']} s (rows: {r['seeded']['rows_seconds']} s, migrations and sign-up included in the rest)")
    rows = []
    for label, entry in r["pages"].items():
        large, small = entry["large"], entry["small"]
        target = 20 if label.startswith("desk") else 50
        constant = large["queries"] == small["queries"] and len(large["queries"]) == 1
        rows.append([label, f"{large['p50_ms']} ms", f"{large['p95_ms']} ms", f"{large['server_p50_ms']} ms",
                     "/".join(map(str, small["queries"])), "/".join(map(str, large["queries"])),
                     f"{large['bytes']:,}", "/".join(map(str, large["statuses"])),
                     "OK" if large["p50_ms"] < target and constant else "FAIL"])
    print(table(["request", "p50", "p95", "server p50", f"SQL @{SMALL}", f"SQL @{r['registrations']:,}", "bytes",
                 "HTTP", "verdict"], rows,
                title=f"[{kind}] (a, b) over HTTP, 1 sync worker; targets: table p50 < 50 ms, desk p50 < 20 ms, "
                      "statements the same at both sizes"))
    print()
    rows = []
    for kind_ in ("csv", "xlsx"):
        for which in ("small", "large"):
            e = r["exports"][kind_][which]
            rows.append([f"{kind_.upper()} of {SMALL if which == 'small' else r['registrations']:,}", f"{e['seconds']} s",
                         f"{e['first_byte_s']} s", f"{e['bytes']:,}", e["rows"], e["queries"],
                         f"{e['rss_baseline_mb']} -> {e['rss_peak_mb']} MiB", f"+{e['rss_growth_mb']} MiB"])
    print(table(["export", "time", "first byte", "bytes", "rows", "SQL", "worker RSS", "growth"], rows,
                title=f"[{kind}] (c) exports (target: 10,000 in < 10 s, memory constant)"))
    a = r["approval"]
    print(f"\n[{kind}] (d) bulk approval ({a['how']}): HTTP {a['status']} in {a['ms']} ms, {a['queries']} statements; "
          f"{a['audit_approved']} audit entries for {a['pending_before']} pending; statuses now {a['statuses_after']}; "
          f"seats {a['seats_taken']}/{a['capacity']} -> {'OK' if a['ok'] else 'FAIL'}")
    c = r["certificates"]
    print(f"[{kind}] (e) certificates: page {c['page_ms']} ms ({c['page_queries']} statements); issue request "
          f"{c['issue_request_ms']} ms ({c['issue_queries']} statements); {c['polls']} progress polls; done after "
          f"{c['batch_seconds']} s; {c['certificates']} certificates; longest request {c['longest_request_ms']} ms; "
          f"page afterwards {c['page_after_ms']} ms -> {'OK' if c['ok'] else 'FAIL'}")
    print(f"[{kind}] outbox {r['outbox']} messages {r['outbox_by_subject']}; worker RSS at the end {r['worker_rss_end_mb']} MiB")
    if r["log_problems"]:
        print(f"[{kind}] suspicious lines in {r['log']}:")
        for line in r["log_problems"]:
            print(f"    {line}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if not (1000 <= args.registrations <= 100_000 and 1 <= args.samples <= 500 and 0 <= args.warmup <= 50):
        parser.error("registrations 1,000-100,000, samples 1-500, warmup 0-50")
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = []
    for kind in kinds:
        print(f"[backoffice] {kind}: migrating and seeding {args.registrations:,} registrations...", flush=True)
        try:
            results.append(run_backend(kind, args.registrations, args.samples, args.warmup))
        except Exception as error:  # noqa: BLE001 - report and go on with the next database
            results.append({"db": kind, "failed": f"{type(error).__name__}: {error}"})
    for r in results:
        if "failed" in r:
            print(f"\n[{r['db']}] the run failed: {r['failed']}")
        else:
            print_report(r)
    write_json(args.json, {"backoffice": results})
    return 0 if all("failed" not in r for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
