#!/usr/bin/env python
"""Benchmark of the questionnaire results: one commune with 2,000 responses, a territory with 400,000 answers.

Builds a fresh database — PostgreSQL `smartregion_bench` on the server of DATABASE_URL when it is set
(dropped and created again), otherwise a temporary SQLite file — copies the template questionnaire
for each commune of a territory, generates fictitious responses in bulk (the generator of the demo),
then times:

- the results page of the commune with 2,000 responses, through Django's whole request stack (test
  client, logged in as the referent), with its number of SQL queries, compared with the same page
  for a single response, and the figures per group of one question that the page loads on demand:
  the view run every time (kept pages off, as the first request after a change), and the page as kept
  between changes (smartregion.pagecache);
- `campaign_results()` alone (the aggregation the page, the exports and the report share);
- `territory_pillar_scores()` over the whole territory (about 400,000 answers) and `pillar_scores()`.

The measures run in a fresh process once the data is built (as a server's worker would, without the
generator's memory and warm objects); `--measure-only` runs them alone on a database already built.

It prints figures and asserts nothing (issue 3 aims at a fixed number of queries and under 200 ms for
the page, under 1 s for the territory).

    .venv/bin/python bench/bench_questionnaires.py [--repeat 15] [--responses 2000] [--answers 400000]
"""

import argparse
import random
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DATABASE, emit_json, fresh_database, print_table, setup_django, stopwatch  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each measure (median reported)")
    parser.add_argument("--responses", type=int, default=2000, help="responses of the measured commune")
    parser.add_argument("--answers", type=int, default=400_000, help="answers in the whole territory")
    parser.add_argument("--communes", type=int, default=20, help="other communes sharing the remaining answers")
    parser.add_argument("--database", default=BENCH_DATABASE, help="name of the PostgreSQL database to (re)create")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the database DATABASE_URL names, built by a previous run"
    )
    return parser.parse_args()


def build(args):
    """Territory, communes, campaigns and responses; returns what the measures need."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from communes.models import Commune, Membership, Role, Territory
    from diagnostics.demo import responses_generate
    from diagnostics.models import Answer, GroupKind
    from diagnostics.services import builder, campaigns

    rng = random.Random(2026)  # noqa: S311 - fictitious data, reproducible on purpose
    territory = Territory.objects.create(name="Bench", intercommunale="BENCH", slug="bench")
    referent = get_user_model().objects.create_user(username="bench-referent", password="x")  # noqa: S106
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    template = builder.template_ensure()
    today = timezone.localdate()

    def campaign_for(index: int):
        commune = Commune.objects.create(territory=territory, name=f"Commune {index:03d}", slug=f"bench-{index:03d}")
        questionnaire = builder.questionnaire_copy(source=template, commune=commune, actor=referent)
        campaign = campaigns.campaign_create(
            commune=commune,
            questionnaire=questionnaire,
            actor=referent,
            title="Bench",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=30),
        )
        return campaign, list(campaign.groups.all())

    with stopwatch() as elapsed, transaction.atomic():
        small_campaign, small_groups = campaign_for(0)
        responses_generate(small_campaign, rng=rng, count=1, groups=small_groups, submitted_share=1)
        main_campaign, main_groups = campaign_for(1)
        written = responses_generate(main_campaign, rng=rng, count=args.responses, groups=main_groups)
        per_response = written / args.responses
        remaining = max(0, args.answers - Answer.objects.count())
        others = max(1, args.communes)
        per_commune = round(remaining / per_response / others)
        for index in range(others):
            campaign, groups = campaign_for(index + 2)
            citizens = [g for g in groups if g.kind == GroupKind.CITIZENS]
            responses_generate(campaign, rng=rng, count=per_commune, groups=citizens + groups)
    return {
        "territory": territory,
        "referent": referent,
        "small": small_campaign,
        "main": main_campaign,
        "answers": Answer.objects.count(),
        "generation_s": round(elapsed(), 1),
    }


def measure(fn, repeat: int):
    """Median seconds and SQL queries of `fn` after one warm-up run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured, stopwatch() as elapsed:
            fn()
        times.append(elapsed())
        queries = len(captured)
    return statistics.median(times), queries


