#!/usr/bin/env python
"""Benchmark of the REST API: the roadmap and campaign results endpoints, and listing communes by cursor.

Builds a fresh database — PostgreSQL `smartregion_bench` on the server of DATABASE_URL when it is set
(dropped and created again), otherwise a temporary SQLite file — with a commune holding a roadmap of 50 scored
sheets and a campaign of 2,000 responses, a barometer edition, and 10,000 communes; then, in-process (Django's
test client with a personal token, so the times are the server's, without the network), prints:

- the roadmap endpoint and the campaign results endpoint (issue 20 aims at under 150 ms each), and the
  barometer results, with their SQL queries for one sheet / one response and for all of them (equal);
- every page of the 10,000 communes by cursor, 500 a page (aim: under 2 s in all);
- the machine's load average before and after.

It prints figures and asserts nothing.

    .venv/bin/python bench/bench_api.py [--repeat 7] [--communes 10000] [--json]
"""

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402

SHEETS = 50
RESPONSES = 2000
PAGE_SIZE = 500


def build(rng: random.Random, communes: int):
    from dataset import _campaign, _communes, _milestones, _roadmap, _score, _user

    from api.models import TokenScope
    from api.services import api_token_create
    from communes.models import Membership, Role, Territory

    territory = Territory.objects.create(name="Bench territory", intercommunale="BENCH", slug="bench")
    referent = _user("bench-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    commune = _communes(territory, 1, "bench")[0]
    _milestones(commune, 6)
    roadmap = _roadmap(commune, referent, rng, SHEETS)
    _score([roadmap])
    campaign = _campaign(commune, referent, rng, RESPONSES)
    small = _communes(territory, 1, "small")[0]
    small_roadmap = _roadmap(small, referent, rng, 1)
    _score([small_roadmap])
    small_campaign = _campaign(small, referent, rng, 1)
    _communes(territory, communes - 2, "many")
    _token, text = api_token_create(actor=referent, name="bench", scope=TokenScope.READ, days=2)
    return {
        "token": text,
        "commune": commune,
        "campaign": campaign,
        "small": small,
        "small_campaign": small_campaign,
    }


def timed_get(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the caches of the process (translations, URL resolver)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries, stopwatch() as elapsed:
            response = client.get(url)
        times.append(elapsed())
    return {
        "status": response.status_code,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "best_ms": round(min(times) * 1000, 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def endpoints(world, client, repeat: int) -> list[dict]:
    from django.urls import reverse

    rows = []
    cases = [
        ("roadmap, 50 sheets", reverse("api:roadmap-detail", args=[world["commune"].slug]), "sheet"),
        (
            "campaign results, 2,000 responses",
            reverse("api:campaign-results", args=[world["commune"].slug, world["campaign"].pk]),
            "response",
        ),
    ]
    small = {
        "sheet": reverse("api:roadmap-detail", args=[world["small"].slug]),
        "response": reverse("api:campaign-results", args=[world["small"].slug, world["small_campaign"].pk]),
    }
    for name, url, unit in cases:
        figures = timed_get(client, url, repeat)
        one = timed_get(client, small[unit], 1)["queries"]
        rows.append({"endpoint": name, **figures, f"queries_one_{unit}": one, "equal": one == figures["queries"]})
    return rows


def communes_by_cursor(client, repeat: int) -> dict:
    """Every page of the communes, `repeat` times after a warm-up page; the best and the median walk."""
    from django.urls import reverse

    first = reverse("api:commune-list") + f"?page_size={PAGE_SIZE}"
    client.get(first)
    walks = []
    for _ in range(repeat):
        url, pages, listed = first, 0, 0
        with stopwatch() as elapsed:
            while url:
                body = client.get(url).json()
                listed += len(body["results"])
                pages += 1
                url = body["next"]
        walks.append(elapsed())
    return {
        "communes": listed,
        "pages": pages,
        "best_s": round(min(walks), 2),
        "median_s": round(statistics.median(walks), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--json", action="store_true", help="also write bench/out/api.json")
    args = parser.parse_args()

    database = fresh_database()
    setup_django()
    from django.conf import settings
    from django.test import Client

    settings.API_TOKEN_RATE = "1000000/m"  # noqa: S105 - a rate, not a secret
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"Database: {database}")
    print(f"Load average before (1, 5, 15 min): {os.getloadavg()}; cores: {os.cpu_count()}")
    with stopwatch() as built:
        world = build(random.Random(20), args.communes)
    print(f"Generated in {built():.1f} s\n")
    client = Client(headers={"Authorization": f"Bearer {world['token']}"})

    rows = endpoints(world, client, args.repeat)
    print("Endpoints, server time in-process (target < 150 ms), SQL queries against one row:")
    print_table(rows, ["endpoint", "status", "median_ms", "best_ms", "queries", "bytes", "equal"])
    listing = communes_by_cursor(client, max(1, args.repeat // 2))
    total = f"best {listing['best_s']} s, median {listing['median_s']} s (target < 2 s)"
    print()
    print(f"{listing['communes']} communes by cursor, {listing['pages']} pages of {PAGE_SIZE}: {total}")
    load = os.getloadavg()
    print(f"Load average after: {load}")
    if args.json:
        path = emit_json("api", {"database": database, "endpoints": rows, "communes": listing, "load": load})
        print(f"JSON: {path}")


if __name__ == "__main__":
    main()
