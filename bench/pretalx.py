"""Side by side with pretalx 2025.2: the first request after a publish, at 1,000 sessions (issue 17.5).

pretalx runs from its own virtualenv, bench/out/pretalx-venv (created once with `python3 -m venv`, then
`pip install pretalx==2025.2.0 gunicorn`: PyPI is needed that one time; Convene's .venv is never touched),
with its own data directory under bench/out/pretalx-data, SQLite (or PostgreSQL, `--db postgresql`: the
database `bench_pretalx`), no mail, no Redis and no celery (tasks run eagerly), the way Convene's bench runs
without Redis (`--redis` gives pretalx a throw-away redis-server as its cache, as in its production setup).
bench/pretalx_side.py, run by that virtualenv's Python, seeds one event shaped like
bench/publish.py's (1,000 sessions, 5 days, 10 rooms, 300 speakers with biographies, a break every tenth
slot) through Django's ORM and releases it as "v1" (`Schedule.freeze`).

gunicorn serves pretalx with 2 sync workers (as Convene's bench). Every URL is requested twice at once, so
both workers have rendered it (the version a release replaces); then one talk is renamed and "v2" released,
and the first request to each URL is timed, then the next ones. URLs: the schedule page (`/schedule/`, the
HTML shell of the JavaScript schedule), its data (`/schedule/widgets/schedule.json`), the page without
JavaScript (`/schedule/nojs`: every session in HTML, the counterpart of Convene's agenda page), the iCal
export and the frab XML and JSON exports.

Convene's figures come from bench/publish.py, run by this script just before (or read from its `--json`
output with `--convene-json`), so both are measured on the same machine within minutes; the table prints
both and their ratios, and the load average beside them (ratios are what holds on a busy machine).

    .venv/bin/python bench/pretalx.py [--db sqlite|postgresql] [--redis] [--next 3] [--convene-json FILE]
                                      [--skip-convene] [--json FILE]
    .venv/bin/python bench/pretalx.py --setup-only      # create the virtualenv and nothing else
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HOST,
    OUT_DIR,
    PYTHON,
    ROOT,
    children_of,
    free_port,
    log_path,
    problems_in_log,
    stop_process,
    table,
    write_json,
)

PRETALX_VERSION = "2025.2.0"
VENV = OUT_DIR / "pretalx-venv"
VENV_PYTHON = VENV / "bin" / "python"
DATA = OUT_DIR / "pretalx-data"
SIDE = ROOT / "bench" / "pretalx_side.py"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/bench_pretalx"
SLUG = "bench-agenda-1000"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # a browser's
# (label, pretalx path, the bench/publish.py URL it stands beside, or None)
URLS = (
    ("schedule page (JS shell)", "/{slug}/schedule/", None),
    ("  its data: widgets/schedule.json", "/{slug}/schedule/widgets/schedule.json", None),
    ("schedule page without JS (nojs)", "/{slug}/schedule/nojs", "agenda page"),
    ("schedule.ics", "/{slug}/schedule/export/schedule.ics", "agenda.ics"),
    ("schedule.xml (frab)", "/{slug}/schedule/export/schedule.xml", "schedule.xml"),
    ("schedule.json (frab)", "/{slug}/schedule/export/schedule.json", "schedule.json"),
)
NEW_TITLE = "Renamed for v2"
SHELL = URLS[0][0]  # the JavaScript schedule's page carries no talk titles: no version to check in it


# --- pretalx's virtualenv and data directory ---------------------------------------------------------

def venv_ready() -> bool:
    return (VENV / ".bench-ready").exists()


def ensure_venv(postgresql: bool, redis: bool) -> None:
    """bench/out/pretalx-venv with pretalx and gunicorn (once); psycopg, redis-py when they are asked for."""
    if not venv_ready():
        print(f"[pretalx] creating {VENV.relative_to(ROOT)} and installing pretalx=={PRETALX_VERSION} from PyPI "
              "(once)...", flush=True)
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", f"pretalx=={PRETALX_VERSION}", "gunicorn"],
                       check=True)
        (VENV / ".bench-ready").write_text(PRETALX_VERSION + "\n")
    if postgresql and subprocess.run([str(VENV_PYTHON), "-c", "import psycopg"], capture_output=True).returncode:
        print("[pretalx] installing psycopg[binary] into pretalx's virtualenv (once)...", flush=True)
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "psycopg[binary]"], check=True)
    if redis and subprocess.run([str(VENV_PYTHON), "-c", "import redis"], capture_output=True).returncode:
        print("[pretalx] installing redis (the client) into pretalx's virtualenv (once)...", flush=True)
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "redis"], check=True)


def write_config(db: str, port: int, redis_url: str | None = None) -> tuple[Path, dict[str, str]]:
    """pretalx.cfg for this run (site URL on `port`, no mail sent, no celery; Redis as its cache only when
    `redis_url` is given) and the environment."""
    data = DATA / db
    data.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        database = f"backend = sqlite3\nname = {data / 'db.sqlite3'}\n"
    else:
        database = "backend = postgresql\nname = bench_pretalx\nuser = postgres\nhost = 127.0.0.1\nport = 5432\n"
    config = data / "pretalx.cfg"
    config.write_text(
        f"[filesystem]\ndata = {data}\nstatic = {DATA / 'static'}\n"
        f"[site]\ndebug = False\nurl = http://{HOST}:{port}\n"
        f"[database]\n{database}"
        "[mail]\nfrom = bench@localhost\nhost = 127.0.0.1\nport = 1\n"  # nothing is mailed: releases notify no one
        f"[redis]\nlocation = {redis_url or False}\nsession = False\n[celery]\nbroker =\nbackend =\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PRETALX_", "DJANGO_"))}
    env.update(PRETALX_CONFIG_FILE=str(config), DJANGO_SETTINGS_MODULE="pretalx.settings", PYTHONUNBUFFERED="1",
               PYTHONDONTWRITEBYTECODE="1")
    return data, env


def pretalx_manage(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    result = subprocess.run([str(VENV_PYTHON), "-m", "pretalx", *args], cwd=DATA, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"pretalx {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def side(env: dict[str, str], *args: str) -> dict:
    """bench/pretalx_side.py in pretalx's virtualenv; its last line of output is JSON."""
    result = subprocess.run([str(VENV_PYTHON), str(SIDE), *args], cwd=DATA, env=env, capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"pretalx_side {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(db: str, env: dict[str, str], data: Path) -> None:
    """An empty, migrated database (SQLite: a copy of one migrated once) and the collected static files."""
    static_mark = DATA / "static" / ".bench-collected"
    if not static_mark.exists():  # the schedule page's {% static %} needs whitenoise's manifest
        print("[pretalx] collecting static files (once)...", flush=True)
        pretalx_manage(env, "collectstatic", "--noinput")
        static_mark.write_text(PRETALX_VERSION + "\n")
    if db == "sqlite":
        database, migrated = data / "db.sqlite3", data / f"migrated-{PRETALX_VERSION}.sqlite3"
        database.unlink(missing_ok=True)
        if not migrated.exists():
            print("[pretalx] migrating an empty SQLite database (once)...", flush=True)
            pretalx_manage(env, "migrate")
            shutil.move(database, migrated)
        shutil.copyfile(migrated, database)
    else:
        from bench.common import reset_postgres

        reset_postgres(POSTGRES_URL)
        print("[pretalx] migrating PostgreSQL bench_pretalx...", flush=True)
        pretalx_manage(env, "migrate")


# --- the server and the client -------------------------------------------------------------------------

class PretalxServer:
    """gunicorn from pretalx's virtualenv serving pretalx.wsgi; its own session, stopped by its pid."""

    def __init__(self, env: dict[str, str], port: int, log: Path, workers: int = 2):
        self.env, self.port, self.log, self.workers = env, port, log, workers
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> None:
        args = [str(VENV / "bin" / "gunicorn"), "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
                "--timeout", "300", "--graceful-timeout", "5", "--no-control-socket", "pretalx.wsgi"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(args, cwd=DATA, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # (pretalx's /healthcheck/ answers 503 without a cache)
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                if get(self.port, "/robots.txt", timeout=5)["status"] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"pretalx did not answer within {timeout} s; see {self.log}")

    def cpu_ms(self) -> float:
        """CPU time (user + system) its workers have used so far: a figure the machine's load moves less."""
        total = 0
        for pid in children_of(self.process.pid) if self.process else []:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total * 1000 / os.sysconf("SC_CLK_TCK")

    def timed_get(self, path: str) -> dict:
        """get(), with the CPU time the workers spent meanwhile (one request at a time: the serving worker's)."""
        before = self.cpu_ms()
        result = get(self.port, path)
        return {**result, "cpu_ms": round(self.cpu_ms() - before, 1)}

    def stop(self, timeout: float = 15) -> None:
        stop_process(self.process, timeout)


class RedisServer:
    """A throw-away redis-server on a free loopback port, nothing saved to disk (for `--redis`)."""

    def __init__(self, log: Path):
        self.port, self.log = free_port(), log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self, timeout: float = 20) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
                                             "--appendonly", "no", "--daemonize", "no"], cwd=DATA, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"redis-server did not answer within {timeout} s; see {self.log}")

    def stop(self) -> None:
        stop_process(self.process, timeout=10)


