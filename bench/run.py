#!/usr/bin/env python
"""The whole bench (`make bench`): a territory-scale dataset, the key pages under load, their SQL queries,
and the figures of each app's own bench script.

1. Recreate the database named by DATABASE_URL (PostgreSQL; `bench` by default, e.g.
   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench) and fill it with bench/dataset.py.
2. SQL queries of each key page for 1 and for 50 rows (territories `rows-1` and `rows-50`), through
   Django's whole request stack with the test client; they must be equal.
3. p50/p95 latency and requests per second of each key page under 10 and 50 concurrent users against
   gunicorn (4 workers × 4 threads) on loopback, logged in as the territory's referent, with Redis as the
   cache when it answers (the production shape); before each page, /healthz on the same server under the
   same users is measured as the floor, and the page's p95 is given as a multiple of it. At least 200
   requests per page and user count, repeated (medians), with the load average at the start and end.
   The one-client server times are taken in-process with DEBUG off, as in production.
4. Run bench/bench_*.py (each builds its own database) and include the JSON they print or write.

Prints one table, the figures from the issues' performance sections against their targets, and the same
figures as JSON (also written to bench/out/run.json). Figures only: the bench asserts nothing, but marks
pages whose query counts differ and targets missed.

Databases: `--database NAME` (else the one DATABASE_URL names, else `bench`) for the dataset, and
NAME_questionnaires, NAME_roadmaps… for the app scripts, so that several people can bench on one server.

    .venv/bin/python bench/run.py [--scale small|full] [--database NAME] [--skip-apps] [--skip-load]
                                  [--apps questionnaires,reports] [--app-timeout SECONDS]
                                  [--requests 200] [--runs 3]   (per page and user count; medians of the runs)
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402
from bench.dataset import PASSWORD, database_name, generate  # noqa: E402

LOAD_USERS = (10, 50)
# Requests per page and user count in each run (spread over the users), and runs per figure (medians).
LOAD = {"small": {"requests": 200, "repeat": 3}, "full": {"requests": 400, "repeat": 3}}
# Issue 22: server time of each key page for one client, by scale (ms), and p95 under load against the floor.
SERVER_TIME_TARGET_MS = {"small": 20, "full": 40}
FLOOR_RATIO_TARGET = 3
APP_BENCH_ARGS = {
    "small": {
        "bench_questionnaires.py": ["--repeat", "3", "--responses", "300", "--answers", "20000", "--communes", "4"],
        "bench_roadmaps.py": ["--repeat", "1", "--json"],
        "bench_barometer.py": ["--repeat", "5", "--json"],
        "bench_reports.py": ["--repeat", "1", "--json"],
    },
    "full": {
        "bench_questionnaires.py": [],
        "bench_roadmaps.py": ["--json"],
        "bench_barometer.py": ["--json"],
        "bench_reports.py": ["--json"],
    },
}
APP_TIMEOUT = {"small": 300, "full": 1800}  # each script builds its own territory-scale data first
# Runs a bench script with its database renamed: scripts that hard-code `smartregion_bench` or take it
# from bench/common.py as a default all get NAME_<app> (argv: database, script, its arguments).
APP_LAUNCHER = """
import importlib, os, sys
database, script, *arguments = sys.argv[1:]
sys.path.insert(0, os.path.dirname(script))
sys.argv = [script, *arguments]
module = importlib.import_module(os.path.basename(script)[:-3])
if hasattr(module, "BENCH_DATABASE"):
    module.BENCH_DATABASE = database
module.main()
"""


def pages(data) -> dict:
    """The key pages of the dataset, by name; `rows` gives the same pages for a rows-N territory."""
    from django.urls import reverse

    def of(commune: str, campaign: int, edition: int) -> dict:
        return {
            "dashboard": reverse("home"),
            "commune page": reverse("communes:commune-detail", kwargs={"slug": commune}),
            "questionnaire results": reverse("diagnostics:campaign-results", kwargs={"slug": commune, "pk": campaign}),
            "roadmap": reverse("roadmaps:roadmap-detail", kwargs={"slug": commune}),
            "barometer results": reverse("barometer:edition-results", kwargs={"pk": edition}),
        }

    return of(data.commune, data.campaign, data.edition)


def rows_pages(rows: dict) -> dict:
    from types import SimpleNamespace

    return pages(SimpleNamespace(**rows))


def query_counts(data) -> dict:
    """{page: {1: queries, 50: queries}} through the test client, logged in as each rows-N referent: the
    queries of the view itself (kept pages off), which a kept page runs whenever its data changed."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    counts: dict = {}
    kept, settings.PAGE_CACHE = settings.PAGE_CACHE, False
    try:
        for n, rows in data.rows.items():
            client = Client()
            client.force_login(get_user_model().objects.get(username=rows["referent"]))
            for page, url in rows_pages(rows).items():
                client.get(url)  # warm-up: caches, sessions
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                counts.setdefault(page, {})[n] = len(captured) if response.status_code == 200 else response.status_code
    finally:
        settings.PAGE_CACHE = kept
    return counts


