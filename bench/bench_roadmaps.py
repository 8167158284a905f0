#!/usr/bin/env python
"""Benchmark of roadmaps: scoring a territory, the affordable plan, and the roadmap page's queries.

Builds a fresh database — PostgreSQL `smartregion_bench` on the server of DATABASE_URL when it is set
(dropped and created again), otherwise a temporary SQLite file — then prints:

- scoring 5,000 sheets across a territory (50 roadmaps of 100 sheets, six criteria) inside the task
  (issue 5 aims at under 1 s);
- the affordable plan for 200 sheets with prerequisites and three budgets, optimal (aim: under 2 s),
  for the solver alone and for the whole service (reads, solve, explanations, store);
- SQL queries of the roadmap pages for 1 and for 50 sheets (they must be equal).

It prints figures and asserts nothing.

    .venv/bin/python bench/bench_roadmaps.py [--repeat 5] [--json]
"""

import argparse
import random
import statistics
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402

ROADMAPS = 50
SHEETS_PER_ROADMAP = 100
PLAN_SHEETS = 200
COSTS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300]


def build_territory(rng: random.Random):
    """50 communes, each with a roadmap of 100 marked sheets and a few prerequisites."""
    from communes.models import Commune, Territory
    from roadmaps.models import Criterion, Mark, Prerequisite, ProjectSheet, Roadmap
    from roadmaps.services.roadmaps import roadmap_create

    territory = Territory.objects.create(name="Bench territory", intercommunale="BENCH", slug="bench")
    communes = Commune.objects.bulk_create(
        Commune(territory=territory, name=f"Commune {i}", slug=f"bench-{i}", province="Hainaut")
        for i in range(ROADMAPS)
    )
    roadmaps = [roadmap_create(commune=c, actor=None) for c in communes]
    criteria = {}
    for pk, roadmap_id in Criterion.objects.values_list("pk", "roadmap_id"):
        criteria.setdefault(roadmap_id, []).append(pk)
    sheets = ProjectSheet.objects.bulk_create(
        ProjectSheet(
            roadmap=roadmap,
            title=f"Project {i}",
            investment=Decimal(rng.choice(COSTS) * 1000),
            staff_days=rng.choice([5, 10, 20, 40]),
            horizon="",
        )
        for roadmap in roadmaps
        for i in range(SHEETS_PER_ROADMAP)
    )
    Mark.objects.bulk_create(
        (Mark(sheet=s, criterion_id=c, value=rng.randint(1, 5)) for s in sheets for c in criteria[s.roadmap_id]),
        batch_size=5000,
    )
    links = []
    for index, sheet in enumerate(sheets):
        position = index % SHEETS_PER_ROADMAP
        if position and rng.random() < 0.4:
            links.append(Prerequisite(sheet=sheet, required=sheets[index - rng.randint(1, position)]))
    Prerequisite.objects.bulk_create(links, ignore_conflicts=True)
    return territory, [r.pk for r in Roadmap.objects.filter(commune__territory=territory)]


def bench_scoring(roadmap_ids: list[int], repeat: int) -> dict:
    from django.db.models import F
    from django.utils import timezone

    from roadmaps.models import Roadmap, SheetScore
    from roadmaps.tasks import stale_roadmaps_rescore

    times = []
    scored = 0
    for _ in range(repeat):
        Roadmap.objects.filter(pk__in=roadmap_ids).update(
            scoring_version=F("scoring_version") + 1, scoring_requested_at=timezone.now() - timedelta(hours=1)
        )
        with stopwatch() as elapsed:
            scored = stale_roadmaps_rescore(stale_after_seconds=0)
        times.append(elapsed())
    assert SheetScore.objects.filter(roadmap_id__in=roadmap_ids).count() == scored
    return {"sheets": scored, "roadmaps": len(roadmap_ids), "times": times}


