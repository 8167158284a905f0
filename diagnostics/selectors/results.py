"""Results of questionnaire campaigns, aggregated in the database.

Each function runs a fixed number of GROUP BY queries whatever the number of responses; the pure
functions of `diagnostics.stats` finish the figures (means and medians from counts per value, pillar
roll-ups). The results are plain dataclasses, for the pages, the exports, the diagnostic synthesis
and the PDF report.

Counted answers: those of submitted responses (or of every started response with
`include_partial=True`), with a value, to questions shown to the respondent (display conditions).
Those of submitted responses are read from the running tallies (`AnswerTally`, kept by the services
that save answers, see `diagnostics.services.tallies`); `include_partial=True` groups the answers
themselves. The written answers listed under a question always come from the answers.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, FloatField, Q, Sum, Window
from django.db.models.functions import Cast, RowNumber

from communes.models import Commune, Pillar, Territory
from diagnostics.models import (
    Answer,
    AnswerTally,
    Campaign,
    QuestionPillar,
    RespondentGroup,
    Response,
)
from diagnostics.models.questionnaires import KindMixin
from diagnostics.participation import Participation, participation_total, response_rate
from diagnostics.selectors.responses import campaign_participation, kept_structure
from diagnostics.stats import PillarRollup, pillar_rollup
from smartregion.collation import french
from smartregion.questions.values import OptionCount, QuestionFacts, Stats, UnitCounts

__all__ = ["OptionCount", "Stats"]  # the figures' types, imported from here by privacy and the exports

TEXTS_PER_QUESTION = 30
OVERALL = "all"


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
class QuestionResult(KindMixin):
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
    facts: QuestionFacts = field(default_factory=QuestionFacts)

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


def _text_rows(answers, question_ids: list[int]) -> list[tuple]:
    """The latest written answers of each question: (question, text, other text, group, updated_at, pk)."""
    if not question_ids:
        return []
    columns = ("question_id", "text_value", "other_text", "group_id", "updated_at", "pk")
    written = answers.filter(~Q(text_value="") | ~Q(other_text=""))
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: one short scan of the newest-first index per question, in one statement (UNION ALL).
        latest = [
            written.filter(question_id=pk).order_by("-updated_at", "pk").values_list(*columns)[:TEXTS_PER_QUESTION]
            for pk in sorted(question_ids)
        ]
        return list(latest[0].union(*latest[1:], all=True)) if len(latest) > 1 else list(latest[0])
    return list(
        written.filter(question_id__in=question_ids)
        .annotate(rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("updated_at").desc(), F("pk")]))
        .filter(rank__lte=TEXTS_PER_QUESTION)
        .values_list(*columns)
    )


Key = tuple[int, int | None, int]  # question, grid statement (or None), respondent group


def _answer_counts(answers) -> tuple[dict[Key, UnitCounts], dict[tuple[int, int], tuple[float, int]]]:
    """Plain counts of a campaign's answers in one GROUP BY: per question, statement and group, the
    answers, the numbers given, the options chosen (and rankings), the "other" texts; per question and
    group, the sum of the answer scores. The rows are read straight from the cursor: no Python
    converter runs on each of the thousands of grouped rows."""
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
    counts: dict[Key, UnitCounts] = defaultdict(UnitCounts)
    score_sums: dict[tuple[int, int], tuple[float, int]] = {}
    for pk, row_id, group_id, number, choice_key, n, other_count, score_total, scored in rows:
        number = None if number is None else float(number)
        counts[(pk, row_id, group_id)].add(n=n, number=number, choice_key=choice_key, others=other_count)
        if scored:
            total, count = score_sums.get((pk, group_id), (0.0, 0))
            score_sums[(pk, group_id)] = (total + score_total, count + scored)
    return counts, score_sums


def _tally_counts(campaign_id: int, question_id: int | None):
    """The same plain counts as `_answer_counts`, read from the running tallies of the submitted answers
    (diagnostics.services.tallies): a few rows per question and group instead of every answer."""
    tallies = AnswerTally.objects.filter(campaign_id=campaign_id, answers__gt=0).order_by()
    if question_id is not None:
        tallies = tallies.filter(question_id=question_id)
    # The numbers come as floats (what the figures use): thousands of Decimals cost more than the query.
    tallies = tallies.annotate(number_float=Cast("number_value", FloatField()))
    columns = ["number_float" if c == "number_value" else c for c in AnswerTally.KEY_COLUMNS]
    rows = tallies.values_list(*columns, *AnswerTally.COUNT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(*rows.query.sql_with_params())
        fetched = cursor.fetchall()
    counts: dict[Key, UnitCounts] = defaultdict(UnitCounts)
    score_sums: dict[tuple[int, int], tuple[float, int]] = {}
    for pk, row_key, group_id, has_number, number, choice_key, n, other_count, score_total, scored in fetched:
        number = number if has_number else None
        counts[(pk, row_key or None, group_id)].add(n=n, number=number, choice_key=choice_key, others=other_count)
        if scored:
            total, count = score_sums.get((pk, group_id), (0.0, 0))
            score_sums[(pk, group_id)] = (total + score_total, count + scored)
    return counts, score_sums


def _facts(question) -> QuestionFacts:
    kind = question.kind
    return QuestionFacts(
        options=tuple((o.pk, o.label) for o in question.options.all()) if kind.has_options else (),
        scale=question.scale_range,
        allow_other=question.allow_other and kind.offers_other,
        rows=tuple((r.pk, r.text) for r in question.rows.all()) if kind.has_rows else (),
    )


def _question_figures(question, facts: QuestionFacts, counts: dict[Key, UnitCounts], group_ids: list[int]):
    """The question's figures (and its statements') overall and per group, through its kind."""
    kind = question.kind
    units = [pk for pk, _text in facts.rows] if kind.has_rows else [None]
    per_group = {g: {u: counts.get((question.pk, u, g), UnitCounts()) for u in units} for g in group_ids}
    overall_counts = {u: UnitCounts() for u in units}
    for group_counts in per_group.values():
        for unit, unit_counts in group_counts.items():
            overall_counts[unit].absorb(unit_counts)
    overall, rows = kind.statistics(facts, overall_counts)
    by_group, rows_by_group = {}, {}
    for g, group_counts in per_group.items():
        by_group[g], rows_by_group[g] = kind.statistics(facts, group_counts)
    row_results = [
        RowResult(row_id=pk, text=text, overall=rows[pk], by_group={g: rows_by_group[g][pk] for g in group_ids})
        for pk, text in facts.rows
    ]
    return overall, by_group, row_results


def _texts(answers, questions) -> dict[int, list[TextAnswer]]:
    texts = defaultdict(list)
    text_questions = [q.pk for q in questions if q.kind.keeps_texts or q.allow_other]
    for pk, text, other, group_id, _updated_at, _answer_pk in sorted(
        _text_rows(answers, text_questions), key=lambda r: (r[0], -r[4].timestamp(), r[5])
    ):
        texts[pk].append(TextAnswer(text=text or other, group_id=group_id, is_other=not text))
    return texts


def _overall_units(question, counts: dict[Key, UnitCounts], group_ids: list[int]) -> list[UnitCounts]:
    """The question's counts (not its statements') of every group."""
    return [counts[key] for g in group_ids if (key := (question.pk, None, g)) in counts]


def _question_results(questions, sections, pillars_of, counts, group_ids, texts) -> list[QuestionResult]:
    section_titles = {s.pk: s.title for s in sections}
    pillar_labels = {value: str(label) for value, label in Pillar.choices}
    theme_labels: dict[str, str] = {}
    results = []
    for question in questions:
        facts = _facts(question)
        overall, by_group, rows = _question_figures(question, facts, counts, group_ids)
        if question.theme not in theme_labels:
            theme_labels[question.theme] = str(question.get_theme_display())
        result = QuestionResult(
            id=question.pk,
            code=question.code,
            text=question.text,
            type=question.type,
            type_label=str(question.kind.label),
            section=section_titles.get(question.section_id, ""),
            theme=question.theme,
            theme_label=theme_labels[question.theme],
            pillars=[pillar_labels[p] for p in pillars_of.get(question.pk, ())],
            overall=overall,
            by_group=by_group,
            rows=rows,
            scale=facts.scale,
            facts=facts,
        )
        if question.kind.keeps_texts or question.allow_other:
            result.texts = texts.get(question.pk, [])
            others = sum(c.others for c in _overall_units(question, counts, group_ids))
            result.texts_total = overall.answered if question.kind.keeps_texts else others
        results.append(result)
    return results


def question_pillars(links) -> tuple[dict[int, int], dict[int, list[str]]]:
    """From QuestionPillar rows: which question each stands for (its bank question, or itself) and the
    pillars each informs."""
    identity: dict[int, int] = {}
    pillars_of: dict[int, list[str]] = defaultdict(list)
    for question_id, pillar, source_id in links.values_list("question_id", "pillar", "question__source_question_id"):
        identity[question_id] = source_id or question_id
        if pillar not in pillars_of[question_id]:
            pillars_of[question_id].append(pillar)
    return identity, pillars_of


def pillar_results(rollup: dict[str, PillarRollup]) -> list[PillarResult]:
    return [
        PillarResult(
            pillar=value,
            label=str(label),
            score=rollup[value].score,
            questions=rollup[value].questions,
            answers=rollup[value].answers,
            by_group=rollup[value].by_group,
        )
        for value, label in Pillar.choices
    ]


def campaign_results(
    campaign: Campaign, *, include_partial: bool = False, question_id: int | None = None
) -> CampaignResults:
    """Everything the results page, the exports and the report show about a campaign (fixed query count).

    Steps: database counts (plain data), then each question's statistics through its kind, then the
    pillar roll-up (`diagnostics.stats.pillar_rollup`). With `question_id`, only that question is read
    (its figures per group, for the results page's on-demand details): the pillars then cover that
    question alone.
    """
    groups, total = _participation(campaign, include_partial)
    group_ids = [g.id for g in groups]
    sections, questions = kept_structure(campaign.questionnaire)
    links = QuestionPillar.objects.filter(question__questionnaire_id=campaign.questionnaire_id).order_by("pk")
    answers = _answers(campaign.pk, include_partial)
    if question_id is not None:
        questions = [q for q in questions if q.pk == question_id]
        links = links.filter(question_id=question_id)
        answers = answers.filter(question_id=question_id)
    identity, pillars_of = question_pillars(links)
    # Submitted answers come from the running tallies; with unsubmitted ones (a rarer view for the
    # commune's staff), the answers themselves are grouped.
    counts, score_sums = _answer_counts(answers) if include_partial else _tally_counts(campaign.pk, question_id)
    texts = _texts(answers, questions)
    rollup = pillar_rollup(score_sums, identity=identity, pillars_of=pillars_of, pillars=Pillar.values)
    return CampaignResults(
        campaign_id=campaign.pk,
        include_partial=include_partial,
        groups=groups,
        total=total,
        questions=_question_results(questions, sections, pillars_of, counts, group_ids, texts),
        pillars=pillar_results(rollup),
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


def _scored_tallies(**scope):
    """Running tallies of submitted answers that carry a score, within `scope` (filters on AnswerTally)."""
    return AnswerTally.objects.filter(scored__gt=0, **scope).order_by()


def pillar_scores(commune: Commune, *, campaign: Campaign | None = None) -> CommunePillarScores:
    """Maturity per pillar (0–100) from a commune's submitted questionnaire answers.

    All its campaigns by default (or one), overall and per kind of respondent group (Collège,
    administration…), so that differences between groups can be shown; kinds with fewer respondents than
    PRIVACY_MIN_GROUP_SIZE get no score of their own. The score is `diagnostics.stats.pillar_rollup`'s,
    as on the campaign's results page. Four queries.
    """
    scope = {"campaign__commune": commune} if campaign is None else {"campaign": campaign}
    responses = Response.objects.filter(submitted_at__isnull=False, **scope)
    links = QuestionPillar.objects.filter(question__questionnaire__campaigns__commune=commune)
    if campaign is not None:
        links = links.filter(question__questionnaire__campaigns=campaign)
    identity, pillars_of = question_pillars(links)
    sums = {
        (r["question_id"], r["group__kind"]): (r["total"], r["n"])
        for r in _scored_tallies(**scope)
        .values("question_id", "group__kind")
        .annotate(total=Sum("score_sum"), n=Sum("scored"))
    }
    rollup = pillar_rollup(sums, identity=identity, pillars_of=pillars_of, pillars=Pillar.values)
    # Kinds of respondents under the minimum group size are not scored apart (diagnostics.privacy): this
    # feeds the synthesis and the final report, which everyone reading the commune sees.
    per_kind = responses.order_by().values("group__kind").annotate(n=Count("pk")).values_list("group__kind", "n")
    small_kinds = {kind for kind, n in per_kind if 0 < n < settings.PRIVACY_MIN_GROUP_SIZE}
    for pillar_rollup_ in rollup.values():
        for kind in small_kinds:
            pillar_rollup_.by_group.pop(kind, None)
    return CommunePillarScores(commune_id=commune.pk, responses=responses.count(), pillars=pillar_results(rollup))


@dataclass
class CommuneScoreRow:
    commune_id: int
    name: str
    slug: str
    responses: int
    scores: dict[str, float | None]


def territory_pillar_scores(territory: Territory) -> list[CommuneScoreRow]:
    """Pillar scores of every commune of a territory from their submitted answers (four queries)."""
    communes = list(Commune.objects.filter(territory=territory).order_by(french("name")).values("pk", "name", "slug"))
    responses = dict(
        Response.objects.filter(campaign__commune__territory=territory, submitted_at__isnull=False)
        .order_by()
        .values("campaign__commune_id")
        .annotate(n=Count("pk"))
        .values_list("campaign__commune_id", "n")
    )
    identity, pillars_of = question_pillars(
        QuestionPillar.objects.filter(question__questionnaire__campaigns__commune__territory=territory)
    )
    rows = (
        _scored_tallies(campaign__commune__territory=territory)
        .values("campaign__commune_id", "question_id")
        .annotate(total=Sum("score_sum"), n=Sum("scored"))
    )
    per_commune = defaultdict(dict)
    for r in rows:
        per_commune[r["campaign__commune_id"]][(r["question_id"], None)] = (r["total"], r["n"])
    result = []
    for commune in communes:
        sums = per_commune.get(commune["pk"], {})
        rollup = pillar_rollup(sums, identity=identity, pillars_of=pillars_of, pillars=Pillar.values)
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
