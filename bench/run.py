#!/usr/bin/env python
"""The whole bench (`make bench`): a territory-scale dataset, the key pages under load, their SQL queries,
and the figures of each app's own bench script.

1. Recreate the database named by DATABASE_URL (PostgreSQL; `bench` by default, e.g.
   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench) and fill it with bench/dataset.py.
2. SQL queries of each key page for 1 and for 50 rows (territories `rows-1` and `rows-50`), through
   Django's whole request stack with the test client; they must be equal.
3. p50/p95 latency of each key page under 10 and 50 concurrent users against gunicorn on loopback,
   logged in as the territory's referent, next to /healthz on the same server as the floor.
4. Run bench/bench_*.py (each builds its own database) and include the JSON they print or write.

Prints one table and the same figures as JSON (also written to bench/out/run.json). Figures only: the
bench asserts nothing, but marks pages whose query counts differ.

    .venv/bin/python bench/run.py [--scale small|full] [--skip-apps] [--skip-load]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402
from bench.dataset import PASSWORD, database_name, generate  # noqa: E402

LOAD = {"small": {10: 3, 50: 1}, "full": {10: 10, 50: 4}}  # concurrent users → requests per user
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
APP_TIMEOUT = {"small": 300, "full": 600}


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
    """{page: {1: queries, 50: queries}} through the test client, logged in as each rows-N referent."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    counts: dict = {}
    for n, rows in data.rows.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=rows["referent"]))
        for page, url in rows_pages(rows).items():
            client.get(url)  # warm-up: caches, sessions
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            counts.setdefault(page, {})[n] = len(captured) if response.status_code == 200 else response.status_code
    return counts


def server_times(data, repeat: int) -> dict:
    """{page: median ms} of each key page of the dataset for one client, in-process (no network, no contention
    between requests): the page's own cost, to read the latencies under load against."""
    import statistics

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=data.referent))
    times = {}
    for page, url in pages(data).items():
        client.get(url)
        samples = []
        for _ in range(repeat):
            with stopwatch() as elapsed:
                client.get(url)
            samples.append(elapsed())
        times[page] = round(statistics.median(samples) * 1000, 1)
    return times


def load(data, scale: str) -> dict:
    """{page: {users: summary}} against gunicorn on loopback, /healthz as the floor."""
    from bench.load import Gunicorn, hammer, login, request

    server = Gunicorn()
    try:
        cookie = login(server.port, data.referent, PASSWORD)
        targets = {"floor (/healthz)": "/healthz", **pages(data)}
        results: dict = {}
        for page, url in targets.items():
            # Warm-up, unmeasured: every worker and thread loads its templates and opens its connection.
            status, _body, _headers = request(server.port, "GET", url, headers={"Cookie": cookie})
            hammer(server.port, url, cookie=cookie, users=16, requests_per_user=1)
            results[page] = {"status": status}
            for users, per_user in LOAD[scale].items():
                results[page][users] = hammer(server.port, url, cookie=cookie, users=users, requests_per_user=per_user)
        return results
    finally:
        server.stop()


def app_benches(scale: str) -> dict:
    """Run each bench/bench_*.py; keep its exit status, duration, and the JSON it printed or wrote."""
    found = {}
    out = ROOT / "bench" / "out"
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        args = APP_BENCH_ARGS[scale].get(script.name, [])
        env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_ADMIN_DATABASE_URL", os.environ["DATABASE_URL"])}
        started = time.time()
        try:
            completed = subprocess.run(  # noqa: S603 - our own scripts
                [sys.executable, str(script), *args],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=APP_TIMEOUT[scale],
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
        found[script.stem] = entry
    return found


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


def table(counts: dict, times: dict, latency: dict) -> list[dict]:
    rows = []
    for page in latency or counts:
        row = {"page": page, "1 client ms": times.get(page, "")}
        if page in counts:
            one, fifty = counts[page].get(1), counts[page].get(50)
            row.update({"queries 1 row": one, "queries 50 rows": fifty, "equal": "yes" if one == fifty else "NO"})
        for users in (10, 50):
            figures = (latency.get(page) or {}).get(users)
            if figures:
                row[f"p50 ms @{users}"] = figures["p50_ms"]
                row[f"p95 ms @{users}"] = figures["p95_ms"]
                row[f"errors @{users}"] = figures["errors"]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "full"], default="full")
    parser.add_argument("--skip-apps", action="store_true", help="do not run bench/bench_*.py")
    parser.add_argument("--skip-load", action="store_true", help="do not start gunicorn")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    admin_url = os.environ["DATABASE_URL"]
    where = fresh_database(database_name())
    setup_django()
    with stopwatch() as elapsed:
        data = generate(args.scale)
    print(f"dataset ({args.scale}) on {where}: {data.counts}, generated in {elapsed():.1f} s", flush=True)

    counts = query_counts(data)
    times = server_times(data, repeat=5 if args.scale == "small" else 10)
    latency = {}
    if not args.skip_load:
        try:
            latency = load(data, args.scale)
        except RuntimeError as error:  # gunicorn did not start: keep the other figures
            print(f"load test skipped: {error}", flush=True)
    rows = table(counts, times, latency)
    print()
    columns = ["page", "queries 1 row", "queries 50 rows", "equal", "1 client ms"]
    columns += [f"{k} @{u}" for u in (10, 50) for k in ("p50 ms", "p95 ms", "errors")] if latency else []
    print_table(rows, columns)

    apps = {}
    if not args.skip_apps:
        os.environ["BENCH_ADMIN_DATABASE_URL"] = admin_url
        apps = app_benches(args.scale)
        print()
        print_table(
            [{"script": name, "status": e["status"], "seconds": e["seconds"]} for name, e in apps.items()],
            ["script", "status", "seconds"],
        )
    payload = {
        "scale": args.scale,
        "database": where,
        "dataset": {**data.counts, "generation_s": data.seconds},
        "load": {"requests_per_user": LOAD[args.scale]},
        "pages": rows,
        "apps": apps,
    }
    path = emit_json("run", payload)
    print()
    print(json.dumps({k: v for k, v in payload.items() if k != "apps"}, indent=2, default=str))
    print(f"\nJSON (with every app bench's figures): {path}")


if __name__ == "__main__":
    main()