def build_plan_roadmap(rng: random.Random, index: int):
    """One roadmap of 200 sheets with prerequisites (earlier sheets only, so no cycle), scored."""
    from communes.models import Commune, Territory
    from roadmaps.models import Criterion, Mark, Prerequisite, ProjectSheet
    from roadmaps.services.roadmaps import roadmap_create
    from roadmaps.services.scoring import roadmap_scores_refresh

    territory = Territory.objects.get(slug="bench")
    commune = Commune.objects.create(
        territory=territory, name=f"Plan {index}", slug=f"plan-{index}", province="Hainaut"
    )
    roadmap = roadmap_create(commune=commune, actor=None)
    criteria = list(Criterion.objects.filter(roadmap=roadmap).values_list("pk", flat=True))
    sheets = ProjectSheet.objects.bulk_create(
        ProjectSheet(
            roadmap=roadmap,
            title=f"Plan project {i}",
            investment=Decimal(rng.choice(COSTS) * 1000),
            staff_days=rng.choice([5, 10, 15, 20, 30, 40, 60]),
        )
        for i in range(PLAN_SHEETS)
    )
    Mark.objects.bulk_create(Mark(sheet=s, criterion_id=c, value=rng.randint(1, 5)) for s in sheets for c in criteria)
    links = {(i, j) for i in range(1, PLAN_SHEETS) for j in rng.sample(range(i), k=min(i, rng.choice([0, 0, 1, 1, 2])))}
    Prerequisite.objects.bulk_create(Prerequisite(sheet=sheets[i], required=sheets[j]) for i, j in links)
    roadmap.scoring_version = 1
    roadmap.save(update_fields=["scoring_version"])
    roadmap_scores_refresh(roadmap_ids=[roadmap.pk])
    return roadmap, len(links)


def bench_plan(rng: random.Random, repeat: int) -> list[dict]:
    from roadmaps import planning
    from roadmaps.models import Prerequisite, ProjectSheet
    from roadmaps.services.planning import plan_propose

    budgets = {
        "short": (Decimal(2_000_000), 300),
        "medium": (Decimal(4_000_000), 600),
        "long": (Decimal(6_000_000), 900),
    }
    rows = []
    for index in range(repeat):
        roadmap, edges = build_plan_roadmap(rng, index)
        requires: dict[int, list[int]] = {}
        for sheet_id, required_id in Prerequisite.objects.filter(sheet__roadmap=roadmap).values_list(
            "sheet_id", "required_id"
        ):
            requires.setdefault(sheet_id, []).append(required_id)
        items = [
            planning.PlanItem(pk, score, float(investment), float(staff), tuple(requires.get(pk, ())))
            for pk, investment, staff, score in ProjectSheet.objects.filter(roadmap=roadmap).values_list(
                "pk", "investment", "staff_days", "score__score"
            )
        ]
        horizon_budgets = [planning.HorizonBudget(float(i), float(s)) for i, s in budgets.values()]
        with stopwatch() as solver:
            plan = planning.solve_plan(items, horizon_budgets)
        solver_seconds = solver()
        with stopwatch() as service:
            proposal = plan_propose(roadmap=roadmap, actor=None, budgets=budgets)
        rows.append(
            {
                "instance": index,
                "sheets": len(items),
                "prerequisites": edges,
                "chosen": len(plan.assignments),
                "optimal": plan.optimal and proposal.optimal,
                "solver_s": round(solver_seconds, 3),
                "service_s": round(service(), 3),
            }
        )
    return rows


