#!/usr/bin/env python
"""A citizen rush: N concurrent respondents fill in a 40-question questionnaire through gunicorn (issue 22).

Builds a fresh database (PostgreSQL when DATABASE_URL names it), a campaign with a questionnaire of
`--pages` pages and `--questions` questions (choices, scales, yes/no, numbers, short texts), one open
link and `--respondents / 2` personal links; starts gunicorn (bench.load.Gunicorn) with REDIS_URL; then
each respondent thread does what a browser does: opens its link (an open link's start form, posted after
the OPEN_LINK_MIN_FILL_SECONDS a person takes to read it), loads each page, autosaves every answer (htmx
POST) after `--think` seconds on average (a person reads and answers; 0 sends them back to back, a stress
far beyond people), and submits.

Prints per step p50/p95/max latency, errors (non-2xx/3xx answers, exceptions), requests per second, the
autosaves acknowledged (2xx) against the answers found in the database, the submissions acknowledged
against the submitted responses, and the running tallies' consistency check
(`diagnostics.services.tallies.tallies_check`) after the rush; the load average at start and end.

Throttles count per client IP (smartregion.clientip). Real citizens come from many addresses, through the
TLS proxy production runs behind (`DJANGO_BEHIND_PROXY=true`, one trusted hop, see docker-compose.yml and
.env.example): the bench runs gunicorn in that shape and each respondent sends its own address in
X-Forwarded-For, as the proxy would. `--single-ip` sends none: every respondent is then 127.0.0.1, and
the per-IP throttles (open-link starts 20/h, saves 240/min, submissions 20/h) refuse most of the rush.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME REDIS_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/rush.py [--respondents 200] [--questions 40] [--pages 4] [--single-ip] [--runs 3]
"""

import argparse
import http.client
import os
import random
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit_json, fresh_database, percentile, print_table, setup_django  # noqa: E402

AUTOSAVE_P95_TARGET_MS = 150  # issue 22


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--database", default="smartregion_rush", help="PostgreSQL database to (re)create")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--single-ip", action="store_true", help="send no X-Forwarded-For (all from 127.0.0.1)")
    parser.add_argument("--runs", type=int, default=1, help="rushes, each on a fresh database (medians printed)")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds a person takes per question before its autosave (±50 %%; 0: back to back)",
    )
    return parser.parse_args()


def build(args) -> dict:
    """Territory, commune, questionnaire, campaign, open link and personal links; what the rush needs."""
    from datetime import timedelta

    from django.utils import timezone

    from bench.dataset import _communes, _user
    from communes.models import Membership, Role, Territory
    from diagnostics.models import GroupKind
    from diagnostics.services import builder, campaigns
    from diagnostics.services.builder import OptionInput
    from diagnostics.tokens import open_link_token, response_token

    territory = Territory.objects.create(name="Rush", intercommunale="RUSH", slug="rush")
    (commune,) = _communes(territory, 1, "rush")
    referent = _user("rush-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    questionnaire = builder.questionnaire_create(commune=commune, actor=referent, title_fr="Diagnostic citoyen")
    sections = [questionnaire.sections.get()]
    for number in range(2, args.pages + 1):
        sections.append(builder.section_create(questionnaire=questionnaire, actor=referent, title_fr=f"Page {number}"))
    kinds = ["single_choice", "scale_5", "yes_no", "number", "short_text"]
    questions = []  # (pk, type, option pks)
    for index in range(args.questions):
        kind = kinds[index % len(kinds)]
        options = (
            [OptionInput(None, label, "", maturity) for label, maturity in (("Non", 0), ("Un peu", 50), ("Oui", 100))]
            if kind == "single_choice"
            else None
        )
        fields = {"type": kind, "text_fr": f"Question {index + 1}"}
        if kind == "number":
            fields.update(number_min=0, number_max=1000)
        question = builder.question_create(
            section=sections[index * len(sections) // args.questions],
            actor=referent,
            fields=fields,
            pillars=["governance"] if kind in ("single_choice", "scale_5", "yes_no") else [],
            options=options,
        )
        questions.append((question.pk, kind, [o.pk for o in question.options.order_by("position", "pk")]))
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=referent,
        title="Rush",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    groups = {g.kind: g for g in campaign.groups.all()}
    link = campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    named = args.respondents // 2
    people = [(f"Personne {n}", f"personne-{n}@rush.example") for n in range(named)]
    respondents = campaigns.respondents_add(
        campaign=campaign, group=groups[GroupKind.ADMINISTRATION], actor=referent, people=people, send=False
    )
    return {
        "campaign": campaign.pk,
        "pages": len(sections),
        "questions": questions,
        "open_token": open_link_token(link),
        "personal_tokens": [response_token(r.response) for r in respondents],
    }


class Browser:
    """One respondent's connection: cookies, CSRF token, its own client address, timings per step."""

    def __init__(self, port: int, address: str | None, record):
        self.port, self.address, self.record = port, address, record
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def send(self, step: str, method: str, path: str, data: dict | None = None, htmx: bool = False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf})
        if htmx:
            headers["HX-Request"] = "true"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            content = reply.read()
            status, location = reply.status, reply.getheader("Location") or ""
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
        except OSError as error:
            status, content, location = 0, str(error).encode(), ""
        finally:
            connection.close()
        self.record(step, time.perf_counter() - start, status)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content) or re.search(
            rb'<meta name="csrf-token" content="([^"]+)"', content
        )
        if found:
            self.csrf = found.group(1).decode()
        return status, content, location


