"""Faults under load: a stalled SMTP server, and Redis going away and coming back.

SMTP stall (PostgreSQL, gunicorn 2 workers, `flask jobs worker`): 100 sign-ups from 20
clients while the SMTP server accepts connections and never answers, with a probe on
/healthz; then the SMTP server is replaced by a healthy one (aiosmtpd) on the same port
and the worker delivers what waited. Prints requests answered, their p50/p95, and the
mails queued, delivered, lost and duplicated (by Message-ID).

Redis down (PostgreSQL, gunicorn 2 workers, Redis for page cache and rate limits): the
demo forum's public agenda and sign-in under load for three phases, Redis up, stopped,
started again. Prints requests answered and their p95 per phase, and whether the agenda
served after the outage shows a change published during it.

    .venv/bin/python bench/faults.py [--json FILE]
"""
from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
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
    free_port,
    http_get,
    log_path,
    migrate,
    percentile,
    reset_postgres,
    run_in_app,
    table,
    workspace,
    write_json,
)

SIGNUPS, SIGNUP_CLIENTS = 100, 20
PHASE_SECONDS, LOAD_CLIENTS = 8.0, 8
FORUM = "npm-forum-astana-2017"
DEMO_PASSWORD = "convene-demo"


# --- run inside create_app() (python -m bench.common seed ...) -----------------------------

def outbox_state() -> dict:
    from sqlalchemy import func, select

    from app.core.models import OutboxMessage
    from app.extensions import db

    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    ids = db.session.scalars(select(OutboxMessage.message_id)).all()
    return {"by_status": {status: n for status, n in rows}, "message_ids": sorted(i for i in ids if i)}


def rename_first_session(title: str) -> dict:
    """Publish a visible change: the forum's first session gets a new English title."""
    from sqlalchemy import select

    from app.agenda.models import Session
    from app.agenda.publishing import publish
    from app.events.models import Event
    from app.extensions import db

    event = db.session.scalar(select(Event).where(Event.slug == FORUM))
    session = db.session.scalar(select(Session).where(Session.event_id == event.id).order_by(Session.starts_at))
    session.title = {**session.title, "en": title}
    publish(event, None)
    return {"session_id": session.id}


# --- helpers ------------------------------------------------------------------------------

class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter] = {}

    def record(self, kind: str, seconds: float, status: int | str) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            self.statuses.setdefault(kind, Counter())[status] += 1

    def row(self, kind: str, label: str) -> list:
        times, statuses = self.times.get(kind, []), self.statuses.get(kind, Counter())
        answered = sum(n for status, n in statuses.items() if isinstance(status, int) and status < 500)
        return [label, sum(statuses.values()), answered,
                f"{percentile(times, 50) * 1000:.0f}" if times else "-",
                f"{percentile(times, 95) * 1000:.0f}" if times else "-",
                " ".join(f"{status}:{n}" for status, n in sorted(statuses.items(), key=str))]


def timed(timings: Timings, kind: str, call, *args) -> tuple[int, str]:
    start = time.perf_counter()
    try:
        status, _, body = call(*args)
    except Exception as error:  # noqa: BLE001 - a failed request is a figure, not a crash of the bench
        timings.record(kind, time.perf_counter() - start, type(error).__name__)
        return 0, ""
    timings.record(kind, time.perf_counter() - start, status)
    return status, body


def probe(port: int, timings: Timings, stop: threading.Event, kind: str = "healthz") -> None:
    while not stop.is_set():
        timed(timings, kind, lambda: (*http_get(port, "/healthz", timeout=30)[:2], ""))
        stop.wait(0.05)


# --- SMTP stall -------------------------------------------------------------------------

