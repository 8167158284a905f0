"""Exports of questionnaire campaigns to CSV and XLSX.

Aggregated results come from `selectors.results.campaign_results` (already aggregated in the
database); raw answers are read with one query per table and shaped with pandas. Figures are not
rounded. Cells that a spreadsheet would take for a formula are neutralised.
"""

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from diagnostics.models import Answer, AnswerChoice, Campaign, GroupKind, Response
from diagnostics.privacy import WITHHELD
from diagnostics.selectors.responses import questionnaire_structure
from diagnostics.selectors.results import CampaignResults, Stats
from smartregion.questions.values import AnswerValue, ranking_of
from smartregion.spreadsheets import sheet_title

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    """Text starting like a formula gets a leading apostrophe, so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(safe_cell)
    frame.columns = [safe_cell(str(c)) for c in frame.columns]
    return frame


# Aggregated results ------------------------------------------------------------------------------


def participation_frame(results: CampaignResults) -> pd.DataFrame:
    rows = [
        {
            _("Group"): g.name or _("Everybody"),
            _("Invited by name"): g.invited,
            _("Started"): g.started,
            _("Submitted"): g.submitted,
            _("Submitted through open links"): g.through_open_links,
            _("Response rate (named)"): g.response_rate,
            _("Submitted by name"): g.submitted_named,
        }
        for g in [*results.groups, results.total]
    ]
    return pd.DataFrame(rows)


def pillars_frame(results: CampaignResults) -> pd.DataFrame:
    rows = []
    for pillar in results.pillars:
        row = {
            _("Pillar"): pillar.label,
            _("Score (0–100)"): pillar.score,
            _("Questions"): pillar.questions,
            _("Answers"): pillar.answers,
        }
        for group in results.groups:
            row[group.name] = str(WITHHELD) if group.withheld else pillar.by_group.get(group.id)
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ResultLine:
    """One line of the aggregated results: a question, a group (None: everybody), an item and its figures."""

    question: object
    group_id: int | None
    group_name: str
    item: str
    stats: Stats
    count: int | None = None
    share: float | None = None


def result_lines(results: CampaignResults) -> list[ResultLine]:
    """Every question × respondent group (or everybody) × answer option, value or statement, with its figures;
    a withheld group gives one line without figures. The CSV/XLSX export and the API both read these."""
    groups = [(None, _("Everybody")), *[(g.id, g.name) for g in results.groups]]
    withheld = {g.id for g in results.groups if g.withheld}
    lines = []
    for question in results.questions:
        for group_id, group_name in groups:
            if group_id in withheld:
                lines.append(ResultLine(question, group_id, group_name, str(WITHHELD), Stats()))
                continue
            rows_stats = {row.row_id: stats for row, stats in question.rows_for(group_id)}
            for cell in question.kind.result_cells(question.facts, question.stats_for(group_id), rows_stats):
                lines.append(ResultLine(question, group_id, group_name, cell.item, cell.stats, cell.count, cell.share))
    return lines


def questions_frame(results: CampaignResults) -> pd.DataFrame:
    """One row per question, respondent group (or everybody) and answer option, value or statement."""
    rows = [
        {
            _("Code"): line.question.code,
            _("Question"): line.question.text,
            _("Type"): line.question.type_label,
            _("Group"): line.group_name,
            _("Answer or statement"): line.item,
            _("Answered"): line.stats.answered,
            _("Count"): line.count,
            _("Share"): line.share,
            _("Mean"): line.stats.mean,
            _("Median"): line.stats.median,
            _("Minimum"): line.stats.minimum,
            _("Maximum"): line.stats.maximum,
        }
        for line in result_lines(results)
    ]
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame[_("Count")] = frame[_("Count")].astype("Int64")
    return frame


def results_csv(results: CampaignResults) -> bytes:
    """Questions table, then the pillars and participation tables, in one CSV (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for title, frame in [
        (_("Questions"), questions_frame(results)),
        (_("Pillars"), pillars_frame(results)),
        (_("Participation"), participation_frame(results)),
    ]:
        frame = _safe_frame(frame)
        writer.writerow([title])
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow(["" if pd.isna(v) else v for v in row])
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def results_xlsx(results: CampaignResults) -> bytes:
    return _xlsx(
        [
            (_("Questions"), questions_frame(results)),
            (_("Pillars"), pillars_frame(results)),
            (_("Participation"), participation_frame(results)),
        ]
    )


def _xlsx(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in sheets:
            name = sheet_title(title, taken=writer.sheets)
            _safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
                sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    return buffer.getvalue()


# Raw answers -------------------------------------------------------------------------------------


def _raw_columns(questions) -> dict[tuple[int, int | None], str]:
    columns = {}
    for question in questions:
        if question.kind.has_rows:
            for row in question.rows.all():
                columns[(question.pk, row.pk)] = f"{question.code}.{row.position} {row.text}"
        else:
            columns[(question.pk, None)] = f"{question.code} {question.text}"
    return columns


def _raw_cells(answers, questions, columns) -> list[dict]:
    """One cell per answer, written by the question's kind (options in their order, rankings, dates…)."""
    values = list(
        answers.order_by().values_list(
            "pk", "response_id", "question_id", "row_id", "number_value", "text_value", "other_text", "choice_key"
        )
    )
    chosen = defaultdict(set)
    for answer_id, option_id in AnswerChoice.objects.filter(answer__in=answers).values_list("answer_id", "option_id"):
        chosen[answer_id].add(option_id)
    by_id = {q.pk: q for q in questions}
    labels = {q.pk: {o.pk: o.label for o in q.options.all()} for q in questions}
    cells = []
    for answer_id, response_id, question_id, row_id, number, text, other, choice_key in values:
        value = AnswerValue(
            option_ids=frozenset(chosen.get(answer_id, ())),
            number=number,
            text=text,
            other_text=other,
            ranking=ranking_of(choice_key),
        )
        cell = by_id[question_id].kind.raw_cell(value, labels[question_id]) if question_id in by_id else None
        cells.append({"response": response_id, "column": columns.get((question_id, row_id)), "value": cell})
    return cells


def raw_answers_frame(campaign: Campaign, *, include_partial: bool = False) -> pd.DataFrame:
    """One row per response, one column per question (one per statement for grids).

    No names, e-mails nor submission times, and the rows in a random order: a row cannot be matched
    with who was invited or answered when.
    """
    _sections, questions = questionnaire_structure(campaign.questionnaire_id)
    responses = Response.objects.filter(campaign=campaign, started_at__isnull=False).order_by("pk")
    if not include_partial:
        responses = responses.filter(submitted_at__isnull=False)
    response_rows = list(responses.values_list("pk", "group__kind", "group__name"))
    random.SystemRandom().shuffle(response_rows)
    answers = Answer.objects.filter(response__in=responses, has_value=True, applicable=True)
    columns = _raw_columns(questions)
    cells = _raw_cells(answers, questions, columns)
    kinds = dict(GroupKind.choices)
    index = pd.DataFrame(
        [
            {
                "response": pk,
                _("Response"): number,
                _("Group"): name or str(kinds.get(kind, kind)),
            }
            for number, (pk, kind, name) in enumerate(response_rows, start=1)
        ],
        columns=["response", _("Response"), _("Group")],
    )
    if cells:
        wide = pd.DataFrame(cells).dropna(subset=["column"]).pivot(index="response", columns="column", values="value")
    else:
        wide = pd.DataFrame(index=pd.Index([], name="response"))
    wide = wide.reindex(columns=list(columns.values()))
    return index.merge(wide, left_on="response", right_index=True, how="left").drop(columns=["response"])


def raw_answers_csv(campaign: Campaign, *, include_partial: bool = False) -> bytes:
    frame = _safe_frame(raw_answers_frame(campaign, include_partial=include_partial))
    return ("\ufeff" + frame.to_csv(index=False, sep=";")).encode("utf-8")


def raw_answers_xlsx(campaign: Campaign, *, include_partial: bool = False) -> bytes:
    return _xlsx([(_("Answers"), raw_answers_frame(campaign, include_partial=include_partial))])
