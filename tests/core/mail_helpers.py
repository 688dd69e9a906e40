"""Fixtures and loopback servers for the mail and worker tests (imported by test_mail*.py).

- `worker_stopped`: wake-ups are enqueued but nothing consumes them, as with no worker
  running; the test runs deliver_due() (the worker's job code) itself.
- `StallingSMTP`: a loopback server that accepts and never answers, or trickles its
  greeting one byte at a time (each byte well within smtplib's per-operation timeout).
- `worker`: a real `flask jobs worker` subprocess on the test's database, its queue a
  SQLite file that the test app enqueues into too.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.jobs import JobQueue, job_queue
from app.extensions import db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_stopped(app):
    queue = job_queue(app)
    queue.huey.immediate = False  # a fresh in-memory queue that nobody reads
    yield queue
    queue.huey.immediate = True


class StallingSMTP:
    """Accepts connections and then says nothing ("silent") or "220 " one byte at a time ("trickle")."""

    def __init__(self, mode: str, byte_every: float = 0.2, listener: socket.socket | None = None):
        """On a port of its own, or on `listener`, which it leaves open when it stops (for the next server)."""
        self.mode, self.byte_every = mode, byte_every
        self._owns_listener = listener is None
        self.listener = listener or socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[dict] = []  # {"opened": t, "closed": t or None}
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            record = {"opened": time.monotonic(), "closed": None}
            self.connections.append(record)
            threading.Thread(target=self._serve, args=(conn, record), daemon=True).start()

    def _serve(self, conn: socket.socket, record: dict):
        conn.settimeout(self.byte_every)
        greeting = b"220 slow.example ESMTP " + b"." * 100_000
        sent = 0
        with conn:
            while not self._stop.is_set():
                try:
                    if self.mode == "trickle":
                        conn.sendall(greeting[sent:sent + 1])
                        sent += 1
                    if conn.recv(1024) == b"":
                        break  # the client hung up
                except TimeoutError:
                    continue
                except OSError:
                    break
        record["closed"] = time.monotonic()

    def stop(self):
        self._stop.set()
        if self._owns_listener:
            self.listener.close()
        time.sleep(0.3)  # let the accepting and serving threads notice


def database_url(app) -> str:
    with app.app_context():
        return db.engine.url.render_as_string(hide_password=False)


class Worker:
    """`flask jobs worker` in a subprocess, sharing the test app's database and queue."""

    def __init__(self, app, tmp_path: Path):
        self.app, self.tmp_path = app, tmp_path
        self.jobs_url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
        self.process: subprocess.Popen | None = None
        self.log_path = tmp_path / "worker.log"

    def start(self, **settings) -> None:
        env = {**os.environ, "CONVENE_ENV": "development", "CONVENE_INSTANCE_DIR": str(self.tmp_path),
               "DATABASE_URL": database_url(self.app), "JOBS_URL": self.jobs_url, "PYTHONUNBUFFERED": "1",
               "MAIL_SERVER": self.app.config["MAIL_SERVER"], "MAIL_PORT": str(self.app.config["MAIL_PORT"]),
               # The web server's priority: these tests time the worker on a machine the suite keeps busy.
               "JOBS_WORKER_NICE": "0"}
        env.pop("FLASK_APP", None)
        env.update({name: str(value) for name, value in settings.items()})
        log = open(self.log_path, "a")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "worker", "--workers",
                                         "1"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no clean-up of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def worker(app, tmp_path):
    """A real worker process; the test app enqueues into its queue (nothing runs in-process)."""
    runner = Worker(app, tmp_path)
    original = app.extensions.get("convene.jobs")
    app.extensions["convene.jobs"] = JobQueue(app, runner.jobs_url, immediate=False)
    yield runner
    runner.stop()
    if original is None:
        app.extensions.pop("convene.jobs", None)
    else:
        app.extensions["convene.jobs"] = original


def wait_until(condition, timeout: float = 20.0, what: str = "condition", log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached after {timeout}s" + (f"\n--- worker log ---\n{log()}" if log else ""))
