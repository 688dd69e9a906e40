"""Where a registration request spends its CPU: a cProfile of the POST /events/<slug>/register
requests of the registration bench's flow, in process (Flask test client, the bench's environment).

Seeds the same event and users as bench/registration.py in a database of its own, signs every
user in and opens the form (not profiled: the sign-in's argon2id is outside the burst), then
profiles only the registration POSTs, one after the other. Prints the CPU time and the SQL
queries per request, the share of the request's CPU in each part (a function's cumulative time,
so the parts overlap where one calls another), and cProfile's top functions.

    .venv/bin/python bench/registration_profile.py [--db postgresql|sqlite] [--clients 200] [--seats 50]
                                                   [--top 25]

The PostgreSQL database is `bench_profile` (not the registration bench's `bench`), so a profile
and a bench can run at the same time. Also profiles the background worker's delivery of the
queued mail (rendering the message and its QR code), per message.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import app_env, csrf_token, migrate, reset_postgres, run_in_app, sqlite_url, workspace  # noqa: E402

PROFILE_DB_URL = os.environ.get("BENCH_PROFILE_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/bench_profile"

# (label, file path fragment, function name): a function's cumulative time is the part's cost.
PARTS = [
    ("whole request (WSGI app)", "flask/app.py", "wsgi_app"),
    ("session cookie: open", "flask/sessions.py", "open_session"),
    ("session cookie: save", "flask/sessions.py", "save_session"),
    ("signed-in user loaded", "flask_login/login_manager.py", "_load_user"),
    ("CSRF check (Flask-WTF)", "flask_wtf/csrf.py", "protect"),
    ("rate limiter", "flask_limiter/extension.py", "_check_request_limit"),
    ("event looked up + permission", "app/events/permissions.py", "wrapper"),
    ("registration form built", "app/registration/forms.py", "registration_form"),
    ("form validated", "flask_wtf/form.py", "validate_on_submit"),
    ("services.register (all of it)", "app/registration/services.py", "register"),
    ("  seat taken (counter UPDATE)", "app/registration/seats.py", "take_seat"),
    ("  mail queued (queue_mail)", "app/core/mail.py", "queue_mail"),
    ("    mail body rendered (template)", "flask/templating.py", "render_template"),
    ("    mail links resolved", "app/core/mail.py", "_links_resolved"),
    ("  session flushes", "sqlalchemy/orm/session.py", "flush"),
    ("commit", "sqlalchemy/orm/session.py", "commit"),
    ("  jobs enqueued after commit", "app/core/jobs.py", "_enqueue_committed_jobs"),
    ("redirect URL built", "flask/helpers.py", "url_for"),
    ("SQL executed (driver)", "sqlalchemy/engine/default.py", "do_execute"),
    ("page cache invalidation", "app/core/pagecache.py", "invalidate"),
]


def seed(clients: int, seats: int) -> dict:
    from bench.registration import seed as bench_seed

    return {"slug": bench_seed(clients=clients, seats=seats)["slugs"][0]}


def _queries(app):
    """A list that collects every SQL statement the app executes (clear it to start a count)."""
    from sqlalchemy import event

    from app.extensions import db

    statements: list[str] = []

    def before(_conn, _cursor, statement, *_):
        statements.append(" ".join(statement.split()))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
    return statements


def _seat_holds(app) -> list[float]:
    """A list that collects, per transaction that took a seat, the wall time from the seat counter's
    UPDATE to the end of the COMMIT: how long the next registration for a seat would wait."""
    from sqlalchemy import event

    from app.extensions import db

    holds: list[float] = []
    locked: dict[int, float] = {}

    def after(conn, cursor, statement, *_):
        if statement.startswith("UPDATE seat_counter") and cursor.rowcount == 1:
            locked[id(conn.connection)] = time.perf_counter()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", after)
    do_commit, do_rollback = engine.dialect.do_commit, engine.dialect.do_rollback

    def commit(connection):
        do_commit(connection)
        if (started := locked.pop(id(connection), None)) is not None:
            holds.append(time.perf_counter() - started)

    def rollback(connection):
        locked.pop(id(connection), None)
        do_rollback(connection)

    engine.dialect.do_commit, engine.dialect.do_rollback = commit, rollback
    return holds


def _part_times(stats: pstats.Stats) -> dict[str, float]:
    found: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        for label, fragment, function in PARTS:
            if name == function and filename.replace(os.sep, "/").endswith(fragment):
                found[label] = found.get(label, 0.0) + ct
    return found


def profile(env: dict, slug: str, clients: int, top: int, pstats_file: str | None = None) -> None:
    os.environ.update(env)
    from app import create_app

    app = create_app()
    queries = _queries(app)
    holds = _seat_holds(app)
    browsers = []
    for i in range(clients):
        browser = app.test_client()
        page = browser.get("/account/login")
        browser.post("/account/login", data={"email": f"participant{i:04d}@bench.example.org",
                                             "password": "bench-password-123",
                                             "csrf_token": csrf_token(page.get_data(as_text=True))})
        form = browser.get(f"/events/{slug}/register")
        token = csrf_token(form.get_data(as_text=True))
        assert token, f"client {i}: no form ({form.status})"
        browsers.append((browser, token))

    # CPU time (process_time) of every other request without the profiler; cProfile's own timer is
    # CPU time too, for the requests in between (a profile in wall time would count the waits for
    # PostgreSQL and for a loaded machine).
    profiler = cProfile.Profile(time.process_time)
    statuses: dict[int, int] = {}
    cpu, counted, profiled = 0.0, 0, 0
    per_request: list[list[str]] = []
    for i, (browser, token) in enumerate(browsers):
        queries.clear()
        started = time.process_time()
        if i % 2:
            profiler.enable()
        response = browser.post(f"/events/{slug}/register", data={"csrf_token": token})
        if i % 2:
            profiler.disable()
            profiled += 1
        else:
            cpu += time.process_time() - started
            counted += 1
        per_request.append(list(queries))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    n = len(browsers)
    print(f"{n} registration POSTs: {statuses}; CPU {cpu / counted * 1000:.2f} ms per request (the {counted} "
          f"not profiled), {sum(map(len, per_request)) / n:.2f} SQL statements per request")
    # Only the requests not profiled: cProfile's overhead would lengthen the hold.
    unprofiled = holds[0::2]
    if unprofiled:
        print(f"seat counter's row held (UPDATE to end of COMMIT, wall time, one request at a time): mean "
              f"{sum(unprofiled) / len(unprofiled) * 1000:.2f} ms, max {max(unprofiled) * 1000:.2f} ms "
              f"({len(unprofiled)} seats)")
    for label, statements in (("first (a seat)", per_request[0]), ("last (waiting list)", per_request[-1])):
        print(f"\nSQL of the {label} registration, {len(statements)} statements:")
        for statement in statements:
            print(f"  {statement[:150]}")

    n = profiled
    stats = pstats.Stats(profiler)
    whole = _part_times(stats).get("whole request (WSGI app)") or 1.0
    print(f"\nWhere the request's CPU goes ({n} requests profiled; cumulative, so parts overlap where one calls another):")
    for label, _fragment, _function in PARTS:
        seconds = _part_times(stats).get(label)
        if seconds is not None:
            print(f"  {label:38s} {seconds / n * 1000:7.2f} ms  {seconds / whole * 100:5.1f} %")
    if pstats_file:
        stats.dump_stats(pstats_file)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())

    with app.app_context():
        _profile_delivery(app)


def _profile_delivery(app) -> None:
    """The worker's side: build each queued message (its QR code too), as deliver_due does."""
    from sqlalchemy import select

    from app.core import mail
    from app.core.models import OutboxMessage
    from app.extensions import db

    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    if not messages:
        return
    started = time.process_time()
    for message in messages:
        mail._build(message)
    cpu = time.process_time() - started
    print(f"worker: building {len(messages)} queued messages (MIME, QR code PNG where attached) took "
          f"{cpu / len(messages) * 1000:.2f} ms CPU per message")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--pstats", help="also save the requests' profile to this file (for pstats, snakeviz...)")
    args = parser.parse_args(argv)
    if not 0 < args.seats <= args.clients <= 1000:
        parser.error("need 0 < seats <= clients <= 1000")
    with workspace("registration-profile") as workdir:
        url = reset_postgres(PROFILE_DB_URL) if args.db == "postgresql" else sqlite_url(workdir)
        env = app_env(url, workdir / "instance")
        try:
            migrate(env)
            slug = run_in_app(env, "bench.registration_profile:seed", clients=args.clients, seats=args.seats)["slug"]
            profile(env, slug, args.clients, args.top, args.pstats)
        finally:
            if args.db == "postgresql":
                reset_postgres(PROFILE_DB_URL)  # leave no data behind in the shared server
    return 0


if __name__ == "__main__":
    sys.exit(main())
