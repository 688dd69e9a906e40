"""One table of the figures of PRODUCT.md §5, from the JSON files written by the benchmarks.

    .venv/bin/python bench/summary.py REGISTRATION_JSON AGENDA_JSON [MATERIALS_JSON] [--messages MESSAGES_JSON]

A missing or failed benchmark shows as "not run" rather than stopping the table.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import table  # noqa: E402

# The targets as written in PRODUCT.md §5.
TARGET_QUERIES = "constant in #sessions, <= 10"
TARGET_RPS = ">= 50% of hello-world"
TARGET_ICS = "p50 <= 30 ms warm"
TARGET_REGISTRATION = "50 confirmed + 150 waiting, 0 errors"
TARGET_MESSAGES = "queued without holding the request; delivered exactly once by 1 and 2 workers"
NOT_YET = "not measured yet"


def _load(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}


def _verdict(ok: bool | None) -> str:
    return {True: "OK", False: "FAIL", None: "-"}[ok]


def query_rows(agenda: dict) -> list[list]:
    rows = []
    queries = agenda.get("in_process", {}).get("queries", {})
    for label in ("agenda page", "agenda.ics", "schedule.xml", "API sessions"):
        per_size = queries.get(label)
        figure = f"SQL queries/request, {label}"
        if not per_size:
            rows.append([figure, "not run", TARGET_QUERIES, "-"])
            continue
        measured = {size: e for size, e in per_size.items() if e["status"] == 200}
        if not measured:
            rows.append([figure, "n/a (endpoint not there yet)", TARGET_QUERIES, "-"])
            continue
        counts = {max(e["cold"], e["warm"]) for e in measured.values()}
        text = " / ".join(str(max(e["cold"], e["warm"])) if e["status"] == 200 else "n/a" for e in per_size.values())
        ok = len(counts) == 1 and len(measured) == len(per_size) and max(counts) <= 10
        rows.append([figure, f"{text} (at {' / '.join(per_size)} sessions)", TARGET_QUERIES, _verdict(ok)])
    return rows


def rps_row(agenda: dict) -> list:
    figure = "agenda page req/s, 1,000 sessions, gunicorn 2 workers"
    load = agenda.get("gunicorn")
    if not load:
        return [figure, "not run", TARGET_RPS, "-"]
    phases = load["phases"]
    agenda_rps = phases["agenda page, 1,000 sessions"]["rps"]
    hello_rps = phases["hello-world (Flask)"]["rps"]
    ratio = load["ratio_to_hello"]
    return [figure, f"{agenda_rps} vs {hello_rps} req/s = {ratio:.1%}", TARGET_RPS,
            _verdict(ratio is not None and ratio >= 0.5)]


def ics_row(agenda: dict) -> list:
    figure = "agenda.ics server time, 300 sessions"
    timing = agenda.get("in_process", {}).get("timings", {}).get("agenda.ics @ 300")
    if not timing:
        return [figure, "not run", TARGET_ICS, "-"]
    if "p50_ms" not in timing:
        return [figure, "n/a (endpoint not there yet)", TARGET_ICS, "-"]
    return [figure, f"p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms", TARGET_ICS,
            _verdict(timing["p50_ms"] <= 30)]


def registration_rows(registration: list[dict]) -> list[list]:
    rows = []
    by_db = {r["db"]: r for r in registration}
    for kind in ("sqlite", "postgresql"):
        figure = f"200 concurrent registrations, 50 seats, {kind}"
        r = by_db.get(kind)
        if r is None:
            rows.append([figure, "not run", TARGET_REGISTRATION, "-"])
        elif "failed" in r:
            rows.append([figure, f"run failed: {r['failed'][:60]}", TARGET_REGISTRATION, "FAIL"])
        else:
            errors = len(r["errors"]) + len(r["unexpected"])
            rows.append([figure, f"{r['confirmed']} confirmed + {r['waiting']} waiting + {r['other']} other, "
                                 f"{errors} errors", TARGET_REGISTRATION, _verdict(r["ok"])])
    return rows


def materials_rows(materials: dict) -> list[list]:
    if not materials:
        return [["upload + download of a 500 MB file", NOT_YET, "worker RSS grows < 64 MB; Range works", "-"],
                ["streamed ZIP of 1 GB of materials", NOT_YET, "constant memory", "-"]]
    up = materials.get("upload", {}).get("rss_growth_mb")
    down = materials.get("download", {}).get("rss_growth_mb")
    range_ok = materials.get("range", {}).get("ok")
    zip_growth = materials.get("zip", {}).get("rss_growth_mb")
    transfer_ok = None if up is None or down is None else (up < 64 and down < 64 and bool(range_ok))
    return [
        ["upload + download of a 500 MB file",
         f"RSS +{up} MB up, +{down} MB down; Range {'OK' if range_ok else 'failed'}",
         "worker RSS grows < 64 MB; Range works", _verdict(transfer_ok)],
        ["streamed ZIP of 1 GB of materials", f"RSS +{zip_growth} MB",
         "constant memory", _verdict(None if zip_growth is None else zip_growth < 64 and bool(materials["zip"].get("ok")))],
    ]


def messages_rows(messages: dict) -> list[list]:
    figure = f"message to {messages.get('recipients', 10_000):,} recipients"
    if not messages:
        return [[figure, "not run", TARGET_MESSAGES, "-"]]
    if messages.get("failed") or not messages.get("runs"):
        return [[figure, f"run failed: {str(messages.get('failed'))[:60]}", TARGET_MESSAGES, "FAIL"]]
    runs = messages["runs"]
    request = max(r["request_s"] for r in runs)
    rates = ", ".join(f"{r['per_s']} msg/s with {r['workers']}" for r in runs)
    lost_or_twice = sum(messages["recipients"] - r["distinct"] + r["duplicated"] for r in runs)
    measured = (f"request {request} s, queued in {max(r['queued_s'] for r in runs)} s; {rates}; "
                f"{lost_or_twice} lost or twice")
    return [[f"{figure} ({messages.get('db')})", measured, TARGET_MESSAGES, _verdict(all(r["ok"] for r in runs))]]


def main(argv: list[str]) -> int:
    messages = {}
    if "--messages" in argv:
        at = argv.index("--messages")
        messages = _load(argv[at + 1]).get("messages", {}) if at + 1 < len(argv) else {}
        argv = argv[:at] + argv[at + 2:]
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    registration = _load(argv[0]).get("registration", [])
    agenda = _load(argv[1]).get("agenda", {})
    materials = _load(argv[2]) if len(argv) == 3 else {}
    materials = materials.get("materials", materials)
    rows = query_rows(agenda) + [rps_row(agenda), ics_row(agenda)] + registration_rows(registration) + \
        materials_rows(materials) + messages_rows(messages)
    print(table(["figure", "measured", "target (PRODUCT.md §5)", "verdict"], rows,
                title="Convene figures (PRODUCT.md §5)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