def get(port: int, path: str, timeout: float = 300) -> dict:
    """One GET on a new connection, as a browser asks (Accept: text/html first); time to the last byte."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept": ACCEPT, "Connection": "close"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return {"status": response.status, "ms": round((time.perf_counter() - started) * 1000, 1), "bytes": len(body),
            "new": NEW_TITLE.encode() in body}


def warm(port: int) -> None:
    """Each URL twice at once, so that both workers have rendered it (the version the release replaces)."""
    for _, pattern, _ in URLS:
        threads = [threading.Thread(target=get, args=(port, pattern.format(slug=SLUG))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def measure_pretalx(db: str, following: int, with_redis: bool = False) -> dict:
    port = free_port()
    redis = RedisServer(log_path("pretalx-redis")) if with_redis else None
    data, env = write_config(db, port, redis.url if redis else None)
    server_log = log_path(f"pretalx-{db}")
    server = PretalxServer(env, port, server_log)
    result = {"db": db, "redis": with_redis, "pretalx": PRETALX_VERSION}
    try:
        if redis:
            redis.start()  # before anything of pretalx's runs: releases write to its cache too
        prepare(db, env, data)
        print(f"[pretalx] seeding 1,000 sessions through the ORM and releasing v1 ({db})...", flush=True)
        result["seeded"] = side(env, "seed")
        result["load_before"] = load_average()
        server.start()
        print("[pretalx] warming both workers on v1 (each URL twice at once)...", flush=True)
        warm(port)
        print("[pretalx] renaming a talk and releasing v2...", flush=True)
        result["release"] = side(env, "release", "v2", NEW_TITLE)
        print(f"[pretalx] first request to each URL after the release, then {following} more...", flush=True)
        urls = {}
        for label, pattern, _ in URLS:
            urls[label] = {"path": pattern.format(slug=SLUG), "first": server.timed_get(pattern.format(slug=SLUG))}
        for label, pattern, _ in URLS:
            urls[label]["next"] = [server.timed_get(pattern.format(slug=SLUG)) for _ in range(following)]
        result["urls"] = urls
    finally:
        server.stop()
        if redis:
            redis.stop()
        if db == "postgresql":
            from bench.common import reset_postgres

            reset_postgres(POSTGRES_URL)  # emptied after the run too, like the other benchmarks' databases
    result["load_after"] = load_average()
    result["log_problems"] = [line for line in problems_in_log(server_log) if "vite manifest" not in line]
    return result


# --- Convene's figures -----------------------------------------------------------------------------------

def convene_figures(path: str | None) -> dict:
    """bench/publish.py's results: read from `path`, or measured now (its own output printed as it runs)."""
    if path:
        loaded = json.loads(Path(path).read_text())
        return {**loaded.get("publish", loaded), "load_before": "?", "load_after": "?", "source": path}
    with tempfile.TemporaryDirectory(prefix="convene-bench-pretalx-") as directory:
        target = Path(directory) / "publish.json"
        before = load_average()
        print("[pretalx] Convene's side: bench/publish.py...", flush=True)
        subprocess.run([PYTHON, "bench/publish.py", "--json", str(target)], cwd=ROOT, check=True, timeout=1800)
        figures = json.loads(target.read_text())["publish"]
    return {**figures, "load_before": before, "load_after": load_average(), "source": "bench/publish.py, this run"}