def main():
    args = parse_args()
    if args.measure_only:
        setup_django(migrate=False)
        measure_all(args)
        return
    where = fresh_database(args.database)
    setup_django()
    from django.db import connection

    from diagnostics.models import Answer, Response

    print(f"Database: {where}")
    data = build(args)
    # Fresh statistics, as autovacuum would gather after such a load.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    main_answers = Answer.objects.filter(response__campaign=data["main"]).count()
    print(
        f"Generated in {data['generation_s']} s: {Response.objects.count()} responses, {data['answers']} answers "
        f"({main_answers} answers for the measured commune's {args.responses} responses)."
    )
    connection.close()
    # DATABASE_URL (and the SQLite directory) now name the built database, for the fresh process.
    command = [sys.executable, __file__, "--measure-only", "--repeat", str(args.repeat)]
    sys.exit(subprocess.run([*command, "--responses", str(args.responses)], check=False).returncode)


def measure_all(args):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from communes.models import Territory
    from diagnostics.models import Answer, Campaign
    from diagnostics.selectors.results import campaign_results, pillar_scores, territory_pillar_scores

    territory = Territory.objects.get(slug="bench")
    main_campaign = Campaign.objects.select_related("commune").get(commune__slug="bench-001")
    small_campaign = Campaign.objects.select_related("commune").get(commune__slug="bench-000")
    answers = Answer.objects.count()
    main_answers = Answer.objects.filter(campaign=main_campaign).count()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-referent"))

    def page(campaign, query="", **headers):
        url = reverse("diagnostics:campaign-results", args=[campaign.commune.slug, campaign.pk]) + query

        def get():
            response = client.get(url, **headers)
            assert response.status_code == 200, response.status_code  # noqa: S101 - a broken page is no figure

        return get

    # The figures per group of one question, which the page loads on demand (htmx).
    grid = main_campaign.questionnaire.questions.filter(type="grid").order_by("pk").first()

    def computed(fn):
        """The page's view run every time (kept pages off): the first request after a change of its data."""

        def run():
            settings.PAGE_CACHE = False
            try:
                fn()
            finally:
                settings.PAGE_CACHE = True

        return run

    rows = []
    for label, fn, scope in [
        ("results page, 1 response", computed(page(small_campaign)), "1 response"),
        (f"results page, {args.responses} responses", computed(page(main_campaign)), f"{main_answers} answers"),
        (
            f"kept results page, {args.responses} responses (no change since)",
            page(main_campaign),
            f"{main_answers} answers",
        ),
        (
            "per-group details (htmx)",
            computed(page(main_campaign, f"?details={grid.pk}", HTTP_HX_REQUEST="true")),
            f"{main_answers} answers",
        ),
        ("campaign_results() alone", lambda: campaign_results(main_campaign), f"{main_answers} answers"),
        ("pillar_scores(commune)", lambda: pillar_scores(main_campaign.commune), f"{main_answers} answers"),
        ("territory_pillar_scores()", lambda: territory_pillar_scores(territory), f"{answers} answers"),
    ]:
        seconds, queries = measure(fn, args.repeat)
        rows.append({"measure": label, "scope": scope, "median_ms": round(seconds * 1000, 1), "sql_queries": queries})
    print()
    print_table(rows, ["measure", "scope", "median_ms", "sql_queries"])
    print()
    print("Targets (issue 3): results page with a fixed number of queries and under 200 ms; territory under 1 s.")
    from django.db import connection

    where = f"{connection.vendor} {connection.settings_dict['NAME']}"
    path = emit_json("questionnaires", {"database": where, "answers": answers, "measures": rows})
    print(f"JSON: {path}")


if __name__ == "__main__":
    main()
