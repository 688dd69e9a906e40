"""The first request after a publish (issue 17.1): at 1,000 sessions, no reader pays for a render.

Seeds one public event of 1,000 sessions in three languages (bench/agenda.py's seeding, without its
registrations), serves it with gunicorn (2 sync workers, the page cache in files of the instance
directory, no Redis) and publishes changes the way an organiser does (`app.agenda.publishing.publish`,
committed in this process, the pre-render job queued in the SQLite queue of the instance directory):

  (a) pre-render not finished: the background worker is not running yet. The first request to the
      agenda page and to each export answers with the previous version (its Cache-Control says
      no-cache). Target: < 50 ms each.
  (b) pre-render finished: the worker (`flask jobs worker`) is started, renders the new version's
      pages and exports in every language (its duration is printed); then the first request to
      each answers from the cache with the new version. Target: < 50 ms each.
  (c) for comparison, a publish without pre-rendering (PAGE_PRERENDER off): the first request to
      each renders it (once: requests for it meanwhile get the previous version).
  (d) agenda.ics at 1,000 sessions rendered cold, in this process: the publication parsed, then the
      calendar built in a language not rendered before. Target: < 200 ms.

    .venv/bin/python bench/publish.py [--json FILE]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    HOST,
    Gunicorn,
    JobsWorker,
    app_env,
    free_port,
    http_get,
    log_path,
    migrate,
    prepare_database,
    problems_in_log,
    run_in_app,
    table,
    workspace,
    write_json,
)

SIZE = 1000
SLUG = "bench-agenda-1000"
URLS = (
    ("agenda page", "/events/{slug}/agenda"),
    ("agenda.ics", "/events/{slug}/agenda.ics"),
    ("schedule.xml", "/events/{slug}/schedule.xml"),
    ("schedule.json", "/events/{slug}/schedule.json"),
)
TARGET_FIRST_MS = 50
TARGET_ICS_COLD_MS = 200


def seed() -> str:
    """The 1,000-session event of bench/agenda.py, published, without its 5,000 registrations."""
    import bench.agenda as agenda
    from app.accounts.services import create_user

    agenda.REGISTRATIONS = {}
    organiser = create_user(email="organiser@bench.example.org", password="bench-password-123", name="Organiser",
                            verified=True)
    return agenda._seed_event(organiser, SIZE)


def _publish_change(app, label: str) -> None:
    """Rename the first session (in every language) and publish, as the organiser's request would."""
    from sqlalchemy import select

    from app.agenda.models import Session
    from app.agenda.publishing import publish
    from app.events.models import Event
    from app.extensions import db

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        session = db.session.scalar(select(Session).where(Session.event_id == event.id).order_by(Session.id).limit(1))
        session.title = {lang: f"{label} ({lang})" for lang in ("en", "ru", "kk")}
        publish(event, None)
        db.session.commit()


def _prerendered(app) -> bool:
    """Whether the last thing the job renders (schedule.json in Kazakh) of the latest version is in the cache."""
    from sqlalchemy import select

    from app.agenda.export_views import _base_url, _etag, _event_parts
    from app.agenda.published import publication_stamp
    from app.events.models import Event
    from app.extensions import cache, db

    with app.test_request_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        etag = _etag("schedule.json", *_event_parts(event, publication_stamp(event)), "kk", _base_url())
        found = cache.get(f"export:{etag}") is not None
        db.session.rollback()
        return found


