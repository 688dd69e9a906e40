"""One table of the figures of PRODUCT.md §5, from the JSON files written by the benchmarks.

    .venv/bin/python bench/summary.py RESULTS_DIR

RESULTS_DIR holds the JSON files the benchmarks wrote (`--json RESULTS_DIR/NAME.json`, as bench/run does):
registration, agenda, publish, materials, dashboard, messages, backoffice, and more as benchmarks join.

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
TARGET_BURST = ">= 100 registrations/s on postgresql"
BURST_MIN = 100
TARGET_FIRST_AFTER_PUBLISH = "< 50 ms each, new version once pre-rendered"
TARGET_ICS_COLD = "< 200 ms"
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
            bursts = r["bursts"]
            outcomes = " / ".join(f"{b['confirmed']} confirmed + {b['waiting']} waiting + {b['other']} other"
                                  for b in bursts)
            rows.append([figure, f"{len(bursts)} burst(s): {outcomes}; {errors} errors", TARGET_REGISTRATION,
                         _verdict(r["ok"])])
            rate = r.get("registrations_per_second")
            burst = f"registrations per second in the burst, {r['workers']} gunicorn workers, {kind}"
            rates = " / ".join(str(b["registrations_per_second"]) for b in bursts)
            measured = (f"median {rate} reg/s of bursts {rates} (slowest POST {r['register_latency_max_ms']} ms); "
                        f"mail queued in the same transaction, {r['mails_printed']} delivered")
            if kind == "postgresql":
                rows.append([burst, measured, TARGET_BURST, _verdict(rate is not None and rate >= BURST_MIN)])
            else:
                rows.append([burst, measured, "(target on postgresql)", "-"])
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


def publish_rows(publish: dict) -> list[list]:
    """Issue 17.1: the first request after a publish at 1,000 sessions, and agenda.ics rendered cold."""
    first = "first request after a publish, 1,000 sessions (agenda page, .ics, .xml, .json)"
    cold = "agenda.ics rendered cold, 1,000 sessions (parse + render)"
    if not publish:
        return [[first, "not run", TARGET_FIRST_AFTER_PUBLISH, "-"], [cold, "not run", TARGET_ICS_COLD, "-"]]
    rows = []
    for phase, words in (("pending", "pre-render not finished"), ("prerendered", "pre-render finished")):
        entries = publish[phase]
        worst = max(e["ms"] for e in entries.values())
        versions = {e["version"] for e in entries.values()}
        ok = worst < 50 and all(e["status"] == 200 for e in entries.values()) and (
            phase == "pending" or versions == {"new"})
        rows.append([f"{first}, {words}", f"max {worst} ms ({' / '.join(str(e['ms']) for e in entries.values())}), "
                                          f"{'/'.join(sorted(versions))} version", TARGET_FIRST_AFTER_PUBLISH,
                     _verdict(ok)])
    renders = publish.get("not_prerendered", {})
    if renders:
        rows.append(["  for comparison: first request without pre-render (renders)",
                     " / ".join(f"{e['ms']} ms" for e in renders.values()), "-", "-"])
    ics = publish["ics_cold"]
    total = round(ics["parse_ms"] + ics["render_ms"]["kk"], 1)
    rows.append([cold, f"{total} ms ({ics['parse_ms']} + {ics['render_ms']['kk']})", TARGET_ICS_COLD,
                 _verdict(total < 200)])
    return rows


def pretalx_rows(pretalx: dict) -> list[list]:
    """bench/pretalx.py (issue 17.5): pretalx 2025.2 beside Convene, first request after a publish and the next."""
    figure = "pretalx 2025.2 / Convene, 1,000 sessions (page / .ics / .xml / .json)"
    if not pretalx:
        return [[figure, "not run (bench/pretalx.py; its virtualenv needs PyPI once)", "-", "-"]]
    rows = [r for r in pretalx["rows"] if "ratio_first" in r]

    def ratios(key):
        return "/".join("-" if not r.get(key) else f"{r[key]:.0f}" if r[key] >= 10 else f"{r[key]:g}" for r in rows)

    first = "/".join(f"{r['pretalx_first_ms'] / 1000:.1f}" for r in rows)
    load = pretalx["load_before"].split()[0]
    return [[f"{figure}: first request after a publish",
             f"pretalx {first} s = {ratios('ratio_first')}x Convene's (pre-rendered), "
             f"{ratios('ratio_first_render')}x its render; load {load}", "ratios (no target)", "-"],
            [f"{figure}: next requests", f"{ratios('ratio_next')}x Convene's", "ratios (no target)", "-"]]


def dashboard_rows(dashboard: dict) -> list[list]:
    figure_q = "SQL queries/request, organiser's dashboard"
    figure_t = "dashboard server time, 1,000 sessions, 5,000 registrations"
    if not dashboard:
        return [[figure_q, "not run", "constant in #registrations", "-"], [figure_t, "not run", "p50, warm", "-"]]
    queries = dashboard["queries"]
    counts = [e["warm"] if e["status"] == 200 else None for e in queries.values()]
    text = " / ".join("n/a" if c is None else str(c) for c in counts)
    sizes = " / ".join(f"{e['registrations']:,}" for e in queries.values())
    ok = None not in counts and len(set(counts)) == 1
    t = dashboard["timing"]
    return [[figure_q, f"{text} (at {sizes} registrations)", "constant in #registrations", _verdict(ok)],
            [figure_t, f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms", "p50, warm (no target yet)", "-"]]


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


TARGET_TABLE = "p50 < 50 ms; SQL/request the same at 100 and 10,000"
TARGET_DESK = "p50 < 20 ms; SQL/request the same at 100 and 10,000"
TARGET_EXPORT = "< 10 s, streamed; worker RSS grows < 32 MiB"
TARGET_APPROVAL = "one action: all approved (seat or waiting list), mailed, audited"
TARGET_CERTIFICATES = "one batch; no request over 3 s"


def backoffice_rows(backoffice: list[dict]) -> list[list]:
    """bench/backoffice.py: a 10,000-participant event in the back office, per database."""
    if not backoffice:
        return [["back office at 10,000 registrations", "not run", "issue 17.3", "-"]]
    rows = []
    for r in backoffice:
        db = r["db"]
        if "failed" in r:
            rows.append([f"back office at 10,000 registrations, {db}", f"run failed: {r['failed'][:60]}", "issue 17.3",
                         "FAIL"])
            continue
        size = f"{r['registrations']:,}"
        table_pages = {label: e for label, e in r["pages"].items() if label.startswith("table")}
        desk = r["pages"]["desk: name search"]

        def constant(entry):
            return entry["large"]["queries"] == entry["small"]["queries"] and len(entry["large"]["queries"]) == 1

        p50s = " / ".join(f"{e['large']['p50_ms']:g}" for e in table_pages.values())
        sql = " / ".join("/".join(map(str, e["large"]["queries"])) for e in table_pages.values())
        ok = all(e["large"]["p50_ms"] < 50 and constant(e) for e in table_pages.values())
        rows.append([f"participant table, {size} registrations, {db} (first page / answer / Cyrillic search / sort)",
                     f"p50 {p50s} ms; SQL {sql}", TARGET_TABLE, _verdict(ok)])
        rows.append([f"check-in desk name search, {size}, {db}",
                     f"p50 {desk['large']['p50_ms']:g} ms; SQL {'/'.join(map(str, desk['large']['queries']))}",
                     TARGET_DESK, _verdict(desk["large"]["p50_ms"] < 20 and constant(desk))])
        for kind in ("csv", "xlsx"):
            e = r["exports"][kind]
            large, small = e["large"], e["small"]
            rows.append([f"{kind.upper()} export of {size}, {db}",
                         f"{large['seconds']} s, {large['rows']:,} rows; RSS +{large['rss_growth_mb']} MiB "
                         f"(+{small['rss_growth_mb']} at {SMALL_SIZE})", TARGET_EXPORT,
                         _verdict(e["ok"] and large["seconds"] < 10 and large["rss_growth_mb"] < 32)])
        a = r["approval"]
        rows.append([f"bulk approval of {a['pending_before']:,} pending, {db}",
                     f"1 request, {a['ms'] / 1000:.1f} s, {a['queries']} SQL; {a['audit_approved']:,} approved+audited",
                     TARGET_APPROVAL, _verdict(a["ok"])])
        c = r["certificates"]
        rows.append([f"certificates for {c['certificates']:,} participants, {db}",
                     f"request {c['issue_request_ms']:.0f} ms, longest {c['longest_request_ms']:.0f} ms; "
                     f"batch done in {c['batch_seconds']} s", TARGET_CERTIFICATES, _verdict(c["ok"])])
    return rows


SMALL_SIZE = 100  # bench/backoffice.py's small event, for the statements and memory beside 10,000


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit(__doc__)
    results = Path(argv[0])

    def figures(name: str, key: str, default):
        path = results / f"{name}.json"
        loaded = _load(str(path)) if path.exists() else {}
        return loaded.get(key, default) if key else loaded or default

    registration = figures("registration", "registration", [])
    agenda = figures("agenda", "agenda", {})
    materials = figures("materials", "materials", None) or figures("materials", "", {})
    publish = figures("publish", "publish", {})
    dashboard = figures("dashboard", "dashboard", {})
    messages = figures("messages", "messages", {})
    backoffice = figures("backoffice", "backoffice", [])
    pretalx = figures("pretalx", "pretalx", {})
    rows = query_rows(agenda) + [rps_row(agenda), ics_row(agenda)] + publish_rows(publish) + pretalx_rows(pretalx) + \
        registration_rows(registration) + materials_rows(materials) + dashboard_rows(dashboard) + \
        messages_rows(messages) + backoffice_rows(backoffice)
    print(table(["figure", "measured", "target (PRODUCT.md §5)", "verdict"], rows,
                title="Convene figures (PRODUCT.md §5)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