def server_times(data, repeat: int, *, kept: bool = True) -> dict:
    """{page: median ms} of each key page of the dataset for one client, in-process (no network, no contention
    between requests): the page's own cost, to read the latencies under load against. `kept=False` times
    the view itself (kept pages off): what the first request after a change of the page's data costs."""
    import statistics

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=data.referent))
    times = {}
    previous, settings.PAGE_CACHE = settings.PAGE_CACHE, kept
    try:
        for page, url in pages(data).items():
            client.get(url)
            client.get(url)  # a kept page is filed on its second run (its tables are known after the first)
            samples = []
            for _ in range(repeat):
                with stopwatch() as elapsed:
                    client.get(url)
                samples.append(elapsed())
            times[page] = round(statistics.median(samples) * 1000, 1)
    finally:
        settings.PAGE_CACHE = previous
    return times


def load(data, scale: str) -> dict:
    """{page: {users: summary}} against gunicorn on loopback; {"floor": {page: {users: summary}}} holds
    /healthz measured right before each page under the same users."""
    from bench.load import Gunicorn, hammer, hammer_repeated, login, request

    server = Gunicorn()
    plan = LOAD[scale]
    try:
        cookie = login(server.port, data.referent, PASSWORD)
        results: dict = {"floor": {}}
        for page, url in pages(data).items():
            # Warm-up, unmeasured: every worker and thread loads its templates and opens its connection.
            status, _body, _headers = request(server.port, "GET", url, headers={"Cookie": cookie})
            hammer(server.port, url, cookie=cookie, users=16, requests_per_user=2)
            results[page] = {"status": status}
            results["floor"][page] = {}
            for users in LOAD_USERS:

                def measure(path: str, users: int = users) -> dict:
                    return hammer_repeated(server.port, path, cookie=cookie, users=users, **plan)

                results["floor"][page][users] = measure("/healthz")
                results[page][users] = measure(url)
                print(f"  {page} @{users}: {results[page][users]}", flush=True)
        return results
    finally:
        server.stop()


def production_shape() -> None:
    """DEBUG off as in production (DEBUG records every query and keeps template debug data), and Redis as the
    cache when one answers on REDIS_URL (default redis://127.0.0.1:6379/15)."""
    import socket
    from urllib.parse import urlparse as parse

    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
    os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench")
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    where = parse(redis)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=1).close()
        os.environ["REDIS_URL"] = redis
    except OSError:
        os.environ.pop("REDIS_URL", None)
        print(f"no Redis on {redis}: the cache is each process's memory", flush=True)


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def app_benches(scale: str, database: str, *, only: list[str] | None = None, timeout: int | None = None) -> dict:
    """Run each bench/bench_*.py (on database `database`_<app>); keep its exit status, duration, and the JSON
    it printed or wrote."""
    found = {}
    out = ROOT / "bench" / "out"
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        app = script.stem.removeprefix("bench_")
        if only and app not in only:
            continue
        args = APP_BENCH_ARGS[scale].get(script.name, [])
        name = f"{database}_{app}"
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("BENCH_ADMIN_DATABASE_URL", os.environ["DATABASE_URL"]),
            "BENCH_DATABASE": name,
        }
        if "--database" in script.read_text():
            args = [*args, "--database", name]
        started = time.time()
        print(f"running {script.name} on {name}…", flush=True)
        try:
            completed = subprocess.run(  # noqa: S603 - our own scripts
                [sys.executable, "-c", APP_LAUNCHER, name, str(script), *args],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout or APP_TIMEOUT[scale],
            )
            status, stdout = completed.returncode, completed.stdout
        except subprocess.TimeoutExpired as expired:
            status, stdout = "timeout", (expired.stdout or b"").decode() if isinstance(expired.stdout, bytes) else ""
        entry = {"status": status, "seconds": round(time.time() - started, 1), "figures": _json_in(stdout)}
        written = [p for p in out.glob("*.json") if p.stat().st_mtime >= started and p.name != "run.json"]
        for path in written:
            entry.setdefault("files", {})[path.name] = json.loads(path.read_text())
        if status != 0:
            entry["output_tail"] = stdout[-2000:]
            if status != "timeout":
                entry["error_tail"] = completed.stderr[-2000:]
        found[script.stem] = entry
        print(f"  {script.name}: status {status} in {entry['seconds']} s", flush=True)
    return found


