#!/usr/bin/env python
"""Benchmark of projects: the referent's territory projects page at the scale of a large intercommunale.

Builds a fresh database (see bench/common.py: PostgreSQL `smartregion_bench` when DATABASE_URL names a
server, otherwise a temporary SQLite file) with 262 communes × 10 projects, each with 5 indicators of 24
measured values and 3 milestones (one late), then times the territory projects page in-process (server time,
middleware included) unfiltered and under each filter, and counts its SQL queries against a territory of one
project (they must be equal). Issue 16 aims at under 200 ms. Prints the machine's load; asserts nothing.

    .venv/bin/python bench/bench_projects.py [--communes 262] [--projects 10] [--repeat 10] [--json]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402

INDICATORS = 5
VALUES = 24


def build(rng: random.Random, *, communes: int, projects: int, slug: str, matching: bool = False) -> str:
    """A territory of `communes` communes × `projects` projects with indicators, values and milestones.

    `matching`: every project is in execution, late and behind, so that each filter of the page finds it.
    """
    from django.utils import timezone

    from communes.models import Commune, Territory
    from projects.models import Indicator, IndicatorValue, Project, ProjectMilestone

    today = timezone.localdate()
    if matching:
        rng = _Matching()
    territory = Territory.objects.create(name=f"Bench {slug}", intercommunale=slug.upper(), slug=slug)
    rows = Commune.objects.bulk_create(
        Commune(territory=territory, name=f"Commune {i}", slug=f"{slug}-{i}", province="Hainaut")
        for i in range(communes)
    )
    phases = ["prerequisites", "planning", "execution", "evaluation", "closed"]
    made = Project.objects.bulk_create(
        Project(commune=c, title=f"Projet {c.pk}-{n}", phase=rng.choice(phases), start_date=today)
        for c in rows
        for n in range(projects)
    )
    ProjectMilestone.objects.bulk_create(
        ProjectMilestone(project=p, title=f"Jalon {k}", due_date=today + datetime.timedelta(days=rng.randint(-60, 90)))
        for p in made
        for k in range(3)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            project=p,
            name=f"Indicateur {k}",
            baseline=Decimal(0),
            target=Decimal(100),
            target_date=today + datetime.timedelta(days=rng.randint(-100, 300)),
            latest_value=Decimal(rng.randint(-5, 120)),
            latest_on=today,
        )
        for p in made
        for k in range(INDICATORS)
    )
    start = today - datetime.timedelta(days=30 * VALUES)
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(indicator=i, measured_on=start + datetime.timedelta(days=30 * v), value=Decimal(v * 4))
            for i in indicators
            for v in range(VALUES)
        ),
        batch_size=5000,
    )
    return territory.slug


class _Matching:
    """Stands for the random generator so that every project matches every filter."""

    def choice(self, values):
        return "execution" if "execution" in values else values[0]

    def randint(self, low, high):
        return low


def referent_client(slugs: list[str]):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from communes.models import Membership, Role, Territory

    user = get_user_model().objects.create_user("bench-referent")
    for slug in slugs:
        Membership.objects.create(user=user, role=Role.REFERENT, territory=Territory.objects.get(slug=slug))
    client = Client()
    client.force_login(user)
    return client


FILTERS = {
    "all": {},
    "late only": {"late": "on"},
    "indicators behind": {"status": "behind"},
    "phase execution": {"phase": "execution"},
    "page 20": {"page": "20"},
}


def time_page(client, slug: str, repeat: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("projects:territory-projects", args=[slug])
    rows = []
    for name, params in FILTERS.items():
        client.get(url, params)  # warm
        times = []
        for _ in range(repeat):
            with stopwatch() as elapsed:
                response = client.get(url, params)
            times.append(elapsed())
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        rows.append(
            {
                "page": name,
                "status": response.status_code,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "worst_ms": round(max(times) * 1000, 1),
                "queries": len(queries),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=262)
    parser.add_argument("--projects", type=int, default=10, help="projects per commune")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="also write bench/out/projects.json")
    args = parser.parse_args()

    database = fresh_database()
    setup_django()
    print(f"Database: {database}")
    print(f"Load average (1, 5, 15 min): {os.getloadavg()}; cores: {os.cpu_count()}")
    rng = random.Random(16)
    with stopwatch() as built:
        big = build(rng, communes=args.communes, projects=args.projects, slug="bench")
        small = build(rng, communes=1, projects=1, slug="tiny", matching=True)
    total = args.communes * args.projects
    print(
        f"Generated {args.communes} communes × {args.projects} projects ({total} projects, "
        f"{total * INDICATORS} indicators, {total * INDICATORS * VALUES} values) in {built():.1f} s\n"
    )
    client = referent_client([big, small])
    rows = time_page(client, big, args.repeat)
    tiny = time_page(client, small, 1)
    for row, one in zip(rows, tiny, strict=True):
        row["queries_1_project"] = one["queries"]
    print("Territory projects page, server time in-process (target < 200 ms, queries equal for 1 project):")
    print_table(rows, ["page", "status", "median_ms", "worst_ms", "queries", "queries_1_project"])
    print(f"\nLoad average after: {os.getloadavg()}")
    if args.json:
        path = emit_json("projects", {"database": database, "scale": vars(args), "pages": rows})
        print(f"JSON written to {path}")


if __name__ == "__main__":
    main()