def smtp_stall(workdir: Path) -> dict:
    """The same sign-up load twice: SMTP healthy, then SMTP accepting and never answering."""
    from aiosmtpd.controller import Controller

    from tests.core.mail_helpers import StallingSMTP

    received: list[str] = []

    class Recorder:
        async def handle_DATA(self, server, session, envelope):
            from email import message_from_bytes

            received.append(message_from_bytes(envelope.content)["Message-ID"])
            return "250 OK"

    smtp_port = free_port()
    env = app_env(reset_postgres(), workdir, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port), MAIL_TIMEOUT="2",
                  MAIL_SEND_DEADLINE="3", JOBS_URL=f"sqlite:///{workdir / 'jobs.sqlite3'}")
    migrate(env)
    timings = Timings()

    def sign_up_load(server: Gunicorn, label: str) -> float:
        stop = threading.Event()
        prober = threading.Thread(target=probe, args=(server.port, timings, stop, f"healthz {label}"))
        prober.start()

        def sign_up(client: int) -> None:
            for n in range(SIGNUPS // SIGNUP_CLIENTS):
                browser = Browser(server.port, timeout=60)
                _, page = timed(timings, f"form {label}", browser.request, "GET", "/account/signup")
                form = {"csrf_token": csrf_token(page) or "", "name": f"Person {client}-{n}",
                        "email": f"{label}-{client}-{n}@bench.example.org", "password": "bench-password-123",
                        "confirm": "bench-password-123", "preferred_language": "ru"}
                timed(timings, f"signup {label}", browser.request, "POST", "/account/signup", form)

        clients = [threading.Thread(target=sign_up, args=(i,)) for i in range(SIGNUP_CLIENTS)]
        started = time.perf_counter()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        stop.set()
        prober.join()
        return time.perf_counter() - started

    with Gunicorn(env, log_path("faults-smtp-server")) as server, JobsWorker(env, log_path("faults-smtp-worker")):
        healthy = Controller(Recorder(), hostname="127.0.0.1", port=smtp_port)
        healthy.start()
        seconds = {"healthy": sign_up_load(server, "healthy")}
        healthy.stop()
        listener = socket.create_server(("127.0.0.1", smtp_port))
        staller = StallingSMTP("silent", listener=listener)
        seconds["stalled"] = sign_up_load(server, "stalled")
        staller.stop()  # the SMTP server recovers: a healthy one takes its port again
        listener.close()
        healthy = Controller(Recorder(), hostname="127.0.0.1", port=smtp_port)
        healthy.start()
        try:
            deadline = time.monotonic() + 300  # failed attempts wait a minute before their retry
            while time.monotonic() < deadline:
                state = run_in_app(env, "bench.faults:outbox_state")
                if set(state["by_status"]) <= {"sent", "failed"}:
                    break
                time.sleep(5)
        finally:
            healthy.stop()
    unique = set(received)
    return {"seconds": seconds, "timings": timings, "queued": sum(state["by_status"].values()),
            "sent": state["by_status"].get("sent", 0), "received": len(received),
            "lost": len(set(state["message_ids"]) - unique), "duplicated": len(received) - len(unique)}


# --- Redis down ---------------------------------------------------------------------------

class RedisProcess:
    def __init__(self, directory: Path):
        self.directory, self.port, self.process = directory, free_port(), None

    def start(self) -> None:
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--dir", str(self.directory), "--appendonly", "yes", "--save", ""],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip() != b"PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def redis_down(workdir: Path) -> dict:
    redis = RedisProcess(workdir)
    redis.start()
    env = app_env(reset_postgres(), workdir, REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
                  JOBS_URL=f"sqlite:///{workdir / 'jobs.sqlite3'}", LOGIN_RATE_LIMIT="100000 per minute",
                  PASSWORD_HASH_TIME_COST="1", PASSWORD_HASH_MEMORY_COST="1024")
    migrate(env)
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "demo"], cwd=Path(__file__).parent.parent,
                   env=env, check=True, capture_output=True)
    phases: dict[str, Timings] = {}
    agenda = f"/events/{FORUM}/agenda?lang=en"
    try:
        with Gunicorn(env, log_path("faults-redis-server")) as server:
            def load(timings: Timings, stop: threading.Event, client: int) -> None:
                while not stop.is_set():
                    timed(timings, "agenda", Browser(server.port).request, "GET", agenda)
                    if client % 4 == 0:  # a quarter of the clients also sign in
                        browser = Browser(server.port)
                        _, page = timed(timings, "login-form", browser.request, "GET", "/account/login")
                        form = {"csrf_token": csrf_token(page) or "", "email": "organiser@example.org",
                                "password": DEMO_PASSWORD}
                        timed(timings, "login", browser.request, "POST", "/account/login", form)

            def phase(name: str) -> None:
                timings, stop = Timings(), threading.Event()
                threads = [threading.Thread(target=load, args=(timings, stop, i)) for i in range(LOAD_CLIENTS)]
                for thread in threads:
                    thread.start()
                time.sleep(PHASE_SECONDS)
                stop.set()
                for thread in threads:
                    thread.join()
                phases[name] = timings

            phase("Redis up")
            redis.stop()
            phase("Redis down")
            run_in_app(env, "bench.faults:rename_first_session", title="Renamed while Redis was down")
            redis.start()
            phase("Redis back")
            _, _, page = Browser(server.port).request("GET", agenda)
            fresh = "Renamed while Redis was down" in page
    finally:
        if redis.process and redis.process.poll() is None:
            redis.stop()
    return {"phases": phases, "publish_seen_after_outage": fresh}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("bench/faults needs redis-server")
    with workspace("faults-smtp") as directory:
        smtp = smtp_stall(directory)
    with workspace("faults-redis") as directory:
        redis = redis_down(directory)

    rows = []
    for label in ("healthy", "stalled"):
        rows.append(smtp["timings"].row(f"signup {label}", f"SMTP {label}: sign-up"))
        rows.append(smtp["timings"].row(f"healthz {label}", f"SMTP {label}: /healthz meanwhile"))
    print(table(["requests", "sent", "answered (<500)", "p50 ms", "p95 ms", "statuses"], rows,
                title=f"{SIGNUPS} sign-ups from {SIGNUP_CLIENTS} clients: SMTP healthy "
                      f"({smtp['seconds']['healthy']:.1f} s), then accepting and never answering "
                      f"({smtp['seconds']['stalled']:.1f} s)"))
    print()
    print(table(["mails", "queued", "sent", "received", "lost", "duplicated"],
                [["after SMTP recovered", smtp["queued"], smtp["sent"], smtp["received"], smtp["lost"],
                  smtp["duplicated"]]]))
    print()
    rows = []
    for name, timings in redis["phases"].items():
        rows.append(timings.row("agenda", f"{name}: agenda"))
        rows.append(timings.row("login", f"{name}: sign-in"))
    print(table(["requests", "sent", "answered (<500)", "p50 ms", "p95 ms", "statuses"], rows,
                title=f"Redis up, down, back ({PHASE_SECONDS:.0f} s each, {LOAD_CLIENTS} clients)"))
    print(f"change published during the outage served afterwards: {'yes' if redis['publish_seen_after_outage'] else 'NO'}")

    def answered(timings: Timings, kind: str) -> tuple[int, int]:
        row = timings.row(kind, kind)
        return row[1], row[2]

    figures = {
        "smtp_signups": answered(smtp["timings"], "signup stalled"),
        "smtp_healthy_signup_p95_ms": smtp["timings"].row("signup healthy", "")[4],
        "smtp_stalled_signup_p95_ms": smtp["timings"].row("signup stalled", "")[4],
        "smtp_stalled_healthz_p95_ms": smtp["timings"].row("healthz stalled", "")[4],
        "mails_lost": smtp["lost"], "mails_duplicated": smtp["duplicated"],
        "redis_down_agenda": answered(redis["phases"]["Redis down"], "agenda"),
        "redis_down_login": answered(redis["phases"]["Redis down"], "login"),
        "redis_down_agenda_p95_ms": redis["phases"]["Redis down"].row("agenda", "")[4],
        "publish_seen_after_outage": redis["publish_seen_after_outage"],
    }
    write_json(args.json, figures)
    ok = (figures["smtp_signups"][0] == figures["smtp_signups"][1] and not smtp["lost"] and not smtp["duplicated"]
          and figures["redis_down_agenda"][0] == figures["redis_down_agenda"][1]
          and figures["redis_down_login"][0] == figures["redis_down_login"][1] and redis["publish_seen_after_outage"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
