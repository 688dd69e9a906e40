"""Background jobs: the one mechanism for work that must not run inside a user's request.

Mail delivery and the pre-rendering of a published agenda (app/agenda/prerender.py) run
here now; scheduled messages and reminders, batches of certificates and storage sweeps
are meant to join it.

Why Huey (https://huey.readthedocs.io): one small, maintained library (pure Python, no
broker to install) whose queue lives in a SQLite file for `make run`, in Redis or in
PostgreSQL in production — the storages a Convene deployment already has — and which
has periodic tasks (the outbox sweep, later reminders and storage sweeps) in the same
worker, so no cron and no second scheduler. Dramatiq and RQ need Redis (or RabbitMQ)
even on a laptop and a separate scheduler for periodic work; Celery brings a broker,
a result backend and beat, far more than this app needs.

A job is a plain function registered with `@job` or `@periodic_job` in a module that
create_app() imports (the worker must know every job before it starts); it runs in the
worker (`flask jobs worker`) inside its own app context, so its database session is
closed when it ends, whatever happens: what it did not commit is rolled back, and no
connection stays "idle in transaction" between jobs. Code that
changes the database asks for a job with `enqueue_after_commit(func, *args)`: the job
is handed to the queue only when the transaction commits (a rolled-back request
enqueues nothing), and a failure to reach the queue never breaks the request — the
work is in the database (e.g. the outbox), and a periodic sweep picks it up.

Settings: JOBS_URL (`sqlite:///path`, `redis://...`, `postgresql://...` or `memory://`)
and JOBS_IMMEDIATE (run each job at once, in the process that enqueues it: the tests,
and a development server started without a worker).
"""
from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab
from huey.storage import SqliteStorage
from sqlalchemy import event as sa_event

from app.extensions import db

__all__ = ["crontab", "job", "periodic_job", "enqueue", "enqueue_after_commit", "job_queue"]

log = logging.getLogger(__name__)

_EXTENSION = "convene.jobs"
_AFTER_COMMIT = "convene.jobs_after_commit"


@dataclass(frozen=True)
class _Spec:
    func: Callable
    schedule: Callable | None = None  # a crontab() for periodic jobs
    settings: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def name(self) -> str:
        # Huey's registry adds the module: "app.core.mail.deliver_outbox".
        return self.func.__qualname__


_SPECS: dict[Callable, _Spec] = {}


def job(func: Callable | None = None, **settings):
    """Register `func` as a background job (Huey task settings: retries, retry_delay, ...)."""

    def register(f: Callable) -> Callable:
        _SPECS[f] = _Spec(f, None, settings)
        return f

    return register(func) if func is not None else register


def periodic_job(schedule: Callable, **settings):
    """Register a job the worker runs on `schedule`, e.g. `crontab(minute="*")`."""

    def register(f: Callable) -> Callable:
        _SPECS[f] = _Spec(f, schedule, settings)
        return f

    return register


class JobQueue:
    """One app's Huey instance, with every registered job bound to that app."""

    def __init__(self, app: Flask, url: str, immediate: bool = False):
        self.app = app
        self.url = url
        self.huey = _make_huey(url, immediate)
        self._tasks: dict[Callable, object] = {}
        self._lock = threading.Lock()  # threads of one server may enqueue a job first at the same time

    def task(self, func: Callable):
        """The Huey task of a registered job (registered with this queue on first use)."""
        with self._lock:
            if func not in self._tasks:
                spec = _SPECS.get(func)
                if spec is None:
                    raise LookupError(f"{func!r} is not a registered job (decorate it with @job)")
                run = _in_app_context(self.app, func)
                if spec.schedule is None:
                    self._tasks[func] = self.huey.task(name=spec.name, **spec.settings)(run)
                else:
                    self._tasks[func] = self.huey.periodic_task(spec.schedule, name=spec.name, **spec.settings)(run)
            return self._tasks[func]

    def register_all(self) -> None:
        """Bind every job registered so far (the worker must know them all before it starts)."""
        for func in list(_SPECS):
            self.task(func)

    def enqueue(self, func: Callable, *args, **kwargs) -> None:
        self.task(func)(*args, **kwargs)


