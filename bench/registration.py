"""200 concurrent registrations over HTTP for 50 seats, on SQLite and on PostgreSQL.

Each client signs in (GET + POST /account/login), opens /events/<slug>/register,
waits for the others at a barrier, then posts the registration form, so the
200 registrations really race for the 50 seats. Afterwards the registrations
are counted in the database. Target (PRODUCT.md §5): exactly 50 confirmed +
150 waiting, 0 errors, on both databases.

    .venv/bin/python bench/registration.py [--db sqlite|postgresql|both] [--clients 200] [--seats 50]
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    Browser,
    Gunicorn,
    JobsWorker,
    app_env,
    csrf_token,
    log_path,
    migrate,
    prepare_database,
    problems_in_log,
    run_in_app,
    table,
    workspace,
    write_json,
)

SLUG = "bench-registration"
PASSWORD = "bench-password-123"
BARRIER_TIMEOUT = 300  # seconds: every client reaches the barrier well before this, or the run is broken
CLIENT_TIMEOUT = 120   # seconds per HTTP request


# --- run inside create_app() (python -m bench.common seed ...) -----------------------------

def seed(clients: int, seats: int) -> dict:
    """An open event with `seats` seats and `clients` verified users; returns the event slug."""
    from datetime import date

    from app.accounts import services as accounts
    from app.events.models import EventKind, RegistrationMode, Visibility
    from app.events.services import create_event

    # Every user has the same password: hash it once (argon2id, the app's own settings) and
    # reuse the hash, instead of spending ~0.1 s per user on identical work.
    real_hash = accounts.hash_password
    cached: dict[str, str] = {}

    def hash_once(password: str) -> str:
        if password not in cached:
            cached[password] = real_hash(password)
        return cached[password]

    accounts.hash_password = hash_once
    try:
        organiser = accounts.create_user(email="organiser@bench.example.org", password=PASSWORD, name="Organiser",
                                         verified=True)
        event = create_event(organiser, {
            "title": {"en": "Registration bench", "ru": "Тест регистрации", "kk": "Тіркеу сынағы"},
            "summary": {"en": "200 people, 50 seats."}, "description": {}, "venue": {"en": "Astana"},
            "slug": SLUG, "kind": EventKind.FORUM, "start_date": date(2030, 5, 16), "end_date": date(2030, 5, 17),
            "timezone": "Asia/Almaty", "languages": ["en", "ru", "kk"], "default_language": "en",
            "visibility": Visibility.PUBLIC, "capacity": seats, "registration_mode": RegistrationMode.OPEN,
            "registration_opens_at": None, "registration_closes_at": None,
        }, needs_approval=False)  # set up on the operator's behalf: public at once, not awaiting approval
        for i in range(clients):
            accounts.create_user(email=f"participant{i:04d}@bench.example.org", password=PASSWORD,
                                 name=f"Participant {i:04d}", verified=True)
    finally:
        accounts.hash_password = real_hash
    return {"slug": event.slug}


def count_registrations(slug: str) -> dict:
    from sqlalchemy import func, select

    from app.core.models import OutboxMessage
    from app.events.models import Event
    from app.extensions import db
    from app.registration.models import Registration, SeatCounter

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    rows = db.session.execute(select(Registration.status, func.count()).where(Registration.event_id == event.id)
                              .group_by(Registration.status)).all()
    counter = db.session.get(SeatCounter, event.id)
    # The bench database holds this event's mail only: one message per registration, sent once.
    outbox = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    return {"by_status": {str(status.value): n for status, n in rows},
            "seat_counter": counter.taken if counter else None,
            "outbox": {status: n for status, n in outbox}}


# --- the clients ------------------------------------------------------------------------

class Outcome:
    def __init__(self):
        self.lock = threading.Lock()
        self.errors: list[str] = []        # non-2xx/3xx answers and exceptions
        self.unexpected: list[str] = []    # 2xx/3xx, but not what the flow expects (e.g. login refused)
        self.register_status: Counter = Counter()
        self.register_times: list[float] = []

    def error(self, client: int, step: str, detail: str) -> None:
        with self.lock:
            self.errors.append(f"client {client:3d} {step}: {detail}")

    def odd(self, client: int, step: str, detail: str) -> None:
        with self.lock:
            self.unexpected.append(f"client {client:3d} {step}: {detail}")


def _step(outcome: Outcome, client: int, step: str, browser: Browser, method: str, path: str,
          form: dict | None = None, expect: tuple[int, ...] = (200,)):
    """One request; records trouble and returns the response, or None when the flow cannot go on."""
    try:
        status, headers, body = browser.request(method, path, form)
    except Exception as error:  # noqa: BLE001 - any client-side failure counts as an error
        outcome.error(client, step, f"{type(error).__name__}: {error}")
        return None
    if not 200 <= status < 400:
        outcome.error(client, step, f"HTTP {status} {_first_text(body)}")
        return None
    if status not in expect:
        outcome.odd(client, step, f"HTTP {status}{' -> ' + headers.get('location', '') if status in (301, 302, 303) else ''}"
                    f" {_first_text(body)}")
        return None
    return status, headers, body


def _first_text(body: str) -> str:
    import re

    for pattern in (r'class="[^"]*(?:error|problem|alert|flash)[^"]*"[^>]*>\s*([^<\s][^<]{2,160})', r"<title>([^<]*)</title>"):
        found = re.search(pattern, body)
        if found:
            return repr(found.group(1).strip())
    return ""


def client_flow(client: int, port: int, slug: str, barrier: threading.Barrier, outcome: Outcome) -> None:
    browser = Browser(port, timeout=CLIENT_TIMEOUT)
    email = f"participant{client:04d}@bench.example.org"
    ready_form = None
    try:
        page = _step(outcome, client, "GET login", browser, "GET", "/account/login")
        token = page and csrf_token(page[2])
        if page and not token:
            outcome.odd(client, "GET login", "no csrf_token in the page")
        if token:
            signed_in = _step(outcome, client, "POST login", browser, "POST", "/account/login",
                              {"email": email, "password": PASSWORD, "csrf_token": token}, expect=(302, 303))
            if signed_in:
                form_page = _step(outcome, client, "GET register", browser, "GET", f"/events/{slug}/register")
                token = form_page and csrf_token(form_page[2])
                if form_page and not token:
                    outcome.odd(client, "GET register", f"no csrf_token in the form {_first_text(form_page[2])}")
                if token:
                    ready_form = {"csrf_token": token}
    finally:
        # Everyone meets here, even a client that failed, so the barrier never waits in vain.
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
        except threading.BrokenBarrierError:
            outcome.error(client, "barrier", "broken (a client hung?)")
            return
    if ready_form is None:
        return
    started = time.perf_counter()
    result = _step(outcome, client, "POST register", browser, "POST", f"/events/{slug}/register", ready_form,
                   expect=(302, 303))
    with outcome.lock:
        outcome.register_times.append(time.perf_counter() - started)
    if result:
        location = result[1].get("location", "")
        outcome.register_status["redirect to my registration" if "/registration" in location else location] += 1


def run_backend(kind: str, clients: int, seats: int, workers: int, threads: int) -> dict:
    with workspace(f"registration-{kind}") as workdir:
        database_url = prepare_database(kind, workdir)
        env = app_env(database_url, workdir / "instance")
        t0 = time.perf_counter()
        migrate(env)
        slug = run_in_app(env, "bench.registration:seed", clients=clients, seats=seats)["slug"]
        seed_seconds = time.perf_counter() - t0
        log = log_path(f"registration-{kind}")
        server = Gunicorn(env, log, workers=workers, threads=threads)
        worker = JobsWorker(env, log)
        try:
            server.start()
            worker.start()
            outcome = Outcome()
            phase = {}

            def release():
                phase["released"] = time.perf_counter()

            barrier = threading.Barrier(clients, action=release)
            threads_ = [threading.Thread(target=client_flow, args=(i, server.port, slug, barrier, outcome), daemon=True)
                        for i in range(clients)]
            started = time.perf_counter()
            for thread in threads_:
                thread.start()
            deadline = started + BARRIER_TIMEOUT + 2 * CLIENT_TIMEOUT + 30
            for thread in threads_:
                thread.join(timeout=max(0.1, deadline - time.perf_counter()))
            finished = time.perf_counter()
            hung = sum(thread.is_alive() for thread in threads_)
            rss, peak_rss = server.worker_rss_mb(), server.worker_rss_mb("VmHWM")
            # The background worker sends (prints) one message per registration; give it a bounded while.
            mail_deadline = time.monotonic() + 120
            while _mails_printed(log) < clients and time.monotonic() < mail_deadline:
                time.sleep(0.5)
        finally:
            worker.stop()
            server.stop()
        counts = run_in_app(env, "bench.registration:count_registrations", slug=slug)
        if kind == "postgresql":
            # Leave no bench data behind in the shared PostgreSQL server.
            prepare_database("postgresql", workdir)
    by_status = counts["by_status"]
    confirmed, waiting = by_status.get("confirmed", 0), by_status.get("waiting", 0)
    other = sum(by_status.values()) - confirmed - waiting
    register_seconds = finished - phase.get("released", finished)
    return {
        "db": kind, "clients": clients, "seats": seats, "workers": workers, "threads": threads,
        "confirmed": confirmed, "waiting": waiting, "other": other, "by_status": by_status,
        "seat_counter": counts["seat_counter"],
        "errors": outcome.errors, "unexpected": outcome.unexpected, "hung_clients": hung,
        "seed_seconds": round(seed_seconds, 1),
        "wall_seconds": round(finished - started, 2),
        "register_phase_seconds": round(register_seconds, 3),
        "registrations_per_second": round(clients / register_seconds, 1) if register_seconds > 0 else None,
        "register_latency_max_ms": round(max(outcome.register_times) * 1000) if outcome.register_times else None,
        "worker_rss_mb": rss, "worker_peak_rss_mb": peak_rss,
        "outbox": counts["outbox"], "mails_printed": _mails_printed(log),
        "log": str(log), "log_problems": problems_in_log(log),
        "ok": (confirmed == seats and waiting == clients - seats and other == 0 and not outcome.errors
               and not outcome.unexpected and hung == 0),
    }


def _mails_printed(log: Path) -> int:
    """Messages the worker printed (no MAIL_SERVER): each starts its headers with one Subject line."""
    with open(log, errors="replace") as lines:
        return sum(line.startswith("Subject: ") for line in lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn --threads (gthread workers)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if not 0 < args.clients <= 1000 or not 0 < args.seats <= args.clients:
        parser.error("need 0 < seats <= clients <= 1000")

    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = []
    for kind in kinds:
        print(f"[registration] {kind}: migrating, seeding {args.clients} users, starting gunicorn "
              f"({args.workers} workers x {args.threads} threads)...", flush=True)
        try:
            results.append(run_backend(kind, args.clients, args.seats, args.workers, args.threads))
        except Exception as error:  # noqa: BLE001 - report and go on with the next database
            results.append({"db": kind, "failed": f"{type(error).__name__}: {error}", "ok": False})

    print()
    rows = []
    for r in results:
        if "failed" in r:
            rows.append([r["db"], "-", "-", "-", "-", "-", "-", "-", "FAILED"])
            continue
        rows.append([r["db"], r["confirmed"], r["waiting"], r["other"], len(r["errors"]) + len(r["unexpected"]),
                     f"{r['wall_seconds']:.1f} s", f"{r['register_phase_seconds']:.2f} s",
                     f"{r['registrations_per_second']}" if r["registrations_per_second"] else "-",
                     "OK" if r["ok"] else "FAIL"])
    print(table(["db", "confirmed", "waiting", "other", "errors", "wall", "register phase", "reg/s", "verdict"], rows,
                title=f"Concurrent registrations: {args.clients} clients, {args.seats} seats "
                      f"(expected {args.seats} confirmed + {args.clients - args.seats} waiting, 0 errors)"))
    for r in results:
        if "failed" in r:
            print(f"\n[{r['db']}] the run failed: {r['failed']}")
            continue
        print(f"\n[{r['db']}] seeding {r['seed_seconds']} s; slowest registration POST {r['register_latency_max_ms']} ms; "
              f"seat counter {r['seat_counter']}; statuses {r['by_status']}")
        print(f"[{r['db']}] outbox {r['outbox']}, mails printed {r['mails_printed']}; worker RSS {r['worker_rss_mb']} MiB "
              f"at the end, peak {r['worker_peak_rss_mb']} MiB")
        for label, items in (("errors", r["errors"]), ("unexpected answers", r["unexpected"])):
            if items:
                print(f"[{r['db']}] {len(items)} {label}:")
                for item in _summarise(items):
                    print(f"    {item}")
        if r["hung_clients"]:
            print(f"[{r['db']}] {r['hung_clients']} clients did not finish in time")
        if r["log_problems"]:
            print(f"[{r['db']}] suspicious lines in the server log {r['log']}:")
            for line in r["log_problems"]:
                print(f"    {line}")
    write_json(args.json, {"registration": results})
    return 0 if all(r["ok"] for r in results) else 1


def _summarise(items: list[str], limit: int = 15) -> list[str]:
    """Group 'client N step: detail' lines by step and detail."""
    import re

    grouped: Counter = Counter(re.sub(r"^client\s+\d+\s+", "", item) for item in items)
    return [f"{count:3d} x {what}" for what, count in grouped.most_common(limit)]


if __name__ == "__main__":
    sys.exit(main())
