"""Results of campaigns: the results page with its charts, all free-text answers, exports, territory scores."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communes.access import commune_rights, get_territory_for_user
from communes.models import Pillar
from diagnostics import charts, exports, privacy
from diagnostics.access.questionnaires import get_campaign_for_user
from diagnostics.capabilities import EXPORT_RAW_ANSWERS, READ_RESULTS, READ_TERRITORY_SCORES
from diagnostics.forms.campaigns import ResultsFilterForm
from diagnostics.selectors import results as selectors
from smartregion.pagecache import kept_page

TEXTS_PER_PAGE = 100
DETAILS_PARAMETER = "details"


def _filters(request, results):
    form = ResultsFilterForm(request.GET or None, groups=results.groups)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data.get("group")
    return form, None


def _chart_data(results, group_id) -> dict:
    """Data of every chart of the page, for static/js/questionnaire-results.js (Chart.js); each kind draws
    its own (`smartregion.questions.kinds`)."""
    bars = []
    for question in results.questions:
        rows = {row.row_id: stats for row, stats in question.rows_for(group_id)}
        chart = question.kind.chart(question.facts, question.stats_for(group_id), rows)
        if chart is not None:
            bars.append({"id": f"chart-q{question.id}", **chart})
    radar = results.radar(group_id)
    datasets = [
        {"label": _("Everybody") if group_id is None else results.group(group_id).name, "values": radar["values"]}
    ]
    if group_id is None:
        datasets += [{"label": g.name, "values": results.radar(g.id)["values"]} for g in _shown_groups(results)]
    return {"bars": bars, "radar": {"labels": radar["labels"], "datasets": datasets, "max": 100}}


def _shown_groups(results) -> list:
    """Groups whose figures are shown side by side: with answers, and not withheld (diagnostics.privacy)."""
    return [g for g in results.groups if g.counted and not g.withheld]


def _pillar_rows(results, group_id) -> list[dict]:
    groups = _shown_groups(results)
    return [
        {
            "pillar": p,
            "value": p.score if group_id is None else p.by_group.get(group_id),
            "by_group": [p.by_group.get(g.id) for g in groups],
        }
        for p in results.pillars
    ]


def _question_blocks(results, group_id, *, details: int | None = None) -> list[dict]:
    """Each question with the figures of the chosen respondents.

    The figures of every group side by side are built only for the question whose details were asked
    for (`details`); the page loads the others' on demand.
    """
    groups = _shown_groups(results)
    blocks = []
    for question in results.questions:
        stats = question.stats_for(group_id)
        block = {
            "result": question,
            "stats": stats,
            "rows": question.rows_for(group_id),
            "texts": question.texts_for(group_id),
        }
        if group_id is None and question.id == details:
            block.update(_group_figures(question, groups))
        blocks.append(block)
    return blocks


def _group_figures(question, groups) -> dict:
    """A question's figures per group side by side: counts and means, and its kind's matrix (choice shares,
    grid means, mean ranks)."""
    figures = {
        "by_group": [(g.name, question.by_group.get(g.id)) for g in groups],
        "matrix": question.kind.group_matrix(
            question.facts,
            [(question.by_group[g.id], {row.row_id: s for row, s in question.rows_for(g.id)}) for g in groups],
        ),
    }
    return figures


def _details_of(request) -> int | None:
    """The question whose figures per group were asked for (`?details=<question id>`), if any."""
    value = request.GET.get(DETAILS_PARAMETER, "")
    return int(value) if value.isdigit() else None


def _details_query(request) -> str:
    """The page's query string without `details`, ready for `details=<id>` to be appended."""
    query = request.GET.copy()
    query.pop(DETAILS_PARAMETER, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@login_required
@require_http_methods(["GET"])
@kept_page
def campaign_results(request, slug, pk):
    """The results page; the figures of each question per group come on demand (`?details=<question id>`).

    The page links each question to its figures per group: htmx fetches them into the question's card
    (only that question is aggregated), and without JavaScript the link opens the page with them shown.
    """
    campaign = get_campaign_for_user(request.user, slug, pk, need=READ_RESULTS)
    include_partial = request.GET.get("partial") == "on"
    details = _details_of(request)
    if details is not None and request.htmx:
        results = selectors.campaign_results(campaign, include_partial=include_partial, question_id=details)
        results = privacy.results_for(results, user=request.user, commune=campaign.commune)
        if not results.questions:
            raise Http404
        question = results.questions[0]
        block = {"result": question, **_group_figures(question, _shown_groups(results))}
        context = {"block": block, "q": question}
        return render(request, "diagnostics/campaign_results.html#group-details", context)
    results = selectors.campaign_results(campaign, include_partial=include_partial)
    results = privacy.results_for(results, user=request.user, commune=campaign.commune)
    form, group_id = _filters(request, results)
    if group_id is not None and group_id not in {g.id for g in results.groups}:
        raise Http404
    selected_withheld = group_id is not None and results.group(group_id).withheld
    radar = results.radar(group_id)
    radar_svg = charts.radar_svg(
        radar["labels"],
        [charts.Series(_("Everybody") if group_id is None else results.group(group_id).name, radar["values"])],
        title=_("Maturity per pillar (0–100)"),
    )
    query = request.GET.urlencode()
    context = {
        "commune": campaign.commune,
        "campaign": campaign,
        "results": results,
        "form": form,
        "group_id": group_id,
        "selected_group": results.group(group_id),
        "include_partial": include_partial,
        "rights": commune_rights(request.user, campaign.commune),
        "chart_data": _chart_data(results, group_id),
        "radar_svg": mark_safe(radar_svg),  # noqa: S308 - built by charts.radar_svg, which escapes every text
        "query": query,
        "details": details,
        "details_query": _details_query(request),
        "questions": [] if selected_withheld else _question_blocks(results, group_id, details=details),
        "pillar_rows": [] if selected_withheld else _pillar_rows(results, group_id),
        "counted_groups": _shown_groups(results),
        "withheld_groups": [g for g in results.groups if g.withheld],
        "withheld_notice": privacy.withheld_notice(),
        "selected_withheld": selected_withheld,
    }
    return render(request, "diagnostics/campaign_results.html", context)


@login_required
@require_http_methods(["GET"])
def campaign_question_texts(request, slug, pk, question_pk):
    campaign = get_campaign_for_user(request.user, slug, pk, need=READ_RESULTS)
    question = campaign.questionnaire.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404
    include_partial = request.GET.get("partial") == "on"
    answers = selectors.question_text_answers(campaign, question.pk, include_partial=include_partial)
    if not privacy.sees_small_groups(request.user, campaign.commune):
        answers = answers.exclude(group_id__in=privacy.small_group_ids(campaign, include_partial=include_partial))
    page = Paginator(answers, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"commune": campaign.commune, "campaign": campaign, "question": question, "page": page}
    return render(request, "diagnostics/campaign_question_texts.html", context)


@login_required
@require_http_methods(["GET"])
def campaign_export(request, slug, pk, kind, fmt):
    """Aggregated results (everyone who may read results; small groups withheld but for the referent) or raw
    answers (the referent only: one row per respondent), CSV or XLSX."""
    need = EXPORT_RAW_ANSWERS if kind == "answers" else READ_RESULTS
    campaign = get_campaign_for_user(request.user, slug, pk, need=need)
    include_partial = request.GET.get("partial") == "on"
    if kind == "results":
        results = selectors.campaign_results(campaign, include_partial=include_partial)
        results = privacy.results_for(results, user=request.user, commune=campaign.commune)
        content = exports.results_csv(results) if fmt == "csv" else exports.results_xlsx(results)
    elif kind == "answers":
        content = (
            exports.raw_answers_csv(campaign, include_partial=include_partial)
            if fmt == "csv"
            else exports.raw_answers_xlsx(campaign, include_partial=include_partial)
        )
    else:
        raise Http404
    content_type = exports.CSV_CONTENT_TYPE if fmt == "csv" else exports.XLSX_CONTENT_TYPE
    name = f"{slugify(campaign.commune.name)}-{slugify(campaign.title)[:40]}-{kind}-{timezone.localdate():%Y%m%d}.{fmt}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET"])
def territory_scores(request, slug):
    """The referent's view of every commune's questionnaire scores per pillar."""
    territory = get_territory_for_user(request.user, slug, need=READ_TERRITORY_SCORES)
    rows = selectors.territory_pillar_scores(territory)
    for row in rows:
        row.score_list = [row.scores[value] for value in Pillar.values]
    context = {
        "territory": territory,
        "rows": rows,
        "answered": [r for r in rows if r.responses],
        "pillars": Pillar.choices,
    }
    return render(request, "diagnostics/territory_scores.html", context)