def _in_app_context(app: Flask, func: Callable) -> Callable:
    @functools.wraps(func)
    def run(*args, **kwargs):
        # Its own app context, so its own database session: removed (rolled back and
        # closed) when the job ends, even if it raised; nothing stays idle in transaction.
        with app.app_context():
            return func(*args, **kwargs)

    return run


class _SqliteQueueStorage(SqliteStorage):
    """Huey's SQLite queue with the durability of the app's own SQLite database (app/__init__.py):
    WAL with synchronous=NORMAL, so enqueueing does not wait for the disk. Huey's default (FULL)
    syncs on every commit: 0.43 ms instead of 0.07 per enqueue, taken inside every request that
    queues mail, under a lock its threads share. A power cut may lose the last jobs enqueued, as it
    may the app database's last commits; the work they were for is recorded in the database: the
    outbox and message sweeps send what is due, a certificate batch can be asked for again, and a
    pre-render left undone is done by the page's first reader."""

    def _create_connection(self):
        connection = super()._create_connection()
        connection.execute("pragma synchronous=NORMAL")
        return connection


class _SqliteHuey(SqliteHuey):
    storage_class = _SqliteQueueStorage


def _make_huey(url: str, immediate: bool) -> Huey:
    name = "convene"
    # Results are never read: the database records what a job did.
    if url.startswith("memory:"):
        return MemoryHuey(name, results=False, immediate=immediate)
    if url.startswith("sqlite:///"):
        return _SqliteHuey(name, results=False, immediate=immediate, filename=url[len("sqlite:///"):])
    if url.startswith(("redis://", "rediss://", "unix://")):
        # Short socket timeouts: enqueueing happens inside requests, and a stalled Redis must
        # not hold one (the work is already in the database; the sweep catches up).
        return RedisHuey(name, results=False, immediate=immediate, url=url,
                         socket_connect_timeout=2, socket_timeout=5)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        dsn = "postgresql://" + url.split("://", 1)[1]
        return PostgresHuey(name, results=False, immediate=immediate, dsn=dsn, connect_timeout=5)
    raise ValueError(f"JOBS_URL: unknown queue storage {url!r} (sqlite:///, redis://, postgresql:// or memory://)")


_queues_lock = threading.Lock()


def job_queue(app: Flask | None = None) -> JobQueue:
    """The app's job queue, made on first use (creating an app has no side effect on storage)."""
    app = app or current_app._get_current_object()
    with _queues_lock:
        queue = app.extensions.get(_EXTENSION)
        if queue is None:
            queue = app.extensions[_EXTENSION] = JobQueue(app, app.config["JOBS_URL"], app.config["JOBS_IMMEDIATE"])
        return queue


def enqueue(func: Callable, *args, **kwargs) -> None:
    """Hand a job to the queue now (outside a transaction that must commit first)."""
    job_queue().enqueue(func, *args, **kwargs)


def enqueue_after_commit(func: Callable, *args) -> None:
    """Enqueue `func(*args)` once the current transaction commits; nothing if it rolls back.

    The same job asked for twice in one transaction is enqueued once.
    """
    db.session.info.setdefault(_AFTER_COMMIT, {})[(func, args)] = current_app._get_current_object()


@sa_event.listens_for(db.session, "after_commit")
def _enqueue_committed_jobs(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the outer transaction may still roll back
    wanted = session.info.pop(_AFTER_COMMIT, None)
    for (func, args), app in (wanted or {}).items():
        try:
            job_queue(app).enqueue(func, *args)
        except Exception:  # noqa: BLE001 - the work is in the database; a periodic sweep finds it
            log.exception("Could not enqueue %s.%s; the periodic sweep will do it", func.__module__, func.__qualname__)


@sa_event.listens_for(db.session, "after_transaction_end")
def _forget_rolled_back_jobs(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_AFTER_COMMIT, None)