# --- report --------------------------------------------------------------------------------------------

def _ratio(pretalx_ms: float | None, convene_ms: float | None) -> str:
    if not pretalx_ms or not convene_ms:
        return "-"
    return f"{pretalx_ms / convene_ms:,.0f}x" if pretalx_ms / convene_ms >= 10 else f"{pretalx_ms / convene_ms:.1f}x"


def comparison(pretalx: dict, convene: dict) -> list[dict]:
    """One row per pretalx URL: its first request after v2 and the median of the next ones, beside Convene's
    first request after a publish (pre-render finished; not finished) and, without pre-rendering, its first
    request (a render) and the next."""
    rows = []
    for label, _, counterpart in URLS:
        entry = pretalx["urls"][label]
        following = [e["ms"] for e in entry["next"]]
        row = {"pretalx": label, "convene": counterpart, "pretalx_first_ms": entry["first"]["ms"],
               "pretalx_next_ms": round(statistics.median(following), 1) if following else None,
               "pretalx_first_cpu_ms": entry["first"]["cpu_ms"],
               "pretalx_next_cpu_ms": round(statistics.median(e["cpu_ms"] for e in entry["next"]), 1)
               if following else None,
               "pretalx_status": sorted({entry["first"]["status"], *(e["status"] for e in entry["next"])}),
               "pretalx_new_version": None if label == SHELL else entry["first"]["new"] and all(
                   e["new"] for e in entry["next"]),
               "pretalx_bytes": entry["first"]["bytes"]}
        if counterpart and convene:
            row.update(convene_prerendered_ms=convene["prerendered"][counterpart]["ms"],
                       convene_pending_ms=convene["pending"][counterpart]["ms"],
                       convene_render_ms=convene["not_prerendered"][counterpart]["ms"],
                       convene_next_ms=convene["not_prerendered_second"][counterpart]["ms"],
                       convene_bytes=convene["prerendered"][counterpart]["bytes"])
            row["ratio_first"] = round(row["pretalx_first_ms"] / row["convene_prerendered_ms"], 1)
            row["ratio_first_render"] = round(row["pretalx_first_ms"] / row["convene_render_ms"], 1)
            row["ratio_next"] = round(row["pretalx_next_ms"] / row["convene_next_ms"], 1) if following else None
        rows.append(row)
    return rows


