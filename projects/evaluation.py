"""The evaluation report of a project: its plain data (kept as the version's snapshot) and its PDF, drawn
with the final report's renderer, fonts and print stylesheet (reports/rendering.py, reports/fetcher.py)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from projects.charts import budget_chart_svg, indicator_chart_svg
from projects.models import Project
from projects.selectors import actual_roi, project_page
from reports.fetcher import ReportURLFetcher
from reports.rendering import html_to_pdf

TEMPLATE = "projects/evaluation/pdf.html"


def _text(value) -> str:
    return "" if value is None else str(value)


def _indicator(indicator) -> dict:
    points = [(m.measured_on, m.value) for m in indicator.measures]
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": _text(indicator.baseline),
        "target": _text(indicator.target),
        "target_date": _text(indicator.target_date),
        "latest": _text(indicator.latest_value),
        "latest_on": _text(indicator.latest_on),
        "distance": _text(indicator.distance),
        "status": indicator.status,
        "status_label": str(indicator.status_label),
        "count": len(points),
        "chart": indicator_chart_svg(
            name=indicator.name,
            unit=indicator.unit,
            points=points,
            target=indicator.target,
            target_date=indicator.target_date,
            baseline=indicator.baseline,
        ),
    }


def _budget(project, budget) -> dict:
    roi = actual_roi(project, budget)
    return {
        "planned_investment": _text(budget.planned_investment),
        "planned_running_cost": _text(budget.planned_running_cost),
        "committed_investment": _text(budget.committed_investment),
        "spent_investment": _text(budget.spent_investment),
        "committed_running": _text(budget.committed_running),
        "spent_running": _text(budget.spent_running),
        "chart": budget_chart_svg(budget),
        "roi": None
        if roi is None
        else {
            "years": roi.years,
            "net_value": _text(roi.net_value),
            "payback_years": _text(roi.payback_years),
        },
    }


def _phases(page) -> list[dict]:
    phases = []
    for step in page.steps:
        closure = page.closures.get(step["phase"])
        items = page.checklist.get(step["phase"], [])
        phases.append(
            {
                "label": str(step["label"]),
                "state": step["state"],
                "closed_on": _text(closure.closed_at.date()) if closure else "",
                "reason": closure.reason if closure else "",
                "items": [{"text": i.text, "done": i.done, "answer": i.answer} for i in items],
            }
        )
    return phases


def evaluation_context(project: Project, language: str, *, version: int | None = None) -> dict:
    """The report's data as plain values (strings for amounts and dates), in `language`."""
    with translation.override(language):
        page = project_page(project)
        commune = project.commune
        return {
            "language": language,
            "version": version,
            "generated_on": _text(timezone.localdate()),
            "territory": {"name": commune.territory.name, "intercommunale": commune.territory.intercommunale},
            "commune": {"name": commune.name},
            "project": {
                "title": project.title,
                "phase": project.get_phase_display(),
                "summary": project.summary,
                "objectives": project.objectives,
                "results": project.results,
                "lessons_learned": project.lessons_learned,
                "sustainability": project.sustainability,
                "checklist_source": project.checklist_source_label,
            },
            "phases": _phases(page),
            "indicators": [_indicator(i) for i in page.indicators],
            "budget": _budget(project, page.budget),
            "decisions": [{"date": _text(d["held_on"]), "text": d["text"]} for d in page.decisions],
            "milestones": [
                {"title": m.title, "due": _text(m.due_date), "done": _text(m.completed_on)} for m in page.milestones
            ],
        }


def evaluation_html(doc: dict) -> str:
    with translation.override(doc["language"]):
        return render_to_string(TEMPLATE, {"doc": doc})


def render_evaluation(doc: dict) -> tuple[bytes, int]:
    """The PDF and its page count; the fetcher reads the static files (fonts, stylesheet) and nothing else."""
    return html_to_pdf(evaluation_html(doc), fetcher=ReportURLFetcher(media_names=[]))
