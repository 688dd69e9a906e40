"""Shared helpers for the benchmarks: databases, seeding, a gunicorn server, HTTP clients, tables.

Everything here talks to 127.0.0.1 only, every wait is bounded, and every
process or directory a helper creates is removed by the helper that made it
(use the context managers, or call stop()/cleanup() in a finally block).

Also a tiny command line used by the helpers themselves:

    python -m bench.common seed MODULE:FUNCTION JSON_KWARGS

runs FUNCTION(**kwargs) inside create_app()'s app context, commits, and
prints its (JSON) result on the last line of stdout. Seeding therefore runs
in a fresh process that reads the same environment as the server will.
"""
from __future__ import annotations

import http.client
import importlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
OUT_DIR = ROOT / "bench" / "out"  # logs worth keeping after a run (ignored by git)

HOST = "127.0.0.1"
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# BENCH_POSTGRES_URL: another database, so benches run side by side do not empty each other's.
POSTGRES_BENCH_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/bench")


# --- environment ------------------------------------------------------------------

def app_env(database_url: str, instance_dir: str | Path, **extra: str) -> dict[str, str]:
    """The environment for migrations, seeding, the server and in-process measurements."""
    env = dict(os.environ)
    env.update(
        CONVENE_ENV="development",
        SECRET_KEY="bench",
        DATABASE_URL=database_url,
        CONVENE_INSTANCE_DIR=str(instance_dir),  # keeps instance/ (and its files) of the checkout untouched
        STORAGE_LOCAL_ROOT=str(Path(instance_dir) / "files"),
        LOGIN_RATE_LIMIT="100000 per minute",
        SIGNUP_RATE_LIMIT="100000 per minute",
        MAIL_SERVER="",  # mail is printed to stderr (the worker's log)
        REDIS_URL="",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


# --- databases ----------------------------------------------------------------------

def sqlite_url(directory: str | Path) -> str:
    return f"sqlite:///{Path(directory) / 'bench.db'}"


def reset_postgres(url: str = POSTGRES_BENCH_URL) -> str:
    """Create the bench database if missing and give it an empty public schema; returns `url`."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url


def prepare_database(kind: str, workdir: str | Path) -> str:
    """An empty database of `kind` ('sqlite' or 'postgresql'); returns its DATABASE_URL."""
    if kind == "sqlite":
        return sqlite_url(workdir)
    if kind == "postgresql":
        return reset_postgres()
    raise ValueError(f"unknown database kind {kind!r}")


def migrate(env: dict[str, str], timeout: float = 180) -> None:
    """`flask --app app db upgrade` against env['DATABASE_URL']."""
    result = subprocess.run([str(VENV_BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"db upgrade failed:\n{result.stdout}\n{result.stderr}")


def run_in_app(env: dict[str, str], target: str, timeout: float = 600, **kwargs):
    """Run `module:function(**kwargs)` in a fresh process inside create_app()'s context; return its result."""
    result = subprocess.run([PYTHON, "-m", "bench.common", "seed", target, json.dumps(kwargs)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{target} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return json.loads(lines[-1]) if lines else None


def _seed_main(target: str, raw_kwargs: str) -> None:
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from app.extensions import db

    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    app = create_app()
    with app.app_context():
        result = function(**json.loads(raw_kwargs))
        db.session.commit()
    print(json.dumps(result))


# --- the server -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return int(stat.rsplit(")", 1)[1].split()[1])


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _ppid(int(entry)) == pid:
            found.append(int(entry))
    return sorted(found)


def rss_mb(pid: int, field: str = "VmRSS") -> float | None:
    """Resident set size of a process in MiB (VmRSS; VmHWM for its peak so far), or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def stop_process(process: subprocess.Popen | None, timeout: float = 15) -> None:
    """SIGTERM (graceful: a gunicorn master stops its workers), then after `timeout` SIGKILL to the process group
    it was started in (start_new_session=True: that group is its own, nothing else)."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@dataclass
class Gunicorn:
    """A gunicorn serving `wsgi_app` on a free loopback port; stderr and stdout go to `log_path`."""

    env: dict[str, str]
    log_path: Path
    wsgi_app: str = "app:create_app()"
    workers: int = 2
    threads: int | None = None
    health_path: str = "/healthz"
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        self.port = self.port or free_port()  # a port chosen beforehand (for BASE_URL), or any free one
        args = [str(VENV_BIN / "gunicorn"), "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
                "--graceful-timeout", "5",
                # No control socket: its default path is shared by every gunicorn of this user.
                "--no-control-socket", *self.extra_args]
        if self.threads:
            args += ["--threads", str(self.threads)]
        args.append(self.wsgi_app)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            # Its own session, so stop() can end exactly this server and its workers.
            self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _, _ = http_get(self.port, self.health_path, timeout=2)
                if status == 200 and len(self.worker_pids()) >= self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer {self.health_path} within {timeout} s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid) if self.process else []

    def worker_rss_mb(self, field: str = "VmRSS") -> list[float]:
        """Each worker's VmRSS in MiB (field="VmHWM": its peak since it started)."""
        return [round(rss, 1) for rss in (rss_mb(pid, field) for pid in self.worker_pids()) if rss is not None]

    def stop(self, timeout: float = 15) -> None:
        stop_process(self.process, timeout)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class JobsWorker:
    """`flask jobs worker` (it sends the mail the server queues), its output appended to `log_path`."""

    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None
    extra_args: list[str] = field(default_factory=list)  # e.g. ["--workers", "1"]

    def start(self) -> JobsWorker:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([str(VENV_BIN / "flask"), "--app", "app", "jobs", "worker",
                                             *self.extra_args], cwd=ROOT,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def stop(self, timeout: float = 15) -> None:
        stop_process(self.process, timeout)

    def __enter__(self) -> JobsWorker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- bench workspace ---------------------------------------------------------------------

@contextmanager
def workspace(prefix: str):
    """A temporary directory for databases and instance files, removed afterwards."""
    directory = tempfile.mkdtemp(prefix=f"convene-bench-{prefix}-")
    try:
        yield Path(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def log_path(name: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.log"
    path.unlink(missing_ok=True)
    return path


_PROBLEM = re.compile(r"Traceback|Error|Exception|locked|\[CRITICAL\]|WORKER TIMEOUT|Internal Server")


def problems_in_log(path: Path, limit: int = 40) -> list[str]:
    """Lines of a server log that look like trouble (tracebacks, errors, timeouts), deduplicated."""
    if not path.exists():
        return []
    seen: dict[str, int] = {}
    with open(path, errors="replace") as log:
        for line in log:
            line = line.rstrip()
            if _PROBLEM.search(line):
                seen[line] = seen.get(line, 0) + 1
    return [f"{line}  (x{count})" if count > 1 else line for line, count in list(seen.items())[:limit]]


# --- HTTP --------------------------------------------------------------------------------

def http_get(port: int, path: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class Browser:
    """One client: a cookie jar and a new connection per request (no keep-alive surprises)."""

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        from urllib.parse import urlencode

        headers = {"Connection": "close"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    cookie_value = rest.split(";", 1)[0]
                    if "expires=thu, 01 jan 1970" in value.lower() or cookie_value == "":
                        self.cookies.pop(cookie_name.strip(), None)
                    else:
                        self.cookies[cookie_name.strip()] = cookie_value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            conn.close()


_CSRF_INPUT = re.compile(r"<input\b[^>]*\bname=\"csrf_token\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")


def csrf_token(html: str) -> str | None:
    """The value of the first hidden `csrf_token` input of a page, whatever the attribute order."""
    tag = _CSRF_INPUT.search(html)
    if not tag:
        return None
    value = _VALUE.search(tag.group(0))
    return value.group(1) if value else None


def raw_get(port: int, request_bytes: bytes, timeout: float = 10) -> int:
    """One GET on a fresh connection with no cookies; returns the status code (0 when unreadable)."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request_bytes)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head = b"".join(chunks[:1])[:16]
    try:
        return int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def get_request_bytes(port: int, path: str) -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: convene-bench\r\n"
            f"Accept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n").encode()


# --- numbers and tables ----------------------------------------------------------------------

def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def table(headers: list[str], rows: list[list], title: str | None = None) -> str:
    """A plain aligned text table; numbers are right-aligned."""
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_looks_numeric(row[i]) for row in cells[1:]) and len(cells) > 1 for i in range(len(headers))]

    def line(row):
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric)).rstrip()

    out = []
    if title:
        out.append(title)
    out.append(line(cells[0]))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(row) for row in cells[1:])
    return "\n".join(out)


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d,]*\.?\d+( ?(%|ms|s|MB|MiB|req/s))?", text.strip()))


def write_json(path: str | None, data: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "seed":
        _seed_main(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: python -m bench.common seed MODULE:FUNCTION JSON_KWARGS")
