"""Results of questionnaire campaigns, aggregated in the database.

Each function runs a fixed number of GROUP BY queries whatever the number of responses; the pure
functions of `diagnostics.stats` finish the figures (means and medians from counts per value, pillar
roll-ups). The results are plain dataclasses, for the pages, the exports, the diagnostic synthesis
and the PDF report.

Counted answers: those of submitted responses (or of every started response with
`include_partial=True`), with a value, to questions shown to the respondent (display conditions).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from communes.models import Commune, Pillar, Territory
from diagnostics.models import (
    Answer,
    Campaign,
    QuestionPillar,
    QuestionType,
    RespondentGroup,
    Response,
)
from diagnostics.models.questionnaires import CHOICE_TYPES, SCALE_TYPES, TEXT_TYPES, QuestionKind
from diagnostics.participation import Participation, participation_total, response_rate
from diagnostics.selectors.responses import campaign_participation, questionnaire_structure
from diagnostics.stats import ScoreRow, mean_of, median_of, merge_counts, rollup_pillars, share

TEXTS_PER_QUESTION = 30
OVERALL = "all"


@dataclass
class OptionCount:
    option_id: int | None  # None: "other"
    label: str
    count: int
    share: float


@dataclass
class Stats:
    """Figures of one question (or grid statement) for one set of respondents."""

    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    distribution: list[tuple[float, int]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    withheld: bool = False  # too few respondents to show (diagnostics.privacy)


@dataclass
class TextAnswer:
    text: str
    group_id: int
    is_other: bool = False


@dataclass
class RowResult:
    row_id: int
    text: str
    overall: Stats
    by_group: dict[int, Stats]


@dataclass
class QuestionResult(QuestionKind):
    id: int
    code: str
    text: str
    type: str
    type_label: str
    section: str
    theme: str
    theme_label: str
    pillars: list[str]
    overall: Stats
    by_group: dict[int, Stats]
    rows: list[RowResult] = field(default_factory=list)
    texts: list[TextAnswer] = field(default_factory=list)
    texts_total: int = 0
    scale: tuple[int, int] | None = None

    def stats_for(self, group_id: int | None) -> Stats:
        if group_id is None:
            return self.overall
        return self.by_group.get(group_id, Stats())

    def rows_for(self, group_id: int | None) -> list[tuple[RowResult, Stats]]:
        return [(row, row.overall if group_id is None else row.by_group.get(group_id, Stats())) for row in self.rows]

    def texts_for(self, group_id: int | None) -> list[TextAnswer]:
        return [t for t in self.texts if group_id is None or t.group_id == group_id]


@dataclass
class GroupResult:
    id: int | None
    name: str
    kind: str
    invited: int = 0
    started: int = 0
    submitted: int = 0
    through_open_links: int = 0
    counted: int = 0
    submitted_named: int = 0
    withheld: bool = False  # fewer respondents than the minimum group size (diagnostics.privacy)

    @property
    def response_rate(self) -> float | None:
        """Share of the people invited by name who submitted (None when nobody was invited by name)."""
        return response_rate(submitted_named=self.submitted_named, invited=self.invited)


@dataclass
class PillarResult:
    pillar: str
    label: str
    score: float | None
    questions: int
    answers: int
    by_group: dict = field(default_factory=dict)


@dataclass
class CampaignResults:
    campaign_id: int
    include_partial: bool
    groups: list[GroupResult]
    total: GroupResult
    questions: list[QuestionResult]
    pillars: list[PillarResult]

    def group(self, group_id: int | None) -> GroupResult:
        return next((g for g in self.groups if g.id == group_id), self.total)

    def radar(self, group_id: int | None = None) -> dict:
        """Axes and values of the pillar radar (overall, or one group), for Chart.js and the SVG charts."""
        values = []
        for pillar in self.pillars:
            score = pillar.score if group_id is None else pillar.by_group.get(group_id)
            values.append(None if score is None else round(score, 1))
        return {"labels": [p.label for p in self.pillars], "values": values}


def _answers(campaign_id: int, include_partial: bool):
    """Counted answers of a campaign. Their campaign, group and submission are copied from the responses
    onto the answers, so that this reads one index and joins nothing."""
    answers = Answer.objects.filter(campaign_id=campaign_id, has_value=True, applicable=True)
    if not include_partial:
        answers = answers.filter(submitted=True)
    return answers.order_by()


def _score_rows(sums: dict, pillars_of: dict) -> list[ScoreRow]:
    """{(question, group): [score sum, scored answers]} spread over each question's pillars."""
    return [
        ScoreRow(pillar, question_id, group, total, count)
        for (question_id, group), (total, count) in sums.items()
        for pillar in pillars_of.get(question_id, ())
    ]


