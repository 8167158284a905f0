#!/usr/bin/env python
"""Fault drills with real processes: a Celery worker killed mid-report, PostgreSQL restarted under load.

Needs PostgreSQL and Redis on this machine. Uses a database of its own (`--database`, default
`smartregion_faults`, dropped and created again on the server of DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/postgres).

    .venv/bin/python bench/faults.py [worker-kill|pg-restart|redis-down|hostile-upload|all] [--database NAME]

## worker-kill: a Celery worker killed (kill -9) while it renders a report

Uses Redis database 13 (flushed before and after), with short report limits so that the drill takes a
few minutes:

1. seed the demo, start worker A, ask for a version of Courcelles' report;
2. as soon as the version is running, kill worker A and its pool child with SIGKILL (no chance to
   acknowledge, to mark anything failed or to clean up);
3. start worker B; the job comes back either from Redis (the unacknowledged message is delivered again
   after its visibility timeout) or from the periodic sweep (run here as Celery beat would, once the
   claim is stale);
4. print what happened until the version is done (or failed), with the attempts it took.

## pg-restart: PostgreSQL restarted under load (issue 8)

Gunicorn on loopback (as bench/run.py starts it) serves a campaign of ten short-text questions;
RESPONDENTS threads fill in fresh responses through the real autosave endpoint (one POST per question,
as htmx sends it), each POST retried after a failure as the page lets the respondent do. A few seconds
in, PostgreSQL is restarted (`pg_ctlcluster --skip-systemctl-redirect 15 main restart`, PG_RESTART to
change it); the respondents carry on for AFTER_RESTART seconds. Then every answer acknowledged with a
2xx is looked up in the database: none may be missing or different. Requests caught by the restart
should fail cleanly (503 with Retry-After, no 500, no dropped connection) and the next ones succeed.

It prints what happened and asserts nothing (exit status 1 when an acknowledged answer is lost).

## redis-down: every queueing POST with Redis unreachable (issue 13)

Gunicorn serves the demo with REDIS_URL on a closed port (redis://127.0.0.1:1/0, eager off), so the
real kombu/redis clients are refused. A referent posts, REPEAT times each, every form that queues a
task (report version, report retry, territory invitation, people invited to a campaign, campaign
invitations, roadmap rescore) and the run times them, next to a floor measured in the same run (GET
/healthz) and the machine's load (os.getloadavg). Each POST must answer (no 500) well under 2 s with
the "try again in a moment" message; exit status 1 otherwise.
"""

import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fresh_database, percentile, setup_django  # noqa: E402

REDIS = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/13")
LIMITS = {
    "CELERY_TASK_SOFT_TIME_LIMIT": "100",
    "CELERY_TASK_TIME_LIMIT": "110",
    "REPORT_SOFT_TIME_LIMIT": "100",
    "REPORT_TIME_LIMIT": "110",
    "REPORT_STALE_AFTER_SECONDS": "120",
}
GIVE_UP_AFTER = 600


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {message}", flush=True)


