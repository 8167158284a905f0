#!/usr/bin/env python
"""Fault drill with real processes: a Celery worker killed (kill -9) while it renders a report.

Needs PostgreSQL and Redis on this machine. Uses a database of its own (`smartregion_faults`, dropped
and created again on the server of DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
and Redis database 13 (flushed before and after), with short report limits so that the drill takes a
few minutes:

1. seed the demo, start worker A, ask for a version of Courcelles' report;
2. as soon as the version is running, kill worker A and its pool child with SIGKILL (no chance to
   acknowledge, to mark anything failed or to clean up);
3. start worker B; the job comes back either from Redis (the unacknowledged message is delivered again
   after its visibility timeout) or from the periodic sweep (run here as Celery beat would, once the
   claim is stale);
4. print what happened until the version is done (or failed), with the attempts it took.

It prints what happened and asserts nothing.

    .venv/bin/python bench/faults.py
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, fresh_database, setup_django  # noqa: E402

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


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ.update(LIMITS, REDIS_URL=REDIS, CELERY_TASK_ALWAYS_EAGER="false")
    var_dir = tempfile.mkdtemp(prefix="smartregion-faults-")
    os.environ["SMARTREGION_VAR_DIR"] = var_dir
    where = fresh_database("smartregion_faults")
    setup_django()
    import redis
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from communes.demo import seed_demo
    from communes.models import Commune
    from reports.models import Report, ReportStatus
    from reports.services import report_request, reports_sweep_stale

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


if __name__ == "__main__":
    main()
