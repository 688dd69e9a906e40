"""Materials under gunicorn: a 500 MB upload and download, a Range request, and a 1 GB streamed ZIP,
with the worker's memory (RSS) sampled throughout.

Targets (PRODUCT.md §5): upload and download of a 500 MB file with the worker's RSS growing by
less than 64 MB, Range working; a streamed ZIP of 1 GB of materials in constant memory.

    .venv/bin/python bench/materials.py [--upload-mb 500] [--zip-files 4] [--zip-file-mb 256] [--json FILE]

One gunicorn sync worker (so every request lands in the worker that is measured), SQLite, local
storage in a temporary directory, MAX_UPLOAD_MB above the upload's size. The client streams the
multipart body from a generator and reads responses in 1 MiB chunks, so the client's own memory
stays small too. The ZIP's files are made in-process through the same staging and checks as an
upload (app.materials.uploads.stage_upload), then fetched as one session's ZIP over HTTP.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import re
import sys
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import UTC

from bench.common import (  # noqa: E402
    HOST,
    Browser,
    Gunicorn,
    app_env,
    csrf_token,
    log_path,
    migrate,
    problems_in_log,
    rss_mb,
    run_in_app,
    sqlite_url,
    table,
    workspace,
    write_json,
)

SLUG = "bench-materials"
PASSWORD = "bench-password-123"
ORGANISER = "organiser@materials.bench.example.org"
CHUNK = 1024 * 1024
RSS_TARGET_MB = 64
_BLOCK = hashlib.sha256(b"convene").digest() * (CHUNK // 32)  # 1 MiB of incompressible-looking bytes
_HEADER = b"%PDF-1.4\n% convene bench\n"


# --- deterministic content: a PDF header, then a repeated 1 MiB block -----------------------------

def content_chunks(size: int):
    yield _HEADER
    remaining = size - len(_HEADER)
    while remaining > 0:
        piece = _BLOCK[:min(CHUNK, remaining)]
        remaining -= len(piece)
        yield piece


def content_at(offset: int, length: int) -> bytes:
    out, position = bytearray(), offset
    while len(out) < length:
        if position < len(_HEADER):
            piece = _HEADER[position:position + length - len(out)]
        else:
            inner = (position - len(_HEADER)) % CHUNK
            piece = _BLOCK[inner:inner + length - len(out)]
        out += piece
        position += len(piece)
    return bytes(out)


class _GeneratedFile:
    """A read()-able stream of content_chunks(), for staging without holding the file in memory."""

    def __init__(self, size: int):
        self._chunks = content_chunks(size)
        self._buffer = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._buffer) < n:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if n < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data


# --- run inside create_app() (python -m bench.common seed ...) -------------------------------------

def seed(zip_files: int, zip_file_mb: int) -> dict:
    """A public event with two published sessions; `zip_files` files of `zip_file_mb` MiB in the second."""
    from datetime import date, datetime, timedelta
    from datetime import time as time_of_day

    from app.accounts import services as accounts
    from app.agenda.models import Session
    from app.agenda.publishing import publish
    from app.core.storage import get_storage
    from app.events.models import EventKind, RegistrationMode, Visibility
    from app.events.services import create_event
    from app.extensions import db
    from app.materials import services
    from app.materials.uploads import stage_upload

    organiser = accounts.create_user(email=ORGANISER, password=PASSWORD, name="Organiser", verified=True)
    event = create_event(organiser, {
        "title": {"en": "Materials bench", "ru": "Тест материалов"}, "summary": {}, "description": {},
        "venue": {"en": "Astana"}, "slug": SLUG, "kind": EventKind.FORUM, "start_date": date(2020, 5, 16),
        "end_date": date(2020, 5, 17), "timezone": "Asia/Almaty", "languages": ["en", "ru", "kk"],
        "default_language": "en", "visibility": Visibility.PUBLIC, "capacity": None,
        "registration_mode": RegistrationMode.OPEN, "registration_opens_at": None, "registration_closes_at": None,
    }, needs_approval=False)  # set up on the operator's behalf: public at once, not awaiting approval
    start = datetime.combine(date(2020, 5, 16), time_of_day(4), UTC)
    sessions = []
    for i, title in enumerate(({"en": "Upload session"}, {"en": "Большой архив", "ru": "Большой архив"})):
        session = Session(event_id=event.id, title=title, starts_at=start + timedelta(hours=i),
                          ends_at=start + timedelta(hours=i + 1))
        db.session.add(session)
        sessions.append(session)
    db.session.flush()
    publish(event, organiser)
    storage = get_storage()
    size = zip_file_mb * CHUNK
    for i in range(zip_files):
        with stage_upload(storage, _GeneratedFile(size), f"Запись {i + 1}.pdf", max_bytes=size) as staged:
            services.create_material(event, organiser, kind="file", session_id=sessions[1].id,
                                     title={"ru": f"Запись {i + 1}"}, language="ru", visibility="public",
                                     staged=staged, storage=storage)
    db.session.flush()
    return {"upload_session": sessions[0].id, "zip_session": sessions[1].id, "zip_bytes": zip_files * size}


def stored_version(material_id: int) -> dict:
    from app.extensions import db
    from app.materials.models import Material

    material = db.session.get(Material, material_id)
    version = material.current_version
    return {"sha256": version.sha256, "size": version.size, "filename": version.filename,
            "download_count": material.download_count}


# --- measuring ------------------------------------------------------------------------------------------

class RssSampler:
    """Samples a process's VmRSS every `interval` seconds in a thread: baseline, peak, end."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid, self.interval = pid, interval
        self.baseline = self.peak = self.end = rss_mb(pid) or 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.peak = max(self.peak, value)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self.baseline = self.peak = rss_mb(self.pid) or 0.0
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self.end = rss_mb(self.pid) or 0.0

    @property
    def growth(self) -> float:
        return round(self.peak - self.baseline, 1)