def value_of(kind: str, options: list[int], rng_index: int) -> dict:
    if kind == "single_choice":
        return {"": str(options[rng_index % len(options)])}
    if kind == "scale_5":
        return {"": str(1 + rng_index % 5)}
    if kind == "yes_no":
        return {"": str(options[rng_index % len(options)])}
    if kind == "number":
        return {"": str(rng_index % 1000)}
    return {"": f"Réponse {rng_index}"}


def respondent(index: int, data: dict, port: int, args, record, results: dict, lock) -> None:
    from diagnostics.guards import HONEYPOT_FIELD, STAMP_FIELD

    address = None if args.single_ip else f"10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255 or 1}"
    browser = Browser(port, address, record)
    rng = random.Random(index)  # noqa: S311 - think times, reproducible
    acknowledged, submitted = 0, False
    try:
        if index % 2 == 0 or not data["personal_tokens"]:
            status, body, _ = browser.send("open link form", "GET", f"/q/open/{data['open_token']}/")
            stamp = re.search(rf'name="{STAMP_FIELD}" value="([^"]+)"'.encode(), body)
            time.sleep(3.2)  # a person reads the introduction (faster is refused as a bot)
            status, _body, location = browser.send(
                "open link start",
                "POST",
                f"/q/open/{data['open_token']}/",
                {STAMP_FIELD: stamp.group(1).decode() if stamp else "", HONEYPOT_FIELD: ""},
            )
            if status != 302:
                return
            token = urlparse(location).path.strip("/").split("/")[1]
        else:
            token = data["personal_tokens"][index // 2 % len(data["personal_tokens"])]
        started = time.monotonic()
        browser.send("start", "GET", f"/q/{token}/")
        by_page = {}
        for position, question in enumerate(data["questions"]):
            by_page.setdefault(position * data["pages"] // len(data["questions"]), []).append(question)
        for page in range(data["pages"]):
            browser.send("page", "GET", f"/q/{token}/page/{page + 1}/")
            for pk, kind, options in by_page.get(page, []):
                if args.think:
                    time.sleep(rng.uniform(args.think / 2, args.think * 3 / 2))
                values = {f"q{pk}{suffix}": value for suffix, value in value_of(kind, options, index + pk).items()}
                status, _body, _ = browser.send("autosave", "POST", f"/q/{token}/save/{pk}/", values, htmx=True)
                acknowledged += 200 <= status < 300
        time.sleep(max(0.0, 3.2 - (time.monotonic() - started)))  # submitting faster looks like a bot
        browser.send("submit form", "GET", f"/q/{token}/submit/")
        status, _body, location = browser.send("submit", "POST", f"/q/{token}/submit/", {HONEYPOT_FIELD: ""})
        submitted = status == 302 and not location.endswith("/submit/")  # back to the form: not submitted
    finally:
        with lock:
            results["acknowledged"] += acknowledged
            results["submitted"] += submitted


def rush(args, data: dict) -> dict:
    from bench.load import Gunicorn, hammer

    if not args.single_ip:
        os.environ["DJANGO_BEHIND_PROXY"] = "true"
        os.environ["DJANGO_PROXY_COUNT"] = "1"
    server = Gunicorn(workers=args.workers, threads=args.threads)
    timings: dict[str, list[float]] = {}
    errors: dict[str, dict[str, int]] = {}
    lock = threading.Lock()
    results = {"acknowledged": 0, "submitted": 0}

    def record(step: str, seconds: float, status: int) -> None:
        with lock:
            timings.setdefault(step, []).append(seconds)
            if not 200 <= status < 400:
                errors.setdefault(step, {}).setdefault(str(status), 0)
                errors[step][str(status)] += 1

    try:
        hammer(server.port, "/healthz", cookie="", users=16, requests_per_user=2)  # every worker up and warm
        load_start = os.getloadavg()
        begin = time.perf_counter()
        threads = [
            threading.Thread(target=respondent, args=(i, data, server.port, args, record, results, lock))
            for i in range(args.respondents)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - begin
        load_end = os.getloadavg()
    finally:
        server.stop()
    return {
        "timings": timings,
        "errors": errors,
        "wall_s": wall,
        "load_start": load_start,
        "load_end": load_end,
        **results,
    }


def verdict(data: dict, outcome: dict) -> dict:
    from django.db import connection

    from diagnostics.models import Answer, Response
    from diagnostics.services.tallies import tallies_check

    connection.close()  # a fresh connection sees what gunicorn's workers committed
    answers = Answer.objects.filter(campaign_id=data["campaign"], has_value=True).count()
    submitted = Response.objects.filter(campaign_id=data["campaign"], submitted_at__isnull=False).count()
    differences = tallies_check(campaign_ids=[data["campaign"]])
    rows = []
    requests = 0
    for step in ("open link form", "open link start", "start", "page", "autosave", "submit form", "submit"):
        values = outcome["timings"].get(step, [])
        requests += len(values)
        rows.append(
            {
                "step": step,
                "requests": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1) if values else None,
                "errors": sum(outcome["errors"].get(step, {}).values()),
                "statuses": outcome["errors"].get(step, {}),
            }
        )
    autosave_p95 = next(r["p95_ms"] for r in rows if r["step"] == "autosave")
    total_errors = sum(r["errors"] for r in rows)
    return {
        "steps": rows,
        "requests": requests,
        "requests_per_second": round(requests / outcome["wall_s"], 1),
        "wall_s": round(outcome["wall_s"], 1),
        "autosaves_acknowledged": outcome["acknowledged"],
        "answers_in_database": answers,
        "submissions_acknowledged": outcome["submitted"],
        "responses_submitted": submitted,
        "tally_differences": len(differences),
        "load_average_start": [round(x, 2) for x in outcome["load_start"]],
        "load_average_end": [round(x, 2) for x in outcome["load_end"]],
        "targets": {
            "autosave_p95_ms": f"{autosave_p95} (≤ {AUTOSAVE_P95_TARGET_MS})",
            "errors": total_errors,
            "answers_match": outcome["acknowledged"] == answers,
            "submissions_match": outcome["submitted"] == submitted,
            "tallies_agree": not differences,
        },
        "met": autosave_p95 <= AUTOSAVE_P95_TARGET_MS
        and total_errors == 0
        and outcome["acknowledged"] == answers
        and outcome["submitted"] == submitted
        and not differences,
    }


def main() -> None:
    args = parse_args()
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    results = []
    for run in range(args.runs):
        if run:
            from django.core.management import call_command
            from django.db import connection

            connection.close()
            where = fresh_database(args.database)
            call_command("migrate", verbosity=0, interactive=False)
        else:
            where = fresh_database(args.database)
            setup_django()
        print(f"\nRun {run + 1} of {args.runs}")
        results.append(one_run(args, where))
    if args.runs > 1:
        summary = summarise(results)
        print(f"\nOver {args.runs} runs (each on a fresh database): {summary}")
        path = emit_json("rush", {"respondents": args.respondents, "think_s": args.think, "runs": results, **summary})
        print(f"JSON: {path}")


def summarise(results: list[dict]) -> dict:
    """Medians of the runs' autosave p95 and requests per second; errors and mismatches summed over all."""
    import statistics

    p95s = [next(r["p95_ms"] for r in result["steps"] if r["step"] == "autosave") for result in results]
    median_p95 = statistics.median(p95s)
    errors = sum(r["errors"] for result in results for r in result["steps"])
    mismatches = sum(
        (result["autosaves_acknowledged"] != result["answers_in_database"])
        + (result["submissions_acknowledged"] != result["responses_submitted"])
        + result["tally_differences"]
        for result in results
    )
    return {
        "autosave_p95_ms_median": median_p95,
        "autosave_p95_ms_runs": p95s,
        "requests_per_second_median": statistics.median(r["requests_per_second"] for r in results),
        "errors": errors,
        "mismatches": mismatches,
        "load_average": f"{results[0]['load_average_start'][0]} → {results[-1]['load_average_end'][0]}",
        "met": median_p95 <= AUTOSAVE_P95_TARGET_MS and errors == 0 and mismatches == 0,
    }


def one_run(args, where: str) -> dict:
    data = build(args)
    print(f"Database: {where}; Redis: {os.environ['REDIS_URL']}")
    print(
        f"{args.respondents} respondents (half through one open link, half through personal links), "
        f"{len(data['questions'])} questions on {data['pages']} pages, {args.think} s per question; "
        f"gunicorn {args.workers}×{args.threads}; "
        + ("all from 127.0.0.1 (no proxy)" if args.single_ip else "one address each, through a trusted proxy hop")
    )
    outcome = rush(args, data)
    result = verdict(data, outcome)
    print(f"Load average at start {result['load_average_start']}, at end {result['load_average_end']}")
    print()
    print_table(result["steps"], ["step", "requests", "p50_ms", "p95_ms", "max_ms", "errors", "statuses"])
    print()
    for key in (
        "requests_per_second",
        "wall_s",
        "autosaves_acknowledged",
        "answers_in_database",
        "submissions_acknowledged",
        "responses_submitted",
        "tally_differences",
    ):
        print(f"{key}: {result[key]}")
    print(f"targets: {result['targets']} → {'met' if result['met'] else 'NOT met'}")
    if args.runs == 1:
        path = emit_json("rush", {"database": where, "respondents": args.respondents, "think_s": args.think, **result})
        print(f"JSON: {path}")
    return result


if __name__ == "__main__":
    main()