def start_worker(name: str, logs: Path) -> subprocess.Popen:
    """A worker in its own session, so that it and its pool child can be killed together."""
    handle = (logs / f"{name}.log").open("w")
    return subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
        [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "smartregion",
            "worker",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@faults",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def worker_kill(database: str) -> None:
    os.environ.update(LIMITS, REDIS_URL=REDIS, CELERY_TASK_ALWAYS_EAGER="false")
    var_dir = tempfile.mkdtemp(prefix="smartregion-faults-")
    os.environ["SMARTREGION_VAR_DIR"] = var_dir
    where = fresh_database(database)
    setup_django()
    import redis
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from communes.models import Commune
    from reports.models import Report, ReportStatus
    from reports.services import report_request, reports_sweep_stale
    from smartregion.demo import seed_demo

    broker = redis.Redis.from_url(REDIS)
    broker.flushdb()
    logs = Path(var_dir)
    print(f"Database: {where}; Redis: {REDIS}; worker logs and media under {var_dir}")
    print(", ".join(f"{key}={value}" for key, value in LIMITS.items()))
    seed_demo()
    commune = Commune.objects.get(slug="courcelles")
    referent = get_user_model().objects.get(username="referent")
    started = time.monotonic()

    worker_a = start_worker("worker-a", logs)
    log(f"worker A started (pid {worker_a.pid})", started)
    report = report_request(commune=commune, actor=referent, language="fr")
    log(f"version {report.number} requested (report {report.pk}), queued: {report.queued.ok}", started)
    while Report.objects.get(pk=report.pk).status != ReportStatus.RUNNING:
        if time.monotonic() - started > 120:
            raise SystemExit("worker A never started the rendering")
        time.sleep(0.2)
    time.sleep(1.5)  # well inside WeasyPrint by now
    running = Report.objects.get(pk=report.pk)
    os.killpg(worker_a.pid, signal.SIGKILL)
    worker_a.wait()
    log(
        f"worker A killed with SIGKILL mid-render: status={running.status}, attempts={running.attempts}, "
        f"claimed_by={running.claimed_by[:8]}…",
        started,
    )

    worker_b = start_worker("worker-b", logs)
    log(f"worker B started (pid {worker_b.pid})", started)
    stale_after = int(LIMITS["REPORT_STALE_AFTER_SECONDS"])
    swept = False
    last = None
    try:
        while time.monotonic() - started < GIVE_UP_AFTER:
            current = Report.objects.get(pk=report.pk)
            state = (current.status, current.attempts, current.claimed_by)
            if state != last:
                log(f"status={current.status}, attempts={current.attempts}, claim={current.claimed_by[:8]}…", started)
                last = state
            if current.is_finished:
                break
            claim_age = (timezone.now() - current.claimed_at).total_seconds() if current.claimed_at else 0
            if not swept and current.status == ReportStatus.RUNNING and claim_age > stale_after + 2:
                result = reports_sweep_stale()
                swept = True
                log(f"periodic sweep (as beat runs it): {result}", started)
            time.sleep(1)
    finally:
        os.killpg(worker_b.pid, signal.SIGTERM)
        worker_b.wait(timeout=30)
        broker.flushdb()
    final = Report.objects.get(pk=report.pk)
    log(
        f"final: status={final.status}, attempts={final.attempts}, pages={final.page_count}, "
        f"pdf={'present' if final.pdf and final.pdf.storage.exists(final.pdf.name) else 'missing'}, "
        f"reason={final.failure_reason or '—'}",
        started,
    )
    print("Completed after the kill." if final.status == ReportStatus.DONE else "NOT completed.")


PG_RESTART = os.environ.get("PG_RESTART", "pg_ctlcluster --skip-systemctl-redirect 15 main restart")
RESPONDENTS = 16  # concurrent respondents
QUESTIONS = 10
BEFORE_RESTART = 5  # seconds of load before the restart
AFTER_RESTART = 15  # seconds of load after it
RETRY_PAUSE = 0.25  # a respondent saves again this long after a failure


def _survey(count: int):
    """A campaign open today with QUESTIONS short-text questions and `count` fresh responses:
    (tokens by response id, question ids)."""
    from datetime import timedelta

    from django.utils import timezone

    from bench.dataset import _communes, _user
    from communes.models import Membership, Role, Territory
    from diagnostics.models import Response
    from diagnostics.services import builder, campaigns
    from diagnostics.tokens import RESPONSE, new_token

    territory = Territory.objects.create(name="Faults", intercommunale="FAULTS", slug="faults")
    (commune,) = _communes(territory, 1, "faults")
    referent = _user("faults-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    questionnaire = builder.questionnaire_create(commune=commune, actor=referent, title_fr="Exercice")
    section = questionnaire.sections.get()
    questions = [
        builder.question_create(
            section=section, actor=referent, fields={"type": "short_text", "text_fr": f"Question {n + 1}"}, pillars=[]
        ).pk
        for n in range(QUESTIONS)
    ]
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=referent,
        title="Exercice",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    groups = list(campaign.groups.all())
    tokens, responses = [], []
    for index in range(count):
        nonce, token, token_hash = new_token(purpose=RESPONSE)
        tokens.append(token)
        responses.append(
            Response(campaign=campaign, group=groups[index % len(groups)], token_nonce=nonce, token_hash=token_hash)
        )
    created = Response.objects.bulk_create(responses)
    return {r.pk: t for r, t in zip(created, tokens, strict=True)}, questions


def _csrf(port: int, token: str) -> tuple[str, str]:
    """(Cookie header, CSRF token) from a respondent's page, as the browser gets them."""
    from bench.load import _cookie_header, _cookies, request

    status, body, headers = request(port, "GET", f"/q/{token}/page/1/")
    if status != 200:
        raise RuntimeError(f"the respondent's page answered {status}")
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body) or re.search(
        rb'<meta name="csrf-token" content="([^"]+)"', body
    )
    if not found:
        raise RuntimeError("no CSRF token on the respondent's page")
    return _cookie_header(_cookies(headers)), found.group(1).decode()


def pg_restart(database: str) -> int:
    """The drill; returns the exit status (1 when an acknowledged answer is lost)."""
    from bench.load import Gunicorn

    os.environ.setdefault("REDIS_URL", REDIS)
    where = fresh_database(database)
    setup_django()
    tokens, questions = _survey(4000)
    pending = list(tokens.items())
    pending.reverse()
    server = Gunicorn()
    try:
        return _pg_restart_load(server, where, pending, questions)
    finally:
        server.stop()


def _pg_restart_load(server, where: str, pending: list, questions: list[int]) -> int:
    import http.client

    from bench.load import hammer

    print(f"Database: {where}; gunicorn on 127.0.0.1:{server.port}, 4 workers × 4 threads")
    print(f"{RESPONDENTS} respondents autosaving {QUESTIONS} short answers each; restart: {PG_RESTART}")
    cookie, csrf = _csrf(server.port, pending[-1][1])
    hammer(server.port, "/healthz", cookie="", users=16, requests_per_user=2)  # every worker up and warm
    attempts: list[tuple] = []  # (start, end, response id, question id, value, status, Retry-After)
    lock, stop = threading.Lock(), threading.Event()
    started = time.monotonic()

    def save(token: str, question: int, value: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        body = urlencode({f"q{question}": value, "csrfmiddlewaretoken": csrf})
        try:
            connection.request(
                "POST",
                f"/q/{token}/save/{question}/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "X-CSRFToken": csrf,
                    "HX-Request": "true",
                },
            )
            reply = connection.getresponse()
            reply.read()
            return reply.status, reply.getheader("Retry-After") or ""
        except OSError:
            return 0, ""  # no answer: refused, reset or timed out
        finally:
            connection.close()

    def respondent() -> None:
        while not stop.is_set():
            with lock:
                if not pending:
                    return
                response_id, token = pending.pop()
            for question in questions:
                value = f"réponse {response_id}-{question}"
                while not stop.is_set():
                    begin = time.monotonic() - started
                    status, retry_after = save(token, question, value)
                    with lock:
                        attempts.append(
                            (begin, time.monotonic() - started, response_id, question, value, status, retry_after)
                        )
                    if 200 <= status < 300:
                        break
                    time.sleep(RETRY_PAUSE)
                else:
                    return

    threads = [threading.Thread(target=respondent) for _ in range(RESPONDENTS)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(BEFORE_RESTART)
        restart_begin = time.monotonic() - started
        restart = subprocess.run(shlex.split(PG_RESTART), capture_output=True, text=True)  # noqa: S603
        restart_end = time.monotonic() - started
        print(
            f"[{restart_begin:6.1f} s] PostgreSQL restart started; done at {restart_end:.1f} s "
            f"(exit {restart.returncode}{': ' + restart.stderr.strip() if restart.returncode else ''})",
            flush=True,
        )
        time.sleep(AFTER_RESTART)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return _pg_restart_verdict(attempts, restart_begin, restart_end)


def _pg_restart_verdict(attempts: list[tuple], restart_begin: float, restart_end: float) -> int:
    from django.db import connection

    from diagnostics.models import Answer

    connection.close()  # the restart closed it
    statuses: dict[int, int] = {}
    for attempt in attempts:
        statuses[attempt[5]] = statuses.get(attempt[5], 0) + 1
    print(f"{len(attempts)} saves: " + ", ".join(f"{n} × {s or 'no answer'}" for s, n in sorted(statuses.items())))
    failed = [a for a in attempts if not 200 <= a[5] < 300]
    if failed:
        print(
            f"failures between {min(a[0] for a in failed):.1f} s and {max(a[1] for a in failed):.1f} s "
            f"(restart {restart_begin:.1f}–{restart_end:.1f} s); Retry-After on 503: "
            f"{sorted({a[6] for a in failed if a[5] == 503}) or '—'}"
        )
    unclean = [a for a in failed if a[5] != 503]
    print(
        f"unclean failures (not 503): {len(unclean)}"
        + (f", statuses {sorted({a[5] for a in unclean})}" if unclean else "")
    )
    print("per second (2xx / failed):")
    buckets: dict[int, list[int]] = {}
    for attempt in attempts:
        bucket = buckets.setdefault(int(attempt[0]), [0, 0])
        bucket[0 if 200 <= attempt[5] < 300 else 1] += 1
    print("  " + "  ".join(f"{second}s:{ok}/{ko}" for second, (ok, ko) in sorted(buckets.items())))
    after = [a for a in attempts if a[0] >= restart_end]
    first_ok = next((a for a in sorted(after) if 200 <= a[5] < 300), None)
    failing_after = [a for a in after if not 200 <= a[5] < 300]
    print(
        f"after the restart: first 2xx {first_ok[1] - restart_end:.2f} s after it ended; "
        f"{len(failing_after)} failed of {len(after)} started after it"
        if first_ok
        else "after the restart: NO successful save"
    )
    ok = [a for a in attempts if 200 <= a[5] < 300]
    latencies = [a[1] - a[0] for a in ok]
    print(
        f"latency of the 2xx saves: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    acknowledged = {(a[2], a[3]): a[4] for a in ok}
    stored = {
        (r, q): text
        for r, q, text in Answer.objects.filter(
            response_id__in={key[0] for key in acknowledged}, has_value=True
        ).values_list("response_id", "question_id", "text_value")
    }
    lost = [key for key, value in acknowledged.items() if stored.get(key) != value]
    unacknowledged = [key for key in stored if key not in acknowledged]
    retried = {(a[2], a[3]) for a in failed} & set(acknowledged)
    print(
        f"answers acknowledged with 2xx: {len(acknowledged)}; stored: {len(stored)}; "
        f"LOST: {len(lost)}; stored without an acknowledgement (committed, answer lost in flight): "
        f"{len(unacknowledged)}; failed first then saved on a retry: {len(retried)}"
    )
    if lost:
        print(f"lost, e.g.: {lost[:5]}")
    clean = not lost and not unclean and first_ok is not None
    print("No acknowledged answer lost; failures clean." if clean else "PROBLEM: see above.")
    return 1 if lost else 0


REDIS_DOWN_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
REPEAT = 5


def _form_post(port: int, cookies: dict, form_path: str, post_path: str, data: dict) -> tuple[int, float, bytes]:
    """GET the page holding the form (for its CSRF token), then time the POST: (status, seconds, body)."""
    from bench.load import _cookie_header, _cookies, request

    _status, body, headers = request(port, "GET", form_path, headers={"Cookie": _cookie_header(cookies)})
    cookies.update(_cookies(headers))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
    started = time.monotonic()
    status, body, headers = request(
        port,
        "POST",
        post_path,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
            "Referer": f"http://127.0.0.1:{port}{form_path}",
        },
    )
    elapsed = time.monotonic() - started
    cookies.update(_cookies(headers))
    return status, elapsed, body


def redis_down(database: str) -> int:
    """The drill; returns the exit status (1 when a queueing POST fails or takes 2 s or more)."""
    os.environ.update(REDIS_URL=REDIS_DOWN_URL, CELERY_TASK_ALWAYS_EAGER="false")
    where = fresh_database(database)
    setup_django()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from bench.load import Gunicorn, _cookies, login, request
    from communes.demo import DEMO_PASSWORD
    from communes.models import Commune
    from diagnostics.services import builder, campaigns
    from reports.models import Report, ReportStatus
    from smartregion.demo import seed_demo

    territory = seed_demo()
    commune = Commune.objects.get(slug="courcelles")
    referent = get_user_model().objects.get(username="referent")
    questionnaire = builder.questionnaire_create(commune=commune, actor=referent, title_fr="Exercice")
    builder.question_create(
        section=questionnaire.sections.get(), actor=referent, fields={"type": "short_text", "text_fr": "Q"}, pillars=[]
    )
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=referent,
        title="Exercice",
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    group = campaign.groups.first()
    campaigns.respondents_add(
        campaign=campaign, group=group, actor=referent, people=[("Anne", "anne@example.org")], send=False
    )
    failed = Report.objects.create(commune=commune, number=1, language="fr", status=ReportStatus.FAILED)

    slug, pk = commune.slug, campaign.pk
    detail = reverse("diagnostics:campaign-detail", args=[slug, pk])
    actions = [
        ("report version", reverse("reports:report-create", args=[slug]), None, lambda n: {"language": "fr"}),
        (
            "report retry",
            reverse("reports:report-detail", args=[slug, failed.pk]),
            reverse("reports:report-retry", args=[slug, failed.pk]),
            lambda n: {},
        ),
        (
            "territory invitation",
            reverse("communes:invitation-create", args=[territory.slug]),
            None,
            lambda n: {"email": f"new{n}@example.org", "role": "staff", "commune": slug},
        ),
        (
            "campaign: people added",
            reverse("diagnostics:respondent-create", args=[slug, pk]),
            None,
            lambda n: {"group": group.pk, "people": f"p{n}@example.org", "language": "fr", "send": "on"},
        ),
        ("campaign invitations", detail, reverse("diagnostics:invitations-send", args=[slug, pk]), lambda n: {}),
        (
            "roadmap rescore",
            reverse("roadmaps:roadmap-detail", args=[slug]),
            reverse("roadmaps:roadmap-rescore", args=[slug]),
            lambda n: {},
        ),
    ]
    print(f"Database: {where}; Redis: {REDIS_DOWN_URL} (closed port); {REPEAT} POSTs per action", flush=True)
    server = Gunicorn(workers=2, threads=2)
    status = 0
    try:
        cookies = _cookies([("Set-Cookie", part) for part in login(server.port, "referent", DEMO_PASSWORD).split("; ")])
        floor = []
        for _ in range(REPEAT * 2):
            started = time.monotonic()
            request(server.port, "GET", "/healthz")
            floor.append(time.monotonic() - started)
        print(f"load average (1, 5, 15 min): {os.getloadavg()}; cores: {os.cpu_count()}")
        print(f"floor (GET /healthz): p50 {percentile(floor, 50) * 1000:.0f} ms, max {max(floor) * 1000:.0f} ms")
        print(f"{'action':<24} {'statuses':<14} {'p50 ms':>7} {'max ms':>7}  message")
        for name, form_path, post_path, data in actions:
            statuses, times, told = [], [], 0
            for n in range(REPEAT):
                code, elapsed, body = _form_post(server.port, cookies, form_path, post_path or form_path, data(n))
                if code == 302:  # the message waits on the next page
                    _c, body, _h = request(server.port, "GET", form_path, headers={"Cookie": _cookie_str(cookies)})
                statuses.append(code)
                times.append(elapsed)
                told += b"injoignable" in body or b"cannot be reached" in body
            bad = any(code >= 500 and code != 503 for code in statuses) or max(times) >= 2 or told < REPEAT
            status |= bad
            codes = ",".join(sorted({str(c) for c in statuses}))
            print(
                f"{name:<24} {codes:<14} {percentile(times, 50) * 1000:7.0f} {max(times) * 1000:7.0f}  "
                f"{told}/{REPEAT}{'  FAIL' if bad else ''}",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()}")
    finally:
        server.stop()
    return status


def _cookie_str(cookies: dict) -> str:
    from bench.load import _cookie_header

    return _cookie_header(cookies)


def hostile_upload(database: str) -> int:
    """hostile-upload: 10 crafted workbooks (tests/hostile_xlsx.py) sent in parallel to the XLSX imports of
    gunicorn started as docker-compose does (3 sync workers) while /healthz is polled; prints the quiet
    floor and the p95 of /healthz under the uploads (target < 200 ms) with the load average."""
    import uuid

    from bench.load import Gunicorn, login, request

    where = fresh_database(database)
    setup_django()
    from django.urls import reverse

    from barometer.models import Edition
    from communes.demo import DEMO_PASSWORD
    from smartregion.demo import seed_demo
    from tests import hostile_xlsx

    seed_demo()
    targets = [reverse("diagnostics:pst-import", args=["courcelles"])]
    editions = Edition.objects.values_list("pk", flat=True)[:1]
    targets += [reverse("barometer:import-upload", args=[pk]) for pk in editions]
    workbooks = [(name, build()) for name, build in hostile_xlsx.ALL.items()]
    workbooks = (workbooks * 2)[:10]
    server = Gunicorn(workers=3, threads=1)
    try:
        cookie = login(server.port, "referent", DEMO_PASSWORD)
        print(f"Database: {where}; gunicorn on 127.0.0.1:{server.port}, 3 sync workers; targets {targets}")

        def poll(seconds: float) -> list[float]:
            latencies, end = [], time.monotonic() + seconds
            while time.monotonic() < end:
                start = time.perf_counter()
                request(server.port, "GET", "/healthz")
                latencies.append(time.perf_counter() - start)
                time.sleep(0.05)
            return latencies

        quiet = poll(5)
        results: list[tuple[str, int, float]] = []

        def send(index: int, name: str, data: bytes) -> None:
            path = targets[index % len(targets)]
            _status, body, _h = request(server.port, "GET", path, headers={"Cookie": cookie})
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
            boundary = uuid.uuid4().hex
            payload = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}.xlsx"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                ).encode()
                + data
                + f"\r\n--{boundary}--\r\n".encode()
            )
            start = time.perf_counter()
            status, _b, _h = request(
                server.port,
                "POST",
                path,
                body=payload,
                headers={
                    "Cookie": cookie,
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "HX-Request": "true",
                },
            )
            results.append((name, status, time.perf_counter() - start))

        threads = [threading.Thread(target=send, args=(i, n, d)) for i, (n, d) in enumerate(workbooks)]
        for thread in threads:
            thread.start()
        loaded = poll(3)
        for thread in threads:
            thread.join()
        load = os.getloadavg()
        for name, status, seconds in results:
            print(f"  {name:22} {status} {seconds * 1000:7.0f} ms")
        floor, p95 = percentile(quiet, 95) * 1000, percentile(loaded, 95) * 1000
        print(f"/healthz p95 quiet {floor:.0f} ms, under hostile uploads {p95:.0f} ms (target < 200 ms)")
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        refused = all(status == 422 for _n, status, _s in results)
        return 0 if refused and p95 < 200 else 1
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "drill",
        nargs="?",
        choices=["worker-kill", "pg-restart", "redis-down", "hostile-upload", "all"],
        default="all",
    )
    parser.add_argument("--database", default="smartregion_faults", help="PostgreSQL database to (re)create")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url = os.environ["DATABASE_URL"]
    status = 0
    if args.drill == "redis-down":
        print("== Redis unreachable: every queueing POST ==", flush=True)
        sys.exit(redis_down(args.database))
    if args.drill == "hostile-upload":
        sys.exit(hostile_upload(args.database))
    if args.drill in ("pg-restart", "all"):
        print("== PostgreSQL restarted under load ==", flush=True)
        status = pg_restart(args.database)
    if args.drill in ("worker-kill", "all"):
        if args.drill == "all":
            from django.db import connection

            connection.close()
            os.environ["DATABASE_URL"] = admin_url
            print("\n== Celery worker killed mid-render ==", flush=True)
        worker_kill(args.database)
    sys.exit(status)


if __name__ == "__main__":
    main()