def _connection(port: int, timeout: float = 600) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=timeout)


def _cookie_header(browser: Browser) -> str:
    return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def sign_in(port: int) -> Browser:
    browser = Browser(port, timeout=60)
    status, _, page = browser.request("GET", "/account/login")
    status, headers, _ = browser.request("POST", "/account/login", {
        "email": ORGANISER, "password": PASSWORD, "csrf_token": csrf_token(page)})
    if status != 302:
        raise RuntimeError(f"sign-in failed with {status}")
    return browser


def upload(port: int, browser: Browser, session_id: int, size: int, filename: str) -> dict:
    status, _, page = browser.request("GET", f"/manage/events/{SLUG}/materials/new")
    token = csrf_token(page)
    boundary = "convene-bench-" + hashlib.sha1(str(time.time()).encode()).hexdigest()[:16]
    fields = {"csrf_token": token, "kind": "file", "visibility": "public", "session": str(session_id)}
    pre = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items())
    pre += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n")
    pre_bytes, post_bytes = pre.encode(), f"\r\n--{boundary}--\r\n".encode()
    digest = hashlib.sha256()
    conn = _connection(port)
    started = time.perf_counter()
    try:
        conn.putrequest("POST", f"/manage/events/{SLUG}/materials/new")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(pre_bytes) + size + len(post_bytes)))
        conn.putheader("Cookie", _cookie_header(browser))
        conn.putheader("Connection", "close")
        conn.endheaders()
        conn.send(pre_bytes)
        for chunk in content_chunks(size):
            digest.update(chunk)
            conn.send(chunk)
        conn.send(post_bytes)
        response = conn.getresponse()
        body = response.read()
        location = response.getheader("Location") or ""
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    match = re.search(r"#material-(\d+)$", location)
    if response.status != 302 or not match:
        raise RuntimeError(f"upload answered {response.status}: {body[:300]!r}")
    return {"material_id": int(match.group(1)), "seconds": round(elapsed, 2), "sha256": digest.hexdigest(),
            "mb_per_s": round(size / CHUNK / elapsed, 1)}