def _app_figure(apps: dict, script: str, file: str | None):
    """What an app script printed as JSON, else the JSON file it wrote."""
    entry = apps.get(script) or {}
    if entry.get("figures") is not None:
        return entry["figures"]
    return (entry.get("files") or {}).get(file) if file else None


def targets(rows: list[dict], apps: dict, scale: str = "small") -> list[dict]:
    """The figures of the issues' performance sections against their targets (`n/a` when not measured)."""
    checks = []

    def check(issue: str, what: str, target: str, get, ok) -> None:
        try:
            value = get()
            met = "yes" if ok(value) else "NO"
        except (KeyError, TypeError, IndexError, StopIteration, ValueError, ZeroDivisionError):
            value, met = "n/a", "n/a"
        checks.append({"issue": issue, "figure": what, "target": target, "measured": value, "met": met})

    for row in rows:
        if row["page"].startswith("floor"):
            continue
        limit = SERVER_TIME_TARGET_MS[scale]
        check(
            "22",
            f"{row['page']}: server time, one client (ms)",
            f"≤ {limit}",
            lambda row=row: float(row["1 client ms"]),
            lambda v, limit=limit: v <= limit,
        )
        for users in LOAD_USERS:
            check(
                "22",
                f"{row['page']}: p95 @{users} users / floor's p95, errors",
                f"≤ {FLOOR_RATIO_TARGET}, 0",
                lambda row=row, users=users: f"{row[f'× floor @{users}']}, {row[f'errors @{users}']}",
                lambda _v, row=row, users=users: (
                    row[f"× floor @{users}"] <= FLOOR_RATIO_TARGET and row[f"errors @{users}"] == 0
                ),
            )
    for row in rows:
        if "queries 1 row" in row:
            check(
                "8",
                f"{row['page']}: SQL queries 1 row / 50 rows",
                "equal",
                lambda row=row: f"{row['queries 1 row']} / {row['queries 50 rows']}",
                lambda _v, row=row: row["queries 1 row"] == row["queries 50 rows"],
            )
    questionnaires = _app_figure(apps, "bench_questionnaires", "questionnaires.json") or {}
    measures = {
        m["measure"].split(",")[0] + ("" if "1 response" in m["measure"] else " (n)"): m
        for m in questionnaires.get("measures", [])
    }

    def measure(label: str) -> dict:
        return measures[label]

    check(
        "3",
        "results page, 2,000 responses (ms)",
        "< 200",
        lambda: measure("results page (n)")["median_ms"],
        lambda v: v < 200,
    )
    check(
        "3",
        "results page SQL queries, 1 / 2,000 responses",
        "equal",
        lambda: f"{measure('results page')['sql_queries']} / {measure('results page (n)')['sql_queries']}",
        lambda _v: measure("results page")["sql_queries"] == measure("results page (n)")["sql_queries"],
    )
    check(
        "3",
        "campaign_results() alone (ms)",
        "(figure)",
        lambda: measure("campaign_results() alone (n)")["median_ms"],
        lambda _v: True,
    )
    check(
        "3",
        "territory_pillar_scores(), 400,000 answers (ms)",
        "< 1000",
        lambda: measure("territory_pillar_scores() (n)")["median_ms"],
        lambda v: v < 1000,
    )
    check(
        "22",
        "results page, 2,000 responses, running tallies, computed (ms)",
        "≤ 50",
        lambda: measure("results page (n)")["median_ms"],
        lambda v: v <= 50,
    )
    check(
        "22",
        "results page, 2,000 responses, served kept (ms)",
        "≤ 50",
        lambda: measure("kept results page (n)")["median_ms"],
        lambda v: v <= 50,
    )
    check(
        "22",
        "territory_pillar_scores(), 400,000 answers, running tallies (ms)",
        "≤ 100",
        lambda: measure("territory_pillar_scores() (n)")["median_ms"],
        lambda v: v <= 100,
    )
    roadmaps = _app_figure(apps, "bench_roadmaps", "roadmaps.json") or {}
    check(
        "5",
        "scoring of the territory's sheets, median (s)",
        "< 1",
        lambda: round(roadmaps["scoring"]["median_s"], 3),
        lambda v: v < 1,
    )
    for plan in roadmaps.get("plan", []):
        check(
            "5",
            f"affordable plan {plan.get('instance')}: optimal, service (s)",
            "optimal, < 2",
            lambda plan=plan: f"{plan['optimal']}, {plan['service_s']}",
            lambda _v, plan=plan: bool(plan["optimal"]) and float(plan["service_s"]) < 2,
        )
    report_rows = (_app_figure(apps, "bench_reports", "bench_reports.json") or {}).get("rows", [])

    def report(field: str):
        return next(r for r in report_rows if r["sheets"] == 40)[field]

    check("6", "report pipeline, 40 sheets (s)", "< 10", lambda: report("pipeline_s"), lambda v: v < 10)
    check(
        "6", "WeasyPrint alone on the same HTML (s)", "(floor)", lambda: report("weasyprint_alone_s"), lambda _v: True
    )
    check("6", "pipeline / WeasyPrint", "≤ 1.25", lambda: report("ratio"), lambda v: v <= 1.25)
    assembly = (_app_figure(apps, "bench_reports", "bench_reports.json") or {}).get("assembly", {})
    load = f" (load {assembly.get('load_start')} → {assembly.get('load_end')})"
    check(
        "22",
        "report, first version assembled in parallel: single WeasyPrint / it" + load,
        "≥ 1.5",
        lambda: assembly["single_over_first"],
        lambda v: v >= 1.5,
    )
    check(
        "22",
        "report regenerated after one sheet edit / first version" + load,
        "≤ 0.40",
        lambda: assembly["regeneration_share"],
        lambda v: v <= 0.40,
    )
    barometer = _app_figure(apps, "bench_barometer", None) or {}

    def barometer_page(prefix: str) -> dict:
        return next(p for p in barometer["pages"] if p["page"].startswith(prefix))

    check(
        "7",
        "barometer results page (ms)",
        "< 200",
        lambda: barometer_page("results page")["median_ms"],
        lambda v: v < 200,
    )
    check(
        "7",
        "barometer aggregation alone, 5 editions (ms)",
        "(figure)",
        lambda: barometer["aggregation_median_ms"],
        lambda _v: True,
    )
    return checks


