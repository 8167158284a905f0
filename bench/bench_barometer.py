#!/usr/bin/env python
"""Benchmark of the territory barometer at territory scale: 262 communes over five editions.

Builds a fresh database — PostgreSQL `smartregion_bench` on the server of DATABASE_URL when it is set
(dropped and created again), otherwise a temporary SQLite file — fills it with five editions of the
standard question set answered by most of the 262 communes, then times the barometer pages through
Django's whole request stack and counts their SQL queries. It prints figures; it asserts nothing
(issue 7 aims at under 200 ms server time for the results page, with a fixed number of queries).

    .venv/bin/python bench/bench_barometer.py [--repeat 20] [--json]
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database, setup_django  # noqa: E402
from dataset import _barometer  # noqa: E402

COMMUNES = 262
YEARS = [2019, 2021, 2022, 2024, 2026]


def generate():
    """The territory, its communes, five editions and their answers, written in bulk."""
    from django.contrib.auth import get_user_model

    from communes.models import Commune, Membership, Role, Territory

    users = get_user_model().objects

    rng = random.Random(262)
    territory = Territory.objects.create(name="Bench territory", intercommunale="BENCH", slug="bench")
    communes = Commune.objects.bulk_create(
        Commune(
            territory=territory,
            name=f"Commune {n:03d}",
            slug=f"commune-{n:03d}",
            province="Namur",
            nis_code=f"{90000 + n}",
        )
        for n in range(1, COMMUNES + 1)
    )
    referent = users.create_user("bench-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    college = users.create_user("bench-college")
    Membership.objects.create(user=college, role=Role.COLLEGE, territory=territory, commune=communes[0])

    editions = _barometer(territory, communes, rng, years=YEARS, skip=0.1)
    return {
        "territory": territory,
        "editions": editions,
        "commune": communes[0],
        "referent": referent,
        "college": college,
    }


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The query log is a bounded deque, full after generating the data: empty it or the count is wrong.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "url": url,
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "max_ms": round(timings[-1], 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page (after one warm-up).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args()

    where = fresh_database()
    os.environ.pop("REDIS_URL", None)
    setup_django(migrate=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from barometer import selectors
    from barometer.models import Answer, Response

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    world = generate()
    generated = time.perf_counter()
    latest = world["editions"][-1]
    print(f"database: {where}")
    print(
        f"migrate {migrated - started:.1f} s, generate {generated - migrated:.1f} s: {COMMUNES} communes, "
        f"{len(YEARS)} editions, {Response.objects.count()} responses, {Answer.objects.count()} answers"
    )

    referent, college, anonymous = Client(), Client(), Client()
    referent.force_login(world["referent"])
    college.force_login(world["college"])
    commune = world["commune"].slug
    pages = [
        ("results page (referent)", referent, reverse("barometer:edition-results", args=[latest.pk])),
        ("edition page (referent)", referent, reverse("barometer:edition-detail", args=[latest.pk])),
        ("export xlsx (referent)", referent, reverse("barometer:edition-export", args=[latest.pk, "xlsx"])),
        (
            "commune against territory (college)",
            college,
            reverse("barometer:response-detail", args=[latest.pk, commune]),
        ),
        (
            "public summary (anonymous)",
            anonymous,
            reverse("barometer:public-summary", args=[world["territory"].slug, latest.year]),
        ),
    ]
    figures = []
    print(f"\n{'page':38} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, client, url in pages:
        result = {"page": name, **measure(client, url, args.repeat)}
        figures.append(result)
        print(f"{name:38} {result['queries']:>7} {result['median_ms']:>10} {result['p95_ms']:>8} {result['max_ms']:>8}")

    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        selectors.territory_results(world["territory"], texts_for=[latest.pk])
        timings.append((time.perf_counter() - start) * 1000)
    aggregation = round(statistics.median(timings), 1)
    print(f"\naggregation alone (5 editions, database + shaping): median {aggregation} ms")
    print("target from issue 7: results page under 200 ms server time, fixed number of queries")
    if args.json:
        print(json.dumps({"database": where, "pages": figures, "aggregation_median_ms": aggregation}, indent=1))


if __name__ == "__main__":
    main()