def page_queries() -> list[dict]:
    """Queries of the roadmap pages for a roadmap of 1 sheet and one of 50 sheets."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from communes.models import Commune, Membership, Role, Territory
    from roadmaps.models import Criterion, Mark, Prerequisite, ProjectSheet, ProjectTemplate
    from roadmaps.services.roadmaps import roadmap_create
    from roadmaps.services.scoring import roadmap_scores_refresh

    territory = Territory.objects.get(slug="bench")
    user = get_user_model().objects.create_user("bench-referent", password="bench-pw-not-secret")  # noqa: S106
    Membership.objects.create(user=user, role=Role.REFERENT, territory=territory)
    client = Client()
    client.force_login(user)
    templates = list(ProjectTemplate.objects.all())
    slugs = {}
    for count in (1, 50):
        commune = Commune.objects.create(
            territory=territory, name=f"Pages {count}", slug=f"pages-{count}", province="Hainaut"
        )
        roadmap = roadmap_create(commune=commune, actor=user)
        criteria = list(Criterion.objects.filter(roadmap=roadmap))
        sheets = ProjectSheet.objects.bulk_create(
            ProjectSheet(
                roadmap=roadmap,
                title=f"Sheet {i}",
                template=templates[i % len(templates)],
                function_category=templates[i % len(templates)].function_category,
                investment=Decimal(1000 * (i + 1)),
                horizon=["short", "medium", "long", ""][i % 4],
            )
            for i in range(count)
        )
        Mark.objects.bulk_create(Mark(sheet=s, criterion=c, value=3) for s in sheets for c in criteria)
        Prerequisite.objects.bulk_create(
            Prerequisite(sheet=s, required=sheets[0]) for s in sheets[1:] if s.horizon in ("long", "")
        )
        roadmap.scoring_version = 1
        roadmap.save(update_fields=["scoring_version"])
        roadmap_scores_refresh(roadmap_ids=[roadmap.pk])
        slugs[count] = (commune.slug, sheets[0].pk)
    rows = []
    for name in ("roadmap-detail", "roadmap-timeline", "plan", "weights-update", "sheet-detail"):
        counts = {}
        for count, (slug, first) in slugs.items():
            args = [slug, first] if name == "sheet-detail" else [slug]
            with CaptureQueriesContext(connection) as queries:
                status = client.get(reverse(f"roadmaps:{name}", args=args)).status_code
            counts[count] = (len(queries), status)
        rows.append(
            {
                "page": name,
                "queries_1": counts[1][0],
                "queries_50": counts[50][0],
                "equal": counts[1][0] == counts[50][0],
                "status": f"{counts[1][1]}/{counts[50][1]}",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the scoring; plan instances")
    parser.add_argument("--json", action="store_true", help="also write bench/out/roadmaps.json")
    args = parser.parse_args()

    database = fresh_database()
    setup_django()
    print(f"Database: {database}")
    rng = random.Random(5)

    with stopwatch() as built:
        _territory, roadmap_ids = build_territory(rng)
    print(f"Generated {ROADMAPS} roadmaps × {SHEETS_PER_ROADMAP} sheets in {built():.1f} s\n")

    scoring = bench_scoring(roadmap_ids, args.repeat)
    times = scoring["times"]
    print(f"Scoring {scoring['sheets']} sheets of {scoring['roadmaps']} roadmaps inside the task (target < 1 s):")
    print(f"  median {statistics.median(times):.3f} s, best {min(times):.3f} s, worst {max(times):.3f} s\n")

    plans = bench_plan(rng, args.repeat)
    print(f"Affordable plan, {PLAN_SHEETS} sheets with prerequisites and three budgets (target optimal < 2 s):")
    print_table(plans, ["instance", "sheets", "prerequisites", "chosen", "optimal", "solver_s", "service_s"])
    print()

    pages = page_queries()
    print("SQL queries per page, roadmap of 1 sheet against 50 sheets (must be equal):")
    print_table(pages, ["page", "queries_1", "queries_50", "equal", "status"])

    if args.json:
        path = emit_json(
            "roadmaps",
            {
                "database": database,
                "scoring": {
                    "sheets": scoring["sheets"],
                    "roadmaps": scoring["roadmaps"],
                    "median_s": statistics.median(times),
                    "best_s": min(times),
                    "worst_s": max(times),
                },
                "plan": plans,
                "page_queries": pages,
            },
        )
        print(f"\nJSON written to {path}")


if __name__ == "__main__":
    main()
