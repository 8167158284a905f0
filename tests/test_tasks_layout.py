"""Queueing goes through one helper, and tasks are named after the service they call."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from smartregion.celery import app as celery_app

ROOT = Path(settings.BASE_DIR)
APPS = (
    "accounts",
    "communes",
    "diagnostics",
    "roadmaps",
    "reports",
    "barometer",
    "privacy",
    "smartregion",
    "projects",
    "mutualisation",
    "procurement",
    "funding",
    "api",
)
QUEUE_HELPER = ROOT / "smartregion" / "tasks.py"
DIRECT_SENDS = ("delay", "apply_async")

# The names tasks had before they were named after their service: still registered for queued messages.
FORMER_NAMES = {
    "accounts.tasks.send_email_change_emails": "accounts.email_change_emails_send",
    "communes.tasks.send_invitation_email": "communes.invitation_email_send",
    "reports.render_report": "reports.report_render",
    "reports.sweep_stale_reports": "reports.reports_sweep_stale",
    "roadmaps.score_roadmap": "roadmaps.roadmap_scores_refresh",
    "roadmaps.rescore_stale_roadmaps": "roadmaps.stale_roadmaps_rescore",
    "diagnostics.send_respondent_email": "diagnostics.respondent_email_send",
    "diagnostics.process_questionnaire_emails": "diagnostics.questionnaire_emails_process_due",
}


def app_modules():
    for app in APPS:
        yield from sorted((ROOT / app).rglob("*.py"))


def direct_sends(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno} .{node.func.attr}("
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DIRECT_SENDS
    ]


def test_only_the_queue_helper_sends_tasks():
    """`.delay(` / `.apply_async(` anywhere else would skip the commit and the broker-down handling."""
    found = [send for path in app_modules() if path != QUEUE_HELPER for send in direct_sends(path)]
    assert found == [], "queue through smartregion.tasks.enqueue_on_commit instead: " + ", ".join(found)


def test_the_check_sees_a_direct_send(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(task):\n    task.delay(1)\n    task.apply_async(args=(1,))\n", encoding="utf-8")
    assert direct_sends(sample, tmp_path) == ["sample.py:2 .delay(", "sample.py:3 .apply_async("]


def project_tasks():
    celery_app.loader.import_default_modules()
    return {
        name: task
        for name, task in celery_app.tasks.items()
        if name.split(".")[0] in APPS and not name.startswith("celery.")
    }


def test_tasks_are_named_after_their_service():
    tasks = project_tasks()
    current = {name: task for name, task in tasks.items() if name not in FORMER_NAMES}
    assert current, "no project task registered"
    for name, task in current.items():
        app, function = name.split(".", 1)
        assert task_function(task).__name__ == function, name
        assert task_function(task).__module__.split(".")[0] == app, name


def task_function(task):
    run = getattr(task, "_orig_run", task.run)  # autoretry_for wraps `run`
    return getattr(run, "__func__", run)  # a bound task's `run` is a method of the task


@pytest.mark.parametrize(("former", "current"), sorted(FORMER_NAMES.items()), ids=sorted(FORMER_NAMES))
def test_former_names_still_run_the_same_function(former, current):
    tasks = project_tasks()
    assert task_function(tasks[former]) is task_function(tasks[current])
    assert (tasks[former].acks_late, tasks[former].max_retries) == (
        tasks[current].acks_late,
        tasks[current].max_retries,
    )


def test_beat_uses_the_current_names():
    tasks = project_tasks()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in tasks and entry["task"] not in FORMER_NAMES, entry