def print_report(pretalx: dict, convene: dict, rows: list[dict]) -> None:
    lines = []
    for row in rows:
        pretalx_text = [f"{row['pretalx_first_ms']:,.0f} ms (CPU {row['pretalx_first_cpu_ms']:,.0f})",
                        f"{row['pretalx_next_ms']:,.0f} ms (CPU {row['pretalx_next_cpu_ms']:,.0f})"
                        if row["pretalx_next_ms"] is not None else "-"]
        if "convene_prerendered_ms" in row:
            lines.append([row["pretalx"], *pretalx_text, row["convene"], f"{row['convene_prerendered_ms']} ms",
                          f"{row['convene_render_ms']} ms", f"{row['convene_next_ms']} ms",
                          _ratio(row["pretalx_first_ms"], row["convene_prerendered_ms"]),
                          _ratio(row["pretalx_first_ms"], row["convene_render_ms"]),
                          _ratio(row["pretalx_next_ms"], row["convene_next_ms"])])
        else:
            lines.append([row["pretalx"], *pretalx_text, "-", "", "", "", "", "", ""])
    print(table(["pretalx URL", "pretalx: 1st after release", "then (median)", "Convene URL",
                 "Convene: 1st after publish (pre-rendered)", "no pre-render: 1st", "then",
                 "ratio 1st", "ratio 1st, both render", "ratio then"], lines,
                title=f"first request after a publish, 1,000 sessions, gunicorn 2 sync workers: pretalx "
                      f"{pretalx['pretalx']} ({pretalx['db']}, {'Redis' if pretalx.get('redis') else 'no Redis'}) "
                      f"vs Convene (SQLite, no Redis)"))
    versions = "yes" if all(r["pretalx_new_version"] is not False for r in rows) else "NO"
    statuses = sorted({s for r in rows for s in r["pretalx_status"]})
    print(f"    pretalx answers: HTTP {'/'.join(map(str, statuses))}; every answer after the release shows v2 "
          f"(the JS shell aside): {versions}. Release of v2 (Schedule.freeze, the organiser's cost) took "
          f"{pretalx['release']['release_ms']:,} ms; v1 {pretalx['seeded']['release_ms']:,} ms.")
    if convene:
        print("    Convene: first request with pre-render not finished (previous version): "
              + ", ".join(f"{label} {e['ms']} ms" for label, e in convene["pending"].items())
              + f"; pre-render took {convene.get('prerender_seconds')} s.")
    print("    CPU = the pretalx workers' CPU time (user + system, ms) during the request, which the load moves "
          "less than the wall time.")
    print(f"    ratio = pretalx time / Convene time (higher: Convene faster). Load average (1/5/15 min): "
          f"Convene {convene.get('load_before', '?')} -> {convene.get('load_after', '?')}; "
          f"pretalx {pretalx['load_before']} -> {pretalx['load_after']}.")
    print("    Sizes (bytes, first answer): " + ", ".join(
        f"{r['pretalx'].strip()} {r['pretalx_bytes']:,}" + (f" (Convene {r['convene_bytes']:,})" if "convene_bytes" in r
                                                          else "") for r in rows))
    print("    pretalx caches none of these without Redis; with Redis only widgets/schedule.json is cached "
          "(5 min, per version), so its first request after a release renders in any case.")
    if pretalx["log_problems"]:
        print("    suspicious lines in pretalx's log:")
        for line in pretalx["log_problems"]:
            print(f"      {line}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite", help="pretalx's database")
    parser.add_argument("--next", type=int, default=3, help="requests timed after the first one, per URL")
    parser.add_argument("--convene-json", help="bench/publish.py's --json output, instead of running it now")
    parser.add_argument("--redis", action="store_true",
                        help="give pretalx a Redis cache (a throw-away redis-server), as in its production setup")
    parser.add_argument("--skip-convene", action="store_true", help="measure pretalx only")
    parser.add_argument("--setup-only", action="store_true", help="create pretalx's virtualenv, then stop")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    ensure_venv(args.db == "postgresql", args.redis)
    if args.setup_only:
        return 0
    convene = {} if args.skip_convene else convene_figures(args.convene_json)
    pretalx = measure_pretalx(args.db, args.next, args.redis)
    rows = comparison(pretalx, convene)
    print()
    print_report(pretalx, convene, rows)
    write_json(args.json, {"pretalx": {**pretalx, "rows": rows,
                                       "convene_load": [convene.get("load_before"), convene.get("load_after")]}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