def _participation(campaign: Campaign, include_partial: bool) -> tuple[list[GroupResult], GroupResult]:
    """Per group and in total, as defined in diagnostics.participation (open-link responses apart)."""
    groups = list(RespondentGroup.objects.filter(campaign=campaign).order_by("position", "pk"))
    parts = campaign_participation(campaign.pk)

    def result(part: Participation, **fields) -> GroupResult:
        return GroupResult(
            **fields,
            invited=part.invited,
            started=part.started,
            submitted=part.submitted,
            submitted_named=part.submitted_named,
            through_open_links=part.submitted_open,
            counted=part.started if include_partial else part.submitted,
        )

    results = [result(parts.get(g.pk, Participation()), id=g.pk, name=g.display_name, kind=g.kind) for g in groups]
    total = result(participation_total(parts.values()), id=None, name="", kind=OVERALL)
    return results, total


def _plain(value: float | None) -> float | int | None:
    """A value as respondents typed it: 2 rather than 2.0, 26.1 rather than 26.1000."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 4)


def _values_stats(distribution: dict[float, int], answered: int, scale: tuple[int, int] | None) -> Stats:
    values = dict(distribution)
    if scale is not None:
        for value in range(scale[0], scale[1] + 1):
            values.setdefault(float(value), 0)
    ordered = sorted(values.items())
    present = [v for v, c in ordered if c]
    return Stats(
        answered=answered,
        distribution=ordered,
        mean=mean_of(distribution),
        median=median_of(distribution),
        minimum=_plain(min(present)) if present else None,
        maximum=_plain(max(present)) if present else None,
    )


def _choice_stats(n: int, options: list[tuple[int, str]], counts: list[int], other: int | None) -> Stats:
    result = [OptionCount(pk, label, c, share(c, n)) for (pk, label), c in zip(options, counts, strict=True)]
    if other is not None:
        result.append(OptionCount(None, "", other, share(other, n)))
    return Stats(answered=n, options=result)


def _text_rows(answers, question_ids: list[int]) -> list[tuple]:
    """The latest written answers of each question: (question, text, other text, group, updated_at, pk)."""
    if not question_ids:
        return []
    return list(
        answers.filter(question_id__in=question_ids)
        .filter(~Q(text_value="") | ~Q(other_text=""))
        .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("updated_at").desc(), F("pk")]))
        .filter(rank__lte=TEXTS_PER_QUESTION)
        .values_list("question_id", "text_value", "other_text", "group_id", "updated_at", "pk")
    )


def campaign_results(
    campaign: Campaign, *, include_partial: bool = False, question_id: int | None = None
) -> CampaignResults:
    """Everything the results page, the exports and the report show about a campaign (fixed query count).

    With `question_id`, only that question is read (its figures per group, for the results page's
    on-demand details): the pillars then cover that question alone.
    """
    groups, total = _participation(campaign, include_partial)
    group_ids = [g.id for g in groups]
    sections, questions = questionnaire_structure(campaign.questionnaire_id)
    pillar_links = QuestionPillar.objects.filter(question__questionnaire_id=campaign.questionnaire_id).order_by("pk")
    answers = _answers(campaign.pk, include_partial)
    if question_id is not None:
        questions = [q for q in questions if q.pk == question_id]
        pillar_links = pillar_links.filter(question_id=question_id)
        answers = answers.filter(question_id=question_id)
    section_titles = {s.pk: s.title for s in sections}
    pillars_of = defaultdict(list)
    for pk, pillar in pillar_links.values_list("question_id", "pillar"):
        pillars_of[pk].append(pillar)

    answered = {}  # (question, row, group) -> responses with an answer
    distributions = defaultdict(dict)  # (question, row, group) -> {value: count}
    others = {}  # (question, group) -> "other" answers
    score_sums = {}  # (question, group) -> [sum of scores, scored answers]
    choices = {}  # (question, option, group) -> count
    # One pass over the answers gives counts, distributions of values, chosen options, "other" answers
    # and score sums.
    # The rows are read straight from the cursor: no Python converter runs on each of the thousands of
    # grouped rows (numbers come as Decimal, turned into floats below only where there is one).
    grouped = (
        answers.values("question_id", "row_id", "group_id", "number_value", "choice_key")
        .annotate(
            n=Count("*"),
            others=Count("other_text", filter=~Q(other_text="")),
            score_total=Sum("score"),
            scored=Count("score"),
        )
        .values_list(
            "question_id", "row_id", "group_id", "number_value", "choice_key", "n", "others", "score_total", "scored"
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(*grouped.query.sql_with_params())
        rows = cursor.fetchall()
    for pk, row_id, group_id, number, choice_key, n, other_count, score_total, scored in rows:
        key = (pk, row_id, group_id)
        answered[key] = answered.get(key, 0) + n
        if number is not None:
            number = float(number)
            values = distributions[key]
            values[number] = values.get(number, 0) + n
        if choice_key:
            for option_id in choice_key.split(","):
                if option_id:
                    choice = (pk, int(option_id), group_id)
                    choices[choice] = choices.get(choice, 0) + n
        if other_count:
            others[(pk, group_id)] = others.get((pk, group_id), 0) + other_count
        if scored:
            sums = score_sums.setdefault((pk, group_id), [0.0, 0])
            sums[0] += score_total
            sums[1] += scored
    texts = defaultdict(list)
    text_questions = [q.pk for q in questions if q.type in TEXT_TYPES or q.allow_other]
    for pk, text, other, group_id, _updated_at, _answer_pk in sorted(
        _text_rows(answers, text_questions), key=lambda r: (r[0], -r[4].timestamp(), r[5])
    ):
        texts[pk].append(TextAnswer(text=text or other, group_id=group_id, is_other=not text))
    rollup = rollup_pillars(_score_rows(score_sums, pillars_of), Pillar.values)
    pillar_labels = {value: str(label) for value, label in Pillar.choices}
    type_labels = {value: str(label) for value, label in QuestionType.choices}
    theme_labels = {}

    def value_stats(question_pk, row_id, scale) -> tuple[Stats, dict[int, Stats]]:
        parts = [distributions.get((question_pk, row_id, g), {}) for g in group_ids]
        counts = [answered.get((question_pk, row_id, g), 0) for g in group_ids]
        by_group = {
            g: _values_stats(merge_counts([part]), count, scale)
            for g, part, count in zip(group_ids, parts, counts, strict=True)
        }
        return _values_stats(merge_counts(parts), sum(counts), scale), by_group

    def counted(question_pk, row_id=None) -> list[int]:
        return [answered.get((question_pk, row_id, g), 0) for g in group_ids]

    results = []
    for question in questions:
        pk, kind = question.pk, question.type
        scale = question.scale_range
        grid_rows = [(row.pk, row.text) for row in question.rows.all()] if kind == QuestionType.GRID else []
        if kind in CHOICE_TYPES:
            options = [(o.pk, o.label) for o in question.options.all()]
            with_other = question.allow_other and kind != QuestionType.YES_NO
            per_group = []
            for g, n in zip(group_ids, counted(pk), strict=True):
                counts = [choices.get((pk, option, g), 0) for option, _label in options]
                per_group.append((n, counts, others.get((pk, g), 0) if with_other else None))
            n_all = sum(n for n, _c, _o in per_group)
            counts_all = [sum(column) for column in zip(*(c for _n, c, _o in per_group), strict=True)] or [
                0 for _o in options
            ]
            other_all = sum(o for _n, _c, o in per_group) if with_other else None
            overall = _choice_stats(n_all, options, counts_all, other_all)
            by_group = {
                g: _choice_stats(n, options, counts, other)
                for g, (n, counts, other) in zip(group_ids, per_group, strict=True)
            }
        elif kind in SCALE_TYPES or kind == QuestionType.NUMBER:
            overall, by_group = value_stats(pk, None, scale)
        elif kind == QuestionType.GRID:
            per_row = [counted(pk, row_pk) for row_pk, _text in grid_rows]
            overall = Stats(answered=max([sum(counts) for counts in per_row] or [0]))
            by_group = {
                g: Stats(answered=max([counts[i] for counts in per_row] or [0])) for i, g in enumerate(group_ids)
            }
        else:
            counts = counted(pk)
            overall = Stats(answered=sum(counts))
            by_group = {g: Stats(answered=n) for g, n in zip(group_ids, counts, strict=True)}
        if question.theme not in theme_labels:
            theme_labels[question.theme] = str(question.get_theme_display())
        result = QuestionResult(
            id=pk,
            code=question.code,
            text=question.text,
            type=kind,
            type_label=type_labels.get(kind, kind),
            section=section_titles.get(question.section_id, ""),
            theme=question.theme,
            theme_label=theme_labels[question.theme],
            pillars=[pillar_labels[p] for p in pillars_of[pk]],
            overall=overall,
            by_group=by_group,
            scale=scale,
        )
        if kind == QuestionType.GRID:
            for row_pk, text in grid_rows:
                row_overall, row_by_group = value_stats(pk, row_pk, scale)
                result.rows.append(RowResult(row_id=row_pk, text=text, overall=row_overall, by_group=row_by_group))
        if kind in TEXT_TYPES or question.allow_other:
            result.texts = texts.get(pk, [])
            result.texts_total = (
                overall.answered if kind in TEXT_TYPES else sum(others.get((pk, g), 0) for g in group_ids)
            )
        results.append(result)

    pillars = [
        PillarResult(
            pillar=value,
            label=pillar_labels[value],
            score=rollup[value].score,
            questions=rollup[value].questions,
            answers=rollup[value].answers,
            by_group=rollup[value].by_group,
        )
        for value in Pillar.values
    ]
    return CampaignResults(
        campaign_id=campaign.pk,
        include_partial=include_partial,
        groups=groups,
        total=total,
        questions=results,
        pillars=pillars,
    )


def question_text_answers(campaign: Campaign, question_id: int, *, include_partial: bool = False, group_id=None):
    """Every text answer to a question (the results page shows the latest ones), newest first."""
    answers = (
        _answers(campaign.pk, include_partial)
        .filter(question_id=question_id)
        .filter(~Q(text_value="") | ~Q(other_text=""))
    )
    if group_id is not None:
        answers = answers.filter(group_id=group_id)
    return answers.select_related("group").order_by("-updated_at", "-pk")


# For the diagnostic synthesis and the report -----------------------------------------------------


@dataclass
class CommunePillarScores:
    commune_id: int
    responses: int
    pillars: list[PillarResult]  # by_group is keyed by respondent group kind (GroupKind values)

    def as_dict(self) -> dict[str, float | None]:
        return {p.pillar: p.score for p in self.pillars}


def pillar_scores(commune: Commune, *, campaign: Campaign | None = None) -> CommunePillarScores:
    """Maturity per pillar (0–100) from a commune's submitted questionnaire answers.

    All its campaigns by default (or one), overall and per kind of respondent group (Collège,
    administration…), so that differences between groups can be shown; kinds with fewer respondents than
    PRIVACY_MIN_GROUP_SIZE get no score of their own. Four queries.
    """
    answers = Answer.objects.filter(
        campaign__commune=commune,
        response__submitted_at__isnull=False,
        has_value=True,
        applicable=True,
        score__isnull=False,
    ).order_by()
    responses = Response.objects.filter(campaign__commune=commune, submitted_at__isnull=False)
    questions = QuestionPillar.objects.filter(question__questionnaire__campaigns__commune=commune)
    if campaign is not None:
        answers = answers.filter(campaign=campaign)
        responses = responses.filter(campaign=campaign)
        questions = questions.filter(question__questionnaire__campaigns=campaign)
    pillars_of = defaultdict(set)
    for question_id, pillar in questions.values_list("question_id", "pillar"):
        pillars_of[question_id].add(pillar)
    sums = {
        (r["question_id"], r["response__group__kind"]): (r["total"], r["n"])
        for r in answers.values("question_id", "response__group__kind").annotate(total=Sum("score"), n=Count("score"))
    }
    rollup = rollup_pillars(_score_rows(sums, pillars_of), Pillar.values)
    # Kinds of respondents under the minimum group size are not scored apart (diagnostics.privacy): this
    # feeds the synthesis and the final report, which everyone reading the commune sees.
    per_kind = responses.order_by().values("group__kind").annotate(n=Count("pk")).values_list("group__kind", "n")
    small_kinds = {kind for kind, n in per_kind if 0 < n < settings.PRIVACY_MIN_GROUP_SIZE}
    for pillar_rollup in rollup.values():
        for kind in small_kinds:
            pillar_rollup.by_group.pop(kind, None)
    return CommunePillarScores(
        commune_id=commune.pk,
        responses=responses.count(),
        pillars=[
            PillarResult(
                pillar=value,
                label=str(label),
                score=rollup[value].score,
                questions=rollup[value].questions,
                answers=rollup[value].answers,
                by_group=rollup[value].by_group,
            )
            for value, label in Pillar.choices
        ],
    )


@dataclass
class CommuneScoreRow:
    commune_id: int
    name: str
    slug: str
    responses: int
    scores: dict[str, float | None]


def territory_pillar_scores(territory: Territory) -> list[CommuneScoreRow]:
    """Pillar scores of every commune of a territory from their submitted answers (four queries)."""
    communes = list(Commune.objects.filter(territory=territory).order_by("name").values("pk", "name", "slug"))
    responses = dict(
        Response.objects.filter(campaign__commune__territory=territory, submitted_at__isnull=False)
        .order_by()
        .values("campaign__commune_id")
        .annotate(n=Count("pk"))
        .values_list("campaign__commune_id", "n")
    )
    pillars_of = defaultdict(set)
    for question_id, pillar in QuestionPillar.objects.filter(
        question__questionnaire__campaigns__commune__territory=territory
    ).values_list("question_id", "pillar"):
        pillars_of[question_id].add(pillar)
    rows = (
        Answer.objects.filter(
            campaign__commune__territory=territory,
            response__submitted_at__isnull=False,
            has_value=True,
            applicable=True,
            score__isnull=False,
        )
        .order_by()
        .values("campaign__commune_id", "question_id")
        .annotate(total=Sum("score"), n=Count("score"))
    )
    per_commune = defaultdict(dict)
    for r in rows:
        per_commune[r["campaign__commune_id"]][(r["question_id"], None)] = (r["total"], r["n"])
    result = []
    for commune in communes:
        rollup = rollup_pillars(_score_rows(per_commune.get(commune["pk"], {}), pillars_of), Pillar.values)
        result.append(
            CommuneScoreRow(
                commune_id=commune["pk"],
                name=commune["name"],
                slug=commune["slug"],
                responses=responses.get(commune["pk"], 0),
                scores={p: rollup[p].score for p in Pillar.values},
            )
        )
    return result
