"""Chart descriptions for static/js/barometer_charts.js: plain data, passed to the page with json_script.

Each chart names the <canvas> it draws on; the same figures are always in a table next to it, so the
page reads without JavaScript and with a screen reader.
"""

from django.utils.translation import gettext as _

from barometer.kinds import barometer_kind
from barometer.results import CommuneAnswer, Comparison, EditionResults, QuestionResult


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _shorten(label: str, length: int = 48) -> str:
    """A legend entry short enough to fit; the whole question is in the table next to the chart."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def canvas_id(prefix: str, code: str) -> str:
    return f"chart-{prefix}-{code}"


def question_chart(question: QuestionResult, *, distribution: bool = True) -> dict | None:
    """Shares of the responding communes per option, or how many communes gave each value of a scale."""
    if question.suppressed:
        return None
    if question.is_scale and distribution and question.distribution:
        return {
            "canvas": canvas_id("q", question.code),
            "type": "bar",
            "labels": [str(value) for value, _count in question.distribution],
            "datasets": [{"label": _("Communes"), "data": [count for _value, count in question.distribution]}],
            "unit": "count",
        }
    if question.has_shares and question.shares:
        return {
            "canvas": canvas_id("q", question.code),
            "type": "bar",
            "horizontal": True,
            "labels": [share.label for share in question.shares],
            "datasets": [
                {"label": _("% of responding communes"), "data": [_round(share.percent) for share in question.shares]}
            ],
            "unit": "percent",
            "max": 100,
        }
    return None


def results_charts(results: EditionResults, *, distribution: bool = True) -> list[dict]:
    charts = (question_chart(q, distribution=distribution) for q in results.questions)
    return [chart for chart in charts if chart]


def _value_by_year(comparison: Comparison, year: int) -> float | None:
    return _round({p.year: p.value for p in comparison.series[0].points}.get(year))


def _scales_chart(scales: list[Comparison]) -> dict:
    """One line per scale question over the years."""
    years = sorted({year for c in scales for year in c.years})
    return {
        "canvas": "chart-compare-scales",
        "type": "line",
        "labels": [str(year) for year in years],
        "datasets": [{"label": _shorten(c.label), "data": [_value_by_year(c, year) for year in years]} for c in scales],
        "unit": "mean",
        "max": max((c.scale_max or 10) for c in scales),
    }


def _yes_no_chart(yes_no: list[Comparison]) -> dict:
    """The yes/no questions side by side, one bar per year."""
    years = sorted({year for c in yes_no for year in c.years})
    return {
        "canvas": "chart-compare-yes",
        "type": "bar",
        "horizontal": True,
        "labels": [c.label for c in yes_no],
        "datasets": [{"label": str(year), "data": [_value_by_year(c, year) for c in yes_no]} for year in years],
        "unit": "percent",
        "max": 100,
    }


def _choice_chart(comparison: Comparison) -> dict:
    """One choice question: its options side by side, one bar per year."""
    return {
        "canvas": canvas_id("compare", comparison.code),
        "type": "bar",
        "labels": [series.label for series in comparison.series],
        "datasets": [
            {"label": str(year), "data": [_round(series.points[index].value) for series in comparison.series]}
            for index, year in enumerate(comparison.years)
        ],
        "unit": "percent",
        "max": 100,
    }


def comparison_charts(comparisons: list[Comparison]) -> list[dict]:
    """Scales: one line per question over the years. Choices: options side by side, one bar per year."""
    charts = []
    scales = [c for c in comparisons if c.unit == "mean"]
    if scales:
        charts.append(_scales_chart(scales))
    yes_no = [c for c in comparisons if barometer_kind(c.kind).one_share_compared]
    if yes_no:
        charts.append(_yes_no_chart(yes_no))
    choices = [c for c in comparisons if c.unit == "percent" and not barometer_kind(c.kind).one_share_compared]
    charts.extend(_choice_chart(c) for c in choices)
    return charts


def commune_charts(answers: list[CommuneAnswer], commune_name: str) -> list[dict]:
    """For each scale, the commune's value against the territory's mean over the editions."""
    charts = []
    for answer in answers:
        if not barometer_kind(answer.kind).has_scale or not answer.trend:
            continue
        charts.append(
            {
                "canvas": canvas_id("trend", answer.code),
                "type": "line",
                "labels": [str(point.year) for point in answer.trend],
                "datasets": [
                    {"label": commune_name, "data": [_round(point.number) for point in answer.trend]},
                    {"label": _("Territory mean"), "data": [_round(point.territory) for point in answer.trend]},
                ],
                "unit": "mean",
                "max": answer.scale_max or 10,
            }
        )
    return charts