def _json_in(stdout: str):
    """The JSON document a script printed (from its first line starting with `{` to the end), if any."""
    lines = stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("{"):
            try:
                return json.loads("\n".join(lines[index:]))
            except ValueError:
                continue
    return None


def table(counts: dict, times: dict, latency: dict, computed: dict | None = None) -> list[dict]:
    rows = []
    floors = latency.get("floor") or {}
    if floors:
        # The floor's row: medians over the floors measured before each page.
        import statistics

        row = {"page": "floor (/healthz)"}
        for users in LOAD_USERS:
            measured = [f[users] for f in floors.values() if users in f]
            row[f"p50 ms @{users}"] = round(statistics.median(m["p50_ms"] for m in measured), 2)
            row[f"p95 ms @{users}"] = round(statistics.median(m["p95_ms"] for m in measured), 2)
            row[f"rps @{users}"] = round(statistics.median(m["rps"] for m in measured), 1)
            row[f"errors @{users}"] = sum(m["errors"] for m in measured)
            row[f"load @{users}"] = f"{measured[0]['load_start']}→{measured[-1]['load_end']}"
        rows.append(row)
    for page in [p for p in latency if p != "floor"] or counts:
        row = {"page": page, "1 client ms": times.get(page, ""), "computed ms": (computed or {}).get(page, "")}
        warm_up = (latency.get(page) or {}).get("status")
        if warm_up not in (None, 200):
            row["page"] = f"{page} [warm-up status {warm_up}]"
        if page in counts:
            one, fifty = counts[page].get(1), counts[page].get(50)
            row.update({"queries 1 row": one, "queries 50 rows": fifty, "equal": "yes" if one == fifty else "NO"})
        for users in LOAD_USERS:
            figures = (latency.get(page) or {}).get(users)
            if figures:
                floor = floors.get(page, {}).get(users)
                row[f"p50 ms @{users}"] = figures["p50_ms"]
                row[f"p95 ms @{users}"] = figures["p95_ms"]
                row[f"rps @{users}"] = figures["rps"]
                if floor and floor["p95_ms"]:
                    row[f"floor p95 @{users}"] = floor["p95_ms"]
                    row[f"× floor @{users}"] = round(figures["p95_ms"] / floor["p95_ms"], 2)
                statuses = figures.get("error_statuses") or {}
                row[f"errors @{users}"] = (
                    f"{figures['errors']} ({', '.join(f'{n}×{k}' for k, n in statuses.items())})"
                    if figures["errors"]
                    else 0
                )
                row[f"load @{users}"] = f"{figures['load_start']}→{figures['load_end']}"
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "full"], default="full")
    parser.add_argument("--skip-apps", action="store_true", help="do not run bench/bench_*.py")
    parser.add_argument("--skip-load", action="store_true", help="do not start gunicorn")
    parser.add_argument("--database", help="PostgreSQL database to (re)create (default: DATABASE_URL's, or bench)")
    parser.add_argument("--apps", help="only these app scripts, comma-separated (e.g. questionnaires,reports)")
    parser.add_argument("--app-timeout", type=int, help="seconds allowed to each app script")
    parser.add_argument("--requests", type=int, help="requests per page and user count in each load run")
    parser.add_argument("--runs", type=int, help="load runs per figure (medians)")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    production_shape()
    LOAD[args.scale]["requests"] = args.requests or LOAD[args.scale]["requests"]
    LOAD[args.scale]["repeat"] = args.runs or LOAD[args.scale]["repeat"]
    if args.database:
        parsed = urlparse(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{args.database}"))
    admin_url = os.environ["DATABASE_URL"]
    database = database_name()
    where = fresh_database(database)
    setup_django()
    with stopwatch() as elapsed:
        data = generate(args.scale)
    print(f"dataset ({args.scale}) on {where}: {data.counts}, generated in {elapsed():.1f} s", flush=True)

    collect_static()  # DEBUG off serves the collected files' manifest, as in production
    counts = query_counts(data)
    repeat = 30 if args.scale == "small" else 20
    load_before = os.getloadavg()[0]
    computed = server_times(data, repeat=repeat, kept=False)
    times = server_times(data, repeat=repeat)
    times_load = f"{load_before:.2f}→{os.getloadavg()[0]:.2f}"
    latency = {}
    if not args.skip_load:
        try:
            latency = load(data, args.scale)
        except RuntimeError as error:  # gunicorn did not start: keep the other figures
            print(f"load test skipped: {error}", flush=True)
    rows = table(counts, times, latency, computed)
    print()
    print_table(rows, ["page", "queries 1 row", "queries 50 rows", "equal", "1 client ms", "computed ms"])
    print(
        f"(one client: median of {repeat} requests in-process, DEBUG off; load average {times_load}; "
        "'1 client ms' is the page as served, kept between changes of its data; 'computed ms' runs the view "
        "every time, as the first request after a change does; queries are the view's)"
    )
    if latency:
        for users in LOAD_USERS:
            print()
            columns = ["page", *(f"{k} @{users}" for k in ("p50 ms", "p95 ms", "rps", "floor p95", "× floor"))]
            print_table(rows, [*columns, f"errors @{users}", f"load @{users}"])
        plan = LOAD[args.scale]
        print(
            f"(load: {plan['requests']} requests per page and user count, {plan['repeat']} runs, medians; the floor is "
            "/healthz measured right before each page; errors: non-200 answers as count×status, 0 = no answer "
            "within 30 s; load: 1-minute load average at the start of the first run → end of the last)"
        )

    apps = {}
    if not args.skip_apps:
        os.environ["BENCH_ADMIN_DATABASE_URL"] = admin_url
        only = [a.strip() for a in args.apps.split(",")] if args.apps else None
        apps = app_benches(args.scale, database, only=only, timeout=args.app_timeout)
        print()
        print_table(
            [{"script": name, "status": e["status"], "seconds": e["seconds"]} for name, e in apps.items()],
            ["script", "status", "seconds"],
        )
    checked = targets(rows, apps, args.scale)
    print()
    print_table(checked, ["issue", "figure", "target", "measured", "met"])
    payload = {
        "scale": args.scale,
        "database": where,
        "dataset": {**data.counts, "generation_s": data.seconds},
        "load": {**LOAD[args.scale], "users": LOAD_USERS, "one_client_load": times_load},
        "cache": os.environ.get("REDIS_URL") or "local memory",
        "pages": rows,
        "targets": checked,
        "apps": apps,
    }
    path = emit_json("run", payload)
    print()
    print(json.dumps({k: v for k, v in payload.items() if k != "apps"}, indent=2, default=str))
    print(f"\nJSON (with every app bench's figures): {path}")


if __name__ == "__main__":
    main()