def download(port: int, path: str, headers: dict | None = None, sink=None) -> dict:
    conn = _connection(port)
    digest, total = hashlib.sha256(), 0
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        while True:
            chunk = response.read(CHUNK)
            if not chunk:
                break
            digest.update(chunk)
            total += len(chunk)
            if sink is not None:
                sink.write(chunk)
        result = {"status": response.status, "bytes": total, "sha256": digest.hexdigest(),
                  "headers": {k.lower(): v for k, v in response.getheaders()}}
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    result.update(seconds=round(elapsed, 2), mb_per_s=round(total / CHUNK / elapsed, 1) if elapsed else None)
    return result


def run(args) -> dict:
    upload_size = args.upload_mb * CHUNK
    with workspace("materials") as directory:
        env = app_env(sqlite_url(directory), directory, MAX_UPLOAD_MB=str(max(args.upload_mb + 50, 200)))
        migrate(env)
        print(f"seeding: {args.zip_files} files x {args.zip_file_mb} MiB for the ZIP ...", flush=True)
        seeded = run_in_app(env, "bench.materials:seed", timeout=1800, zip_files=args.zip_files,
                            zip_file_mb=args.zip_file_mb)
        log = log_path("materials-app")
        server = Gunicorn(env, log, workers=1, extra_args=["--timeout", "900", "--worker-class", "sync"])
        with server:
            worker = server.worker_pids()[0]
            browser = sign_in(server.port)
            idle = rss_mb(worker)
            print(f"uploading {args.upload_mb} MiB ...", flush=True)
            with RssSampler(worker) as upload_rss:
                up = upload(server.port, browser, seeded["upload_session"], upload_size,
                            "Запись пленарного заседания.pdf")
            stored = run_in_app(env, "bench.materials:stored_version", material_id=up["material_id"])
            url = f"/events/{SLUG}/materials/{up['material_id']}/download"
            print(f"downloading {args.upload_mb} MiB ...", flush=True)
            with RssSampler(worker) as download_rss:
                down = download(server.port, url)
            offset = upload_size // 3
            ranged = download(server.port, url, headers={"Range": f"bytes={offset}-{offset + 999_999}"})
            range_ok = (ranged["status"] == 206 and ranged["bytes"] == 1_000_000
                        and ranged["sha256"] == hashlib.sha256(content_at(offset, 1_000_000)).hexdigest()
                        and ranged["headers"].get("content-range") == f"bytes {offset}-{offset + 999_999}/{upload_size}")
            zip_path = Path(directory) / "download.zip"
            print(f"streaming a ZIP of {seeded['zip_bytes'] / CHUNK:.0f} MiB ...", flush=True)
            with RssSampler(worker) as zip_rss, open(zip_path, "wb") as sink:
                zipped = download(server.port, f"/events/{SLUG}/sessions/{seeded['zip_session']}/materials.zip",
                                  sink=sink)
            if zipped["status"] != 200:
                raise SystemExit(f"the ZIP answered HTTP {zipped['status']}: {zip_path.read_bytes()[:300]!r}")
            with zipfile.ZipFile(zip_path) as archive:
                infos = archive.infolist()
                zip_ok = (zipped["status"] == 200 and len(infos) == args.zip_files
                          and all(i.file_size == args.zip_file_mb * CHUNK for i in infos)
                          and all(i.flag_bits & 0x800 for i in infos)
                          and int(zipped["headers"].get("content-length", -1)) == zipped["bytes"])
                first = hashlib.sha256()
                with archive.open(infos[0]) as member:  # reading checks the CRC too
                    for chunk in iter(lambda: member.read(CHUNK), b""):
                        first.update(chunk)
                zip_ok = zip_ok and first.hexdigest() == hashlib.sha256(
                    b"".join(content_chunks(args.zip_file_mb * CHUNK))).hexdigest()
                names = [i.filename for i in infos]
            final = rss_mb(worker)
        problems = problems_in_log(log)
    upload_ok = up["sha256"] == stored["sha256"] and stored["size"] == upload_size
    download_ok = down["status"] == 200 and down["sha256"] == up["sha256"]
    return {
        "upload_mb": args.upload_mb, "zip_mb": round(seeded["zip_bytes"] / CHUNK),
        "worker_rss_idle_mb": idle, "worker_rss_final_mb": final,
        "upload": {**up, "rss_baseline_mb": upload_rss.baseline, "rss_peak_mb": upload_rss.peak,
                   "rss_growth_mb": upload_rss.growth, "checksum_ok": upload_ok, "stored_filename": stored["filename"]},
        "download": {"seconds": down["seconds"], "mb_per_s": down["mb_per_s"], "rss_baseline_mb": download_rss.baseline,
                     "rss_peak_mb": download_rss.peak, "rss_growth_mb": download_rss.growth, "checksum_ok": download_ok,
                     "content_disposition": down["headers"].get("content-disposition"),
                     "nosniff": down["headers"].get("x-content-type-options") == "nosniff"},
        "range": {"ok": range_ok, "status": ranged["status"], "content_range": ranged["headers"].get("content-range")},
        "zip": {"seconds": zipped["seconds"], "mb_per_s": zipped["mb_per_s"], "bytes": zipped["bytes"],
                "rss_baseline_mb": zip_rss.baseline, "rss_peak_mb": zip_rss.peak, "rss_growth_mb": zip_rss.growth,
                "ok": zip_ok, "names": names},
        "problems": problems,
        "ok": bool(upload_ok and download_ok and range_ok and zip_ok
                   and max(upload_rss.growth, download_rss.growth) < RSS_TARGET_MB and zip_rss.growth < RSS_TARGET_MB),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upload-mb", type=int, default=500)
    parser.add_argument("--zip-files", type=int, default=4)
    parser.add_argument("--zip-file-mb", type=int, default=256)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    result = run(args)
    up, down, zipped = result["upload"], result["download"], result["zip"]
    rows = [
        [f"upload {args.upload_mb} MiB (multipart, 1 sync worker)", f"{up['seconds']} s", f"{up['mb_per_s']} MiB/s",
         f"{up['rss_baseline_mb']:.1f} -> {up['rss_peak_mb']:.1f} MiB", f"+{up['rss_growth_mb']} MiB",
         "sha256 OK" if up["checksum_ok"] else "sha256 MISMATCH"],
        [f"download {args.upload_mb} MiB", f"{down['seconds']} s", f"{down['mb_per_s']} MiB/s",
         f"{down['rss_baseline_mb']:.1f} -> {down['rss_peak_mb']:.1f} MiB", f"+{down['rss_growth_mb']} MiB",
         "sha256 OK" if down["checksum_ok"] else "sha256 MISMATCH"],
        [f"ZIP of {result['zip_mb']} MiB ({args.zip_files} files)", f"{zipped['seconds']} s", f"{zipped['mb_per_s']} MiB/s",
         f"{zipped['rss_baseline_mb']:.1f} -> {zipped['rss_peak_mb']:.1f} MiB", f"+{zipped['rss_growth_mb']} MiB",
         "entries, sizes, UTF-8 names, CRC OK" if zipped["ok"] else "ZIP CHECK FAILED"],
    ]
    print()
    print(table(["what", "time", "throughput", "worker RSS (baseline -> peak)", "growth", "check"], rows,
                title="Materials under gunicorn (PRODUCT.md §5: RSS growth < 64 MB; ZIP in constant memory)"))
    print()
    print(f"Range bytes={args.upload_mb * CHUNK // 3}-...: {result['range']['status']} "
          f"{result['range']['content_range']} -> {'OK' if result['range']['ok'] else 'FAILED'}")
    print(f"Content-Disposition: {down['content_disposition']}; nosniff: {down['nosniff']}")
    print(f"stored name: {up['stored_filename']}; ZIP names: {', '.join(zipped['names'])}")
    print(f"worker RSS idle {result['worker_rss_idle_mb']:.1f} MiB, after everything {result['worker_rss_final_mb']:.1f} MiB")
    if result["problems"]:
        print("suspicious server log lines:")
        for line in result["problems"]:
            print("  " + line)
    print(f"verdict: {'OK' if result['ok'] else 'FAIL'}")
    write_json(args.json, {"materials": result})
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