def _first_requests(port: int, new_title: str) -> dict:
    """The first request to each URL (in English, as a new visitor): time, size, which version, caching."""
    results = {}
    for label, pattern in URLS:
        started = time.perf_counter()
        status, headers, body = http_get(port, pattern.format(slug=SLUG) + "?lang=en", timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        text = body.decode("utf-8", "replace")
        results[label] = {"status": status, "ms": round(elapsed, 1), "bytes": len(body),
                          "version": "new" if new_title in text or new_title.encode("unicode_escape").decode() in text
                          else "previous",
                          "cache_control": headers.get("Cache-Control", "")}
    return results


def _warm(port: int) -> None:
    """Every URL in every language, twice (either worker may answer): the version the publishes replace."""
    for _ in range(2):
        for _, pattern in URLS:
            for lang in ("en", "ru", "kk"):
                http_get(port, pattern.format(slug=SLUG) + f"?lang={lang}", timeout=60)


def _ics_cold(app) -> dict:
    """agenda.ics at 1,000 sessions: the publication parsed, then rendered in one language, then another."""
    from sqlalchemy import select

    from app.agenda import ical
    from app.agenda.published import _cache, publication_stamp, published_agenda
    from app.events.models import Event
    from app.extensions import db

    with app.test_request_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        stamp = publication_stamp(event)
        _cache.clear()
        started = time.perf_counter()
        published = published_agenda(event, stamp)
        parse_ms = (time.perf_counter() - started) * 1000
        renders = {}
        for lang in ("kk", "ru", "en"):
            started = time.perf_counter()
            body = ical.agenda_calendar(event, published, lang=lang, base_url="http://127.0.0.1/")
            renders[lang] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        _icalendar_objects(event, published, "en")
        reference_ms = round((time.perf_counter() - started) * 1000, 1)
        return {"parse_ms": round(parse_ms, 1), "render_ms": renders, "bytes": len(body),
                "sessions": len(published.sessions), "icalendar_objects_ms": reference_ms}


def _icalendar_objects(event, published, lang: str) -> bytes:
    """The same calendar built the way app/agenda/ical.py did before issue 17 (an icalendar object per
    property, then to_ical()), in the same process and moment: the ratio holds on a noisy machine."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar
    from icalendar import Event as VEvent

    from app.agenda.ical import REFRESH_INTERVAL, session_uid, session_url
    from app.core.i18n import localize

    tz, default = ZoneInfo(event.timezone), event.default_language
    calendar = Calendar()
    for name, value in (("prodid", "-//Convene//Agenda//EN"), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("x-wr-calname", localize(event.title, default, lang=lang))):
        calendar.add(name, value)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    for session in published.sessions:
        vevent = VEvent()
        vevent.add("uid", session_uid(session))
        vevent.add("dtstamp", published.published_at)
        vevent.add("dtstart", session.starts_at.astimezone(tz))
        vevent.add("dtend", session.ends_at.astimezone(tz))
        vevent.add("summary", localize(session.title, default, lang=lang))
        vevent.add("description", localize(session.abstract, default, lang=lang))
        if session.room:
            vevent.add("location", localize(session.room.name, default, lang=lang))
        vevent.add("url", session_url("http://127.0.0.1/", event.slug, session.id))
        vevent.add("sequence", session.sequence)
        vevent.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def measure(env: dict[str, str], port: int) -> dict:
    os.environ.update(env)  # config.py reads the environment when it is imported
    from app import create_app
    from app.core import pagecache

    app = create_app()
    result = {}
    server_log, worker_log = log_path("publish-app"), log_path("publish-worker")
    server = Gunicorn(env, server_log, port=port)
    worker = JobsWorker(env, worker_log)
    try:
        server.start()
        _warm(server.port)

        print("[publish] (a) publish, worker not running...", flush=True)
        _publish_change(app, "Renamed once")
        result["pending"] = _first_requests(server.port, "Renamed once (en)")

        print("[publish] (b) worker started, waiting for the pre-render...", flush=True)
        started = time.perf_counter()
        worker.start()
        while not _prerendered(app) and time.perf_counter() - started < 180:
            time.sleep(0.1)
        result["prerender_seconds"] = round(time.perf_counter() - started, 2)
        result["prerendered"] = _first_requests(server.port, "Renamed once (en)")
        worker.stop()
        with app.app_context():
            pagecache.prerender_done(SLUG)  # (the worker's job is over; its mark may outlive it for a moment)

        print("[publish] (c) publish without pre-rendering...", flush=True)
        app.config["PAGE_PRERENDER"] = False
        _publish_change(app, "Renamed twice")
        result["not_prerendered"] = _first_requests(server.port, "Renamed twice (en)")
        result["not_prerendered_second"] = _first_requests(server.port, "Renamed twice (en)")
    finally:
        worker.stop()
        server.stop()
    result["log_problems"] = problems_in_log(server_log) + problems_in_log(worker_log)
    print("[publish] (d) agenda.ics cold render in-process...", flush=True)
    result["ics_cold"] = _ics_cold(app)
    return result


def print_report(result: dict) -> None:
    rows = []
    for label, _ in URLS:
        row = [label]
        for phase in ("pending", "prerendered", "not_prerendered", "not_prerendered_second"):
            entry = result[phase][label]
            row.append(f"{entry['ms']} ms, {entry['version']}" + (" (no-cache)" if "no-cache" in entry["cache_control"]
                                                                   else "") + ("" if entry["status"] == 200
                                                                               else f" HTTP {entry['status']}"))
        rows.append(row)
    print(table(["first request after a publish", "(a) pre-render not finished", "(b) pre-render finished",
                 "(c) no pre-render: first", "(c) then"], rows,
                title=f"first request after a publish, {SIZE:,} sessions, gunicorn 2 workers, "
                      f"target < {TARGET_FIRST_MS} ms in (a) and (b)"))
    print(f"    pre-render by the worker (the agenda page: no language asked, en, ru, kk; each export in en, ru, kk): "
          f"{result['prerender_seconds']} s after the worker started")
    ics = result["ics_cold"]
    print(f"    (d) agenda.ics cold, {ics['sessions']} sessions: publication parsed in {ics['parse_ms']} ms; "
          f"rendered in {', '.join(f'{lang} {ms} ms' for lang, ms in ics['render_ms'].items())} "
          f"({ics['bytes']:,} bytes; target < {TARGET_ICS_COLD_MS} ms); the same calendar built with icalendar's "
          f"objects, as before: {ics['icalendar_objects_ms']} ms")
    if result["log_problems"]:
        print("    suspicious lines in the server logs:")
        for line in result["log_problems"]:
            print(f"      {line}")


def verdicts(result: dict) -> dict:
    first = [result[phase][label]["ms"] for phase in ("pending", "prerendered") for label, _ in URLS]
    statuses = [result[phase][label]["status"] for phase in ("pending", "prerendered") for label, _ in URLS]
    ics = result["ics_cold"]
    return {"first_request_max_ms": max(first), "first_request_ok": max(first) < TARGET_FIRST_MS
            and set(statuses) == {200} and all(result["prerendered"][label]["version"] == "new" for label, _ in URLS),
            "ics_cold_ms": ics["parse_ms"] + ics["render_ms"]["kk"],
            "ics_cold_ok": ics["parse_ms"] + ics["render_ms"]["kk"] < TARGET_ICS_COLD_MS}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    with workspace("publish") as workdir:
        database_url = prepare_database("sqlite", workdir)
        port = free_port()
        # Links in exports are built on BASE_URL: the worker's pre-render must build the ones readers get.
        env = app_env(database_url, workdir / "instance", BASE_URL=f"http://{HOST}:{port}", PAGE_PRERENDER="1")
        print(f"[publish] migrating and seeding {SIZE:,} sessions...", flush=True)
        migrate(env)
        run_in_app({**env, "PAGE_PRERENDER": "0"}, "bench.publish:seed")
        result = measure(env, port)
    result.update(verdicts(result))
    print()
    print_report(result)
    write_json(args.json, {"publish": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
