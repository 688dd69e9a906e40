"""A message to 10,000 recipients: queued without holding the request, delivered exactly once.

An event with N confirmed participants (three languages) is seeded; an organiser, signed in over
HTTP (gunicorn, 2 workers), sends one message to all of them. Measured:
- the request's time (it freezes the recipients and enqueues the first batch; nothing else);
- the time until every recipient has a message in the outbox (the fan-out job's batches);
- delivery to a local aiosmtpd server by 1, then 2 `flask jobs worker` processes (one thread
  each), as messages per second, with every recipient counted: none lost, none twice;
- the peak RSS of the web worker that took the request and of each jobs worker.
Each worker count sends its own message (a second send to the same people).

    .venv/bin/python bench/messages.py [--recipients 10000] [--db sqlite|postgresql] [--json FILE]
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench.common import (  # noqa: E402
    HOST,
    Browser,
    Gunicorn,
    JobsWorker,
    app_env,
    csrf_token,
    free_port,
    log_path,
    migrate,
    prepare_database,
    problems_in_log,
    rss_mb,
    run_in_app,
    table,
    workspace,
    write_json,
)

SLUG = "bench-messages"
PASSWORD = "bench-password-123"
ORGANISER = "organiser@bench.example.org"
TIMEOUT = 1800  # seconds for one delivery run: a broken run stops, it never hangs


# --- run inside create_app() (python -m bench.common seed ...) -----------------------------

def seed(recipients: int) -> dict:
    """An event with `recipients` confirmed participants in en/ru/kk, inserted in bulk."""
    from datetime import date

    from sqlalchemy import insert

    from app.accounts import services as accounts
    from app.events.models import EventKind, RegistrationMode, Visibility
    from app.events.services import create_event
    from app.extensions import db
    from app.registration.models import Registration, RegistrationStatus, new_ticket_code

    organiser = accounts.create_user(email=ORGANISER, password=PASSWORD, name="Organiser", verified=True)
    event = create_event(organiser, {
        "title": {"en": "Messages bench", "ru": "Тест сообщений", "kk": "Хабарлама сынағы"},
        "summary": {"en": "Many participants."}, "description": {}, "venue": {"en": "Astana"},
        "slug": SLUG, "kind": EventKind.FORUM, "start_date": date(2030, 5, 16), "end_date": date(2030, 5, 17),
        "timezone": "Asia/Almaty", "languages": ["en", "ru", "kk"], "default_language": "en",
        "visibility": Visibility.PUBLIC, "capacity": None, "registration_mode": RegistrationMode.OPEN,
        "registration_opens_at": None, "registration_closes_at": None,
    })
    languages = ("en", "ru", "kk")
    db.session.execute(insert(Registration), [
        {"event_id": event.id, "email": f"p{i:05d}@bench.example.org", "name": f"Participant {i:05d}",
         "language": languages[i % 3], "status": RegistrationStatus.CONFIRMED, "ticket_code": new_ticket_code(),
         "answers": {}, "organisation": "", "search_key": f"participant {i:05d}"} for i in range(recipients)])
    return {"slug": event.slug}


# --- the SMTP server ---------------------------------------------------------------------------

class Counting:
    """Counts what arrives, by recipient and by Message-ID."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_recipient: Counter = Counter()
        self.message_ids: Counter = Counter()
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):
        message_id = ""
        for line in envelope.content.split(b"\r\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            for rcpt in envelope.rcpt_tos:
                self.by_recipient[rcpt] += 1
            self.message_ids[message_id] += 1
        return "250 OK"

    def reset(self):
        with self.lock:
            self.by_recipient.clear()
            self.message_ids.clear()
            self.first = self.last = None

    def total(self) -> int:
        with self.lock:
            return sum(self.by_recipient.values())


# --- the run ------------------------------------------------------------------------------------

def _sign_in(port: int) -> Browser:
    browser = Browser(port, timeout=300)
    _, _, page = browser.request("GET", "/account/login")
    status, _, _ = browser.request("POST", "/account/login",
                                   {"email": ORGANISER, "password": PASSWORD, "csrf_token": csrf_token(page)})
    if status not in (302, 303):
        raise RuntimeError(f"sign-in answered {status}")
    return browser


def _send(browser: Browser, key: str) -> tuple[float, int]:
    base = f"/manage/events/{SLUG}/messages/new"
    _, _, page = browser.request("GET", base)
    form = {"csrf_token": csrf_token(page), "form_key": key, "audience": "participants", "status": "confirmed",
            "checked_in": "", "role": "", "action": "send",
            "subject-en": "Venue changed: {event}", "body-en": "Dear {name},\n\nthe venue changed. Ticket: {ticket_link}",
            "subject-ru": "Место изменилось: {event}", "body-ru": "Уважаемый(ая) {name},\n\nместо изменилось: {ticket_link}"}
    started = time.perf_counter()
    status, headers, body = browser.request("POST", base, form)
    elapsed = time.perf_counter() - started
    if status != 302:
        raise RuntimeError(f"send answered {status}: {body[:300]}")
    return elapsed, int(headers["location"].rstrip("/").rsplit("/", 1)[1])


def _wait(what, condition, timeout: float = TIMEOUT, step: float = 0.2) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    raise RuntimeError(f"{what}: not done after {timeout} s")


def run(recipients: int, db_kind: str) -> dict:
    handler = Counting()
    controller = Controller(handler, hostname=HOST, port=free_port())
    controller.start()
    results = {"db": db_kind, "recipients": recipients, "runs": []}
    try:
        with workspace("messages") as directory:
            url = prepare_database(db_kind, directory)
            env = app_env(url, directory, MAIL_SERVER=HOST, MAIL_PORT=str(controller.port),
                          MESSAGES_DAILY_LIMIT="10000000", BASE_URL="http://127.0.0.1:5000", MAIL_DEFAULT_SENDER="Convene <bench@convene.localhost>")
            migrate(env)
            started = time.perf_counter()
            run_in_app(env, "bench.messages:seed", recipients=recipients)
            results["seed_s"] = round(time.perf_counter() - started, 1)
            engine = create_engine(url)

            def count(sql: str, **params) -> int:
                with engine.connect() as connection:
                    return connection.execute(text(sql), params).scalar()

            server_log = log_path("messages-server")
            with Gunicorn(env, server_log, workers=2, extra_args=["--timeout", "300"]) as server:
                browser = _sign_in(server.port)
                for workers in (1, 2):
                    handler.reset()
                    request_s, message_id = _send(browser, f"bench-{workers}-{time.time_ns()}")
                    web_peak = max(server.worker_rss_mb("VmHWM") or [0])
                    jobs_log = log_path(f"messages-jobs-{workers}")
                    pool = [JobsWorker(env, jobs_log, extra_args=["--workers", "1"]) for _ in range(workers)]
                    t0 = time.monotonic()
                    for worker in pool:
                        worker.start()
                    try:
                        queued_s = _wait("queueing", lambda m=message_id: count(
                            "SELECT count(*) FROM message_recipient WHERE message_id = :m AND state = 'planned'",
                            m=m) == 0)
                        _wait("delivery", lambda: handler.total() >= recipients)
                        delivered_s = time.monotonic() - t0
                        time.sleep(2)  # anything sent twice would arrive now
                        jobs_peak = [round(rss_mb(w.process.pid, "VmHWM") or 0, 1) for w in pool]
                    finally:
                        for worker in pool:
                            worker.stop()
                    received = handler.total()
                    duplicated = sum(n - 1 for n in handler.by_recipient.values() if n > 1)
                    sent_rows = count("SELECT count(*) FROM message_recipient r JOIN outbox_message o "
                                      "ON o.id = r.outbox_id WHERE r.message_id = :m AND o.status = 'sent'", m=message_id)
                    results["runs"].append({
                        "workers": workers, "request_s": round(request_s, 2), "queued_s": round(queued_s, 1),
                        "delivered_s": round(delivered_s, 1),
                        "per_s": round(received / delivered_s, 1) if delivered_s else None,
                        "received": received, "distinct": len(handler.by_recipient), "duplicated": duplicated,
                        "sent_rows": sent_rows, "web_peak_rss_mb": web_peak, "jobs_peak_rss_mb": jobs_peak,
                        "ok": received == recipients and duplicated == 0 and sent_rows == recipients,
                        "problems": problems_in_log(jobs_log)[:5],
                    })
            results["server_problems"] = problems_in_log(server_log)[:5]
            engine.dispose()
    finally:
        controller.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json")
    args = parser.parse_args()
    try:
        results = run(args.recipients, args.db)
    except Exception as error:  # noqa: BLE001 - reported in the table and the JSON
        results = {"db": args.db, "recipients": args.recipients, "failed": f"{type(error).__name__}: {error}"}
        print(results["failed"], file=sys.stderr)
    rows = [[r["workers"], r["request_s"], r["queued_s"], r["delivered_s"], r["per_s"], r["received"], r["duplicated"],
             r["web_peak_rss_mb"], " / ".join(map(str, r["jobs_peak_rss_mb"])), "yes" if r["ok"] else "NO"]
            for r in results.get("runs", [])]
    print(table(["jobs workers", "request s", "queued s", "delivered s", "msg/s", "received", "twice",
                 "web peak RSS MB", "jobs peak RSS MB", "exactly once"], rows,
                title=f"Message to {args.recipients} recipients ({args.db})"))
    for run_result in results.get("runs", []):
        for line in run_result["problems"]:
            print("  worker log:", line)
    write_json(args.json, {"messages": results})
    return 0 if results.get("runs") and all(r["ok"] for r in results["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
