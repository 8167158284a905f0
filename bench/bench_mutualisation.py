#!/usr/bin/env python
"""Benchmark of mutualisation at territory scale: convergences and the territory inventory.

Builds a fresh database (PostgreSQL `smartregion_bench` on the server of DATABASE_URL when it is set,
otherwise a temporary SQLite file) with 262 communes × 20 project sheets and 262 inventories × 30 systems,
then times the selectors alone and the pages through Django's whole request stack, and counts their SQL
queries for 1 commune and for all of them. It prints figures with the machine's load; it asserts nothing
(issue 18 aims at convergences over 262 × 20 sheets and 262 × 30 systems in under 1 s, fixed queries).

    .venv/bin/python bench/bench_mutualisation.py [--repeat 5] [--json]
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import fresh_database, setup_django  # noqa: E402

COMMUNES = 262
SHEETS = 20
SYSTEMS = 30
FREE_TITLES = [f"Projet local {n}" for n in range(40)] + ["Parcours santé connecté", "Parcours sante connecte"]
PRODUCTS = [(f"Logiciel {n:02d}", f"Éditeur {n % 12}", cat) for n, cat in enumerate(
    ["document_management", "population_registry", "finance", "human_resources", "website", "gis", "office",
     "telephony", "servers_network", "council_decisions", "online_services", "cybersecurity"] * 8
)]  # fmt: skip


def generate(rng: random.Random, communes_wanted: int, prefix: str = "commune"):
    """Communes with a roadmap of SHEETS sheets and an inventory of SYSTEMS systems, written in bulk."""
    from communes.models import Commune, Territory
    from diagnostics.models import DataExchange, ExistingSystem
    from roadmaps.models import FunctionCategory, Horizon, ProjectSheet, ProjectTemplate, Roadmap

    territory = Territory.objects.get_or_create(slug="bench", defaults={"name": "Bench", "intercommunale": "BENCH"})[0]
    start = Commune.objects.filter(territory=territory).count()
    communes = Commune.objects.bulk_create(
        Commune(
            territory=territory,
            name=f"{prefix} {n:03d}",
            slug=f"{prefix}-{n:03d}",
            province=rng.choice(["Namur", "Hainaut"]),
            nis_code=f"{90000 + n}",
            population=rng.randint(3_000, 60_000),
        )
        for n in range(start + 1, start + communes_wanted + 1)
    )
    roadmaps = Roadmap.objects.bulk_create(Roadmap(commune=c) for c in communes)
    templates = list(ProjectTemplate.objects.all())
    categories = [c for c in FunctionCategory.values if c != "other"]
    sheets = []
    for roadmap in roadmaps:
        for index in range(SHEETS):
            template = rng.choice(templates) if templates and rng.random() < 0.4 else None
            free = rng.random() < 0.1
            sheets.append(
                ProjectSheet(
                    roadmap=roadmap,
                    template=template,
                    title=rng.choice(FREE_TITLES) if free else f"Projet {index}",
                    function_category="other"
                    if free
                    else (template.function_category if template else rng.choice(categories)),
                    horizon=rng.choice(["", *Horizon.values]),
                    investment=Decimal(rng.randint(1, 300) * 1000),
                    running_cost=Decimal(rng.randint(0, 30) * 500),
                    pillars=[rng.choice(["governance", "mobility", "economy"])],
                )
            )
    ProjectSheet.objects.bulk_create(sheets, batch_size=2000)
    systems = []
    for commune in communes:
        for name, vendor, category in rng.sample(PRODUCTS, SYSTEMS):
            systems.append(ExistingSystem(commune=commune, name=name, vendor=vendor, category=category))
    systems = ExistingSystem.objects.bulk_create(systems, batch_size=2000)
    exchanges = [
        DataExchange(commune=s.commune, source=s, target=t, data="Adresses", mode="manual")
        for s, t in zip(systems[0::SYSTEMS], systems[1::SYSTEMS], strict=False)
    ]
    DataExchange.objects.bulk_create(exchanges)
    return territory


def timed(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def queries_of(client, url: str) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each measure (median).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args()

    where = fresh_database()
    os.environ.pop("REDIS_URL", None)
    setup_django(migrate=False)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from communes.models import Membership, Role
    from mutualisation import selectors

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    territory = generate(rng, 1, prefix="first")
    referent = get_user_model().objects.create_user("bench-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    client = Client()
    client.force_login(referent)
    urls = {
        "convergences page": reverse("mutualisation:convergences", args=[territory.slug]),
        "territory inventory page": reverse("mutualisation:territory-inventory", args=[territory.slug]),
        "pooled demand page": reverse("mutualisation:pooled-demand", args=[territory.slug]) + "?category=website",
    }
    one = {name: queries_of(client, url) for name, url in urls.items()}
    started = time.perf_counter()
    generate(rng, COMMUNES - 1)
    print(f"database: {where}; generated in {time.perf_counter() - started:.1f} s")
    print(f"{COMMUNES} communes × {SHEETS} sheets, {COMMUNES} inventories × {SYSTEMS} systems")
    print(f"load average before measuring: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")

    figures = {
        "convergences() alone": timed(lambda: selectors.convergences(territory), args.repeat),
        "need_groups() + products() alone": timed(
            lambda: (selectors.need_groups(territory), selectors.products(territory)), args.repeat
        ),
        "territory_inventory() alone": timed(lambda: selectors.territory_inventory(territory), args.repeat),
    }
    groups = len(selectors.convergences(territory))
    rows = []
    for name, url in urls.items():
        many = queries_of(client, url)
        rows.append(
            {
                "page": name,
                "queries_1": one[name],
                "queries_262": many,
                "median_ms": timed(lambda u=url: client.get(u), args.repeat),
            }
        )
    print(f"\n{'measure':40} {'median ms':>10}")
    for name, value in figures.items():
        print(f"{name:40} {value:>10}")
    print(f"({groups} convergence groups)")
    print(f"\n{'page (whole request)':40} {'queries 1':>9} {'queries 262':>11} {'median ms':>10}")
    for row in rows:
        print(f"{row['page']:40} {row['queries_1']:>9} {row['queries_262']:>11} {row['median_ms']:>10}")
    print(f"load average after: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print("target from issue 18: convergences over 262 × 20 sheets and 262 × 30 systems under 1 s, fixed queries")
    if args.json:
        print(json.dumps({"database": where, "selectors_ms": figures, "pages": rows}, indent=1))


if __name__ == "__main__":
    main()
