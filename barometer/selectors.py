"""Reads for the barometer. The database counts and averages; barometer.results shapes.

Every function runs a fixed number of queries whatever the number of communes, responses or editions.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from barometer.exporting import comparison_rows, questions_rows, results_rows, template_rows, text_rows
from barometer.importing import CommuneRef
from barometer.kinds import SCALE_KINDS, TEXT_KINDS, barometer_kind
from barometer.models import (
    Answer,
    AnswerChoice,
    Edition,
    EmailStatus,
    ImportStatus,
    Invitation,
    Invitee,
    Option,
    PublicSnapshot,
    Question,
    Response,
    ResponseImport,
)
from barometer.results import (
    CommuneAnswer,
    EditionInfo,
    EditionResults,
    OptionInfo,
    QuestionInfo,
    Stats,
    TextAnswer,
    answer_text,
    commune_answers,
    comparisons,
    edition_results,
    percent,
    public_summary,
    results_from_data,
)
from communes.access import managed_territories
from communes.models import Commune, Territory
from smartregion.collation import french, french_key


def question_infos(edition_ids) -> list[QuestionInfo]:
    """The questions of these editions with their options, as plain data (two queries)."""
    # Rows as tuples rather than model instances: a territory's editions hold a hundred questions or more.
    options: dict[int, list[OptionInfo]] = defaultdict(list)
    for question_id, pk, code, label in (
        Option.objects.filter(question__edition_id__in=edition_ids)
        .order_by("position", "pk")
        .values_list("question_id", "pk", "code", "label")
    ):
        options[question_id].append(OptionInfo(pk, code, label))
    questions = (
        Question.objects.filter(edition_id__in=edition_ids)
        .order_by("position", "pk")
        .values_list(
            "pk", "edition_id", "code", "kind", "label", "position", "help_text", "scale_min", "scale_max", "required"
        )
    )
    return [
        QuestionInfo(
            id=pk,
            edition_id=edition_id,
            code=code,
            kind=kind,
            label=label,
            position=position,
            help_text=help_text,
            scale_min=scale_min,
            scale_max=scale_max,
            required=required,
            options=tuple(options.get(pk, ())),
        )
        for pk, edition_id, code, kind, label, position, help_text, scale_min, scale_max, required in questions
    ]


def edition_stats(edition_ids, *, texts_for=(), with_communes: bool = True, commune_ids=None) -> Stats:
    """Aggregates of every question of these editions, computed by the database (four or five queries).

    Free-text answers are read only for the editions in `texts_for`, with the commune's name unless
    `with_communes` is false. `commune_ids`, when given, keeps the answers of these communes only.
    """
    stats = Stats()
    answers = Answer.objects.filter(question__edition_id__in=edition_ids)
    choices = AnswerChoice.objects.filter(option__question__edition_id__in=edition_ids)
    if commune_ids is not None:
        answers = answers.filter(response__commune_id__in=commune_ids)
        choices = choices.filter(answer__response__commune_id__in=commune_ids)
    # Tuples rather than dicts (values_list): a results page reads a thousand rows or more.
    for question_id, n, mean, yes, no in (
        answers.order_by()
        .values("question_id")
        .annotate(
            n=Count("id"),
            mean=Avg("number"),
            yes=Count("id", filter=Q(boolean=True)),
            no=Count("id", filter=Q(boolean=False)),
        )
        .values_list("question_id", "n", "mean", "yes", "no")
    ):
        stats.answered[question_id] = n
        if mean is not None:
            stats.means[question_id] = float(mean)
        stats.yes[question_id] = yes
        stats.no[question_id] = no
    for question_id, number, n in (
        answers.filter(question__kind__in=SCALE_KINDS, number__isnull=False)
        .order_by()
        .values("question_id", "number")
        .annotate(n=Count("id"))
        .values_list("question_id", "number", "n")
    ):
        stats.distribution.setdefault(question_id, {})[number] = n
    for option_id, n in choices.order_by().values("option_id").annotate(n=Count("id")).values_list("option_id", "n"):
        stats.option_counts[option_id] = n
    if texts_for:
        texts = (
            answers.filter(question__edition_id__in=texts_for, question__kind__in=TEXT_KINDS)
            .exclude(text="")
            .order_by("question_id", "response__commune__name", "pk")
            .values_list("question_id", "text", "response__commune__name")
        )
        for question_id, text, commune in texts:
            stats.texts.setdefault(question_id, []).append(TextAnswer(text, commune if with_communes else ""))
        if not with_communes:
            for question_id, items in stats.texts.items():
                stats.texts[question_id] = sorted(items, key=lambda t: t.text.casefold())
    return stats


def respondents_by_edition(edition_ids, *, commune_ids=None) -> dict[int, int]:
    responses = Response.objects.filter(edition_id__in=edition_ids)
    if commune_ids is not None:
        responses = responses.filter(commune_id__in=commune_ids)
    rows = responses.order_by().values("edition_id").annotate(n=Count("id"))
    return {row["edition_id"]: row["n"] for row in rows}


def respondent_sets(edition_ids) -> dict[int, frozenset[int]]:
    """The communes that answered each of these editions (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    for edition_id, commune_id in Response.objects.filter(edition_id__in=edition_ids).values_list(
        "edition_id", "commune_id"
    ):
        found[edition_id].add(commune_id)
    return {edition_id: frozenset(found.get(edition_id, ())) for edition_id in edition_ids}


@dataclass
class TerritoryResults:
    """Every edition of a territory up to one year, with their questions: what results pages read."""

    editions: list[EditionResults]
    questions: list[QuestionInfo]

    def for_edition(self, edition_id: int) -> EditionResults:
        return next(r for r in self.editions if r.edition.id == edition_id)

    def questions_of(self, edition_id: int) -> list[QuestionInfo]:
        return [q for q in self.questions if q.edition_id == edition_id]

    @property
    def by_edition_and_code(self) -> dict[tuple[int, str], QuestionInfo]:
        return {(q.edition_id, q.code): q for q in self.questions}


def public_snapshot(edition: Edition) -> PublicSnapshot | None:
    return PublicSnapshot.objects.select_related("published_by").filter(edition=edition).first()


def published_snapshots() -> QuerySet[PublicSnapshot]:
    """Every published snapshot, with its edition and territory, by territory then year (one query)."""
    return PublicSnapshot.objects.select_related("edition__territory").order_by(
        "edition__territory__slug", "edition__year"
    )


def public_history(edition: Edition) -> list[EditionResults]:
    """The frozen public figures of the edition's territory up to its year, oldest first (one query)."""
    snapshots = PublicSnapshot.objects.filter(
        edition__territory_id=edition.territory_id, edition__year__lte=edition.year
    ).order_by("edition__year")
    return [results_from_data(s.data) for s in snapshots]


def territory_results(
    territory: Territory,
    *,
    until_year: int | None = None,
    texts_for=(),
    with_communes: bool = True,
    edition_ids=None,
    commune_ids=None,
) -> TerritoryResults:
    """Results of the territory's editions (up to `until_year`), oldest first, in a fixed number of queries.

    `edition_ids` keeps only these editions, `commune_ids` only the answers of these communes (a
    comparison on the communes that answered both editions).
    """
    editions = Edition.objects.filter(territory=territory).order_by("year")
    if until_year is not None:
        editions = editions.filter(year__lte=until_year)
    if edition_ids is not None:
        editions = editions.filter(pk__in=edition_ids)
    editions = list(editions.values("id", "year", "title"))
    ids = [e["id"] for e in editions]
    communes_total = Commune.objects.filter(territory=territory).count()
    respondents = respondents_by_edition(ids, commune_ids=commune_ids)
    questions = question_infos(ids)
    stats = edition_stats(ids, texts_for=texts_for, with_communes=with_communes, commune_ids=commune_ids)
    results = [
        edition_results(
            EditionInfo(e["id"], e["year"], e["title"], respondents.get(e["id"], 0), communes_total), questions, stats
        )
        for e in editions
    ]
    return TerritoryResults(results, questions)


# A commune's answers --------------------------------------------------------------------------------


def commune_values(commune: Commune, questions: list[QuestionInfo]) -> dict[int, dict[str, object]]:
    """The commune's answers to these questions, per edition id and question code (two queries)."""
    by_id = {q.id: q for q in questions}
    answers = Answer.objects.filter(response__commune=commune, question_id__in=by_id).values(
        "id", "question_id", "number", "boolean", "text"
    )
    chosen: dict[int, set[str]] = defaultdict(set)
    for row in AnswerChoice.objects.filter(answer__response__commune=commune, answer__question_id__in=by_id).values(
        "answer_id", "option__code"
    ):
        chosen[row["answer_id"]].add(row["option__code"])
    values: dict[int, dict[str, object]] = defaultdict(dict)
    for row in answers:
        question = by_id[row["question_id"]]
        values[question.edition_id][question.code] = _value(question, row, chosen.get(row["id"], set()))
    return values


def _value(question: QuestionInfo, row: dict, chosen: set[str]):
    return barometer_kind(question.kind).stored_value(question, row, chosen)


def response_values(response: Response) -> dict[str, object]:
    """One response's answers by question code, for the answer form (three queries)."""
    questions = question_infos([response.edition_id])
    return commune_values(response.commune, questions).get(response.edition_id, {})


@dataclass
class CommuneView:
    results: EditionResults
    answers: list[CommuneAnswer]
    history: list[EditionResults]


def commune_view(edition: Edition, commune: Commune) -> CommuneView:
    """The commune's answers to `edition` against the territory, with the trend over earlier editions.

    The territory's figures are those of the anonymised summary: with two respondents, a commune
    could otherwise work out the other one's answers from the mean.
    """
    territory = territory_results(edition.territory, until_year=edition.year)
    values = commune_values(commune, territory.questions)
    history = [public_summary(r) for r in territory.editions]
    current = next(r for r in history if r.edition.id == edition.pk)
    answers = commune_answers(
        territory.questions_of(edition.pk),
        current,
        values.get(edition.pk, {}),
        history=history,
        history_values=values,
        history_questions=territory.by_edition_and_code,
    )
    return CommuneView(current, answers, history)


@dataclass(frozen=True)
class QuotedAnswer:
    code: str
    question: str
    kind: str
    answer: str
    value: object
    territory_mean: float | None
    territory_share: float | None
    option_shares: dict[str, float | None]


@dataclass(frozen=True)
class LatestAnswers:
    edition_year: int
    edition_title: str
    respondents: int
    communes_total: int
    answers: tuple[QuotedAnswer, ...]


def latest_answers_for_commune(commune: Commune) -> LatestAnswers | None:
    """The commune's answers to the latest edition it answered, with the territory's figures.

    Plain data for other apps (the diagnostic, the final report): no model instance leaks out.
    `territory_mean` is the territory's mean of a scale; `territory_share` the percentage of responding
    communes that gave the same answer (yes/no and single choice); `option_shares` gives it per chosen
    option of a multiple choice. Territory figures are None for a question fewer than three communes
    answered (as on the public summary). Percentages are unrounded. None when the commune never answered.
    """
    latest = (
        Response.objects.filter(commune=commune).select_related("edition__territory").order_by("-edition__year").first()
    )
    if latest is None:
        return None
    view = commune_view(latest.edition, commune)
    return LatestAnswers(
        edition_year=latest.edition.year,
        edition_title=latest.edition.title,
        respondents=view.results.edition.respondents,
        communes_total=view.results.edition.communes_total,
        answers=tuple(
            QuotedAnswer(
                code=a.code,
                question=a.label,
                kind=a.kind,
                answer=a.answer,
                value=a.value,
                territory_mean=a.territory_mean,
                territory_share=a.territory_percent,
                option_shares=dict(a.option_percents),
            )
            for a in view.answers
            if a.value is not None
        ),
    )


# Lists ---------------------------------------------------------------------------------------------


def managed_editions(user) -> list[Territory]:
    """The territories the user runs, each with its editions annotated with their number of responses."""
    editions = Edition.objects.annotate(
        respondents=Count("responses"), is_public=Exists(PublicSnapshot.objects.filter(edition=OuterRef("pk")))
    ).order_by("-year")
    return list(
        managed_territories(user)
        .annotate(communes_total=Count("communes", distinct=True))
        .prefetch_related(Prefetch("barometer_editions", queryset=editions))
        .order_by("name")
    )


@dataclass
class CommuneEditionRow:
    edition: Edition
    response: Response | None


@dataclass
class CommuneBarometer:
    commune: Commune
    rows: list[CommuneEditionRow]


def commune_barometers(user) -> list[CommuneBarometer]:
    """For people of communes: each commune they belong to, with the editions of its territory and its responses."""
    if not user.is_authenticated:
        return []
    communes = sorted(
        Commune.objects.filter(memberships__user=user).select_related("territory").distinct(),
        key=lambda commune: french_key(commune.name),
    )
    return _commune_rows(communes)


def commune_barometer(commune: Commune) -> CommuneBarometer:
    return _commune_rows([commune])[0]


def _commune_rows(communes: list[Commune]) -> list[CommuneBarometer]:
    territory_ids = {c.territory_id for c in communes}
    editions = list(Edition.objects.filter(territory_id__in=territory_ids).order_by("-year"))
    responses = {
        (r.edition_id, r.commune_id): r
        for r in Response.objects.filter(commune__in=communes, edition__in=editions).select_related("entered_by")
    }
    return [
        CommuneBarometer(
            commune,
            [
                CommuneEditionRow(edition, responses.get((edition.pk, commune.pk)))
                for edition in editions
                if edition.territory_id == commune.territory_id
            ],
        )
        for commune in communes
    ]


@dataclass
class ResponseRow:
    commune: Commune
    response: Response | None


def edition_responses(edition: Edition) -> list[ResponseRow]:
    """Every commune of the territory with its response to the edition, if any (two queries)."""
    responses = {r.commune_id: r for r in Response.objects.filter(edition=edition).select_related("entered_by")}
    return [ResponseRow(c, responses.get(c.pk)) for c in Commune.objects.filter(territory_id=edition.territory_id)]


def answered_commune_ids(edition: Edition) -> set[int]:
    return set(Response.objects.filter(edition=edition).values_list("commune_id", flat=True))


def pending_imports(edition: Edition) -> QuerySet[ResponseImport]:
    return edition.imports.filter(status=ImportStatus.PENDING).select_related("uploaded_by")


def previous_editions(territory: Territory, *, before_year: int | None = None) -> QuerySet[Edition]:
    editions = Edition.objects.filter(territory=territory).order_by("-year")
    if before_year is not None:
        editions = editions.filter(year__lt=before_year)
    return editions


# Exports -------------------------------------------------------------------------------------------


def edition_export_tables(edition: Edition) -> list[tuple[str, list[list]]]:
    """The edition's aggregated results, its comparison with earlier editions and its free-text answers."""
    territory = territory_results(edition.territory, until_year=edition.year, texts_for=[edition.pk])
    current = territory.for_edition(edition.pk)
    return [
        ("Results", results_rows(current)),
        ("Comparison", comparison_rows(comparisons(territory.editions, current))),
        ("Free text", text_rows(current)),
    ]


def edition_template_tables(edition: Edition, *, filled: bool = False) -> list[tuple[str, list[list]]]:
    """The import file of the edition: blank (one row per commune), or `filled` with the answers given."""
    questions = question_infos([edition.pk])
    communes = list(Commune.objects.filter(territory_id=edition.territory_id).order_by(french("name")))
    filled_rows = {}
    if filled:
        responses = {r.commune_id: r for r in Response.objects.filter(edition=edition)}
        values = _edition_values(edition, questions)
        filled_rows = {
            commune_id: (r.respondent_name, r.alderman_name, values.get(commune_id, {}))
            for commune_id, r in responses.items()
        }
    refs = [CommuneRef(c.pk, c.name, c.nis_code) for c in communes]
    return [("Answers", template_rows(questions, refs, filled_rows)), ("Questions", questions_rows(questions))]


def _edition_values(edition: Edition, questions: list[QuestionInfo]) -> dict[int, dict[str, object]]:
    """Every commune's answers to the edition, by commune id and code (two queries)."""
    by_id = {q.id: q for q in questions}
    chosen: dict[int, set[str]] = defaultdict(set)
    for row in AnswerChoice.objects.filter(answer__response__edition=edition).values("answer_id", "option__code"):
        chosen[row["answer_id"]].add(row["option__code"])
    values: dict[int, dict[str, object]] = defaultdict(dict)
    for row in Answer.objects.filter(response__edition=edition).values(
        "id", "question_id", "number", "boolean", "text", "response__commune_id"
    ):
        question = by_id[row["question_id"]]
        values[row["response__commune_id"]][question.code] = _value(question, row, chosen.get(row["id"], set()))
    return values


def edition_by_reference(reference: str) -> Edition | None:
    """An edition named on the command line: "<territory slug>:<year>" or its id."""
    territory_slug, separator, year = reference.partition(":")
    editions = Edition.objects.select_related("territory")
    if separator:
        return editions.filter(territory__slug=territory_slug, year=int(year) if year.isdigit() else -1).first()
    if reference.isdigit():
        return editions.filter(pk=int(reference)).first()
    return None


# Answer links: the follow-up of an edition ---------------------------------------------------------

ANSWERED, STARTED, NOT_OPENED, BOUNCED, NOT_INVITED = "answered", "started", "not_opened", "bounced", "not_invited"
FOLLOW_UP_STATES = (ANSWERED, STARTED, NOT_OPENED, BOUNCED, NOT_INVITED)


def link_state(response: Response | None, invitation: Invitation | None) -> str:
    """Where a commune stands: answered (by any means), else through its links: bounced, started, not opened."""
    if response is not None:
        return ANSWERED
    if invitation is None or invitation.revoked_at is not None:
        return NOT_INVITED
    invitees = list(invitation.invitees.all())
    if any(i.email_status == EmailStatus.FAILED for i in invitees):
        return BOUNCED
    if any(i.opened_at or i.saved_at for i in invitees):
        return STARTED
    return NOT_OPENED


@dataclass
class FollowUpRow:
    commune: Commune
    response: Response | None
    invitation: Invitation | None
    state: str
    last_reminder: object = None

    @property
    def invitees(self) -> list[Invitee]:
        return list(self.invitation.invitees.all()) if self.invitation else []


@dataclass
class FollowUp:
    rows: list[FollowUpRow]
    counts: dict[str, int]
    provinces: list[tuple[str, dict[str, int]]]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def to_answer(self) -> list[FollowUpRow]:
        return [row for row in self.rows if row.state != ANSWERED]

    @property
    def answered_percent(self) -> float | None:
        return percent(self.counts[ANSWERED], self.total)


def follow_up_counts(states: list[tuple[str, str]]) -> tuple[dict[str, int], list[tuple[str, dict[str, int]]]]:
    """(province, state) pairs counted: overall and per province (provinces in their order of appearance)."""
    counts = dict.fromkeys(FOLLOW_UP_STATES, 0)
    by_province: dict[str, dict[str, int]] = {}
    for province, state in states:
        counts[state] += 1
        by_province.setdefault(province, dict.fromkeys(FOLLOW_UP_STATES, 0))[state] += 1
    return counts, sorted(by_province.items())


def edition_follow_up(edition: Edition) -> FollowUp:
    """Every commune of the territory with its answer, its links and where it stands (five queries)."""
    responses = {r.commune_id: r for r in Response.objects.filter(edition=edition).select_related("entered_by")}
    invitations = {
        i.commune_id: i
        for i in Invitation.objects.filter(edition=edition)
        .annotate(last_reminder=Max("reminders__day"))
        .prefetch_related(Prefetch("invitees", queryset=Invitee.objects.order_by("role")))
    }
    rows = []
    for commune in Commune.objects.filter(territory_id=edition.territory_id):
        invitation = invitations.get(commune.pk)
        state = link_state(responses.get(commune.pk), invitation)
        last = invitation.last_reminder if invitation else None
        rows.append(FollowUpRow(commune, responses.get(commune.pk), invitation, state, last))
    counts, provinces = follow_up_counts([(row.commune.get_province_display(), row.state) for row in rows])
    return FollowUp(rows, counts, provinces)


@dataclass
class BinomeView:
    """Who answered what and when, through the links: each person, and the answers where they differ."""

    invitation: Invitation | None
    invitees: list[Invitee]
    differences: list[tuple[QuestionInfo, list[str]]]


def binome_view(edition: Edition, commune: Commune) -> BinomeView:
    """The commune's links for an edition and the answers on which its two people differ (three queries)."""
    invitation = (
        Invitation.objects.filter(edition=edition, commune=commune)
        .select_related("accepted_single_by")
        .prefetch_related(Prefetch("invitees", queryset=Invitee.objects.order_by("role")))
        .first()
    )
    if invitation is None:
        return BinomeView(None, [], [])
    invitees = list(invitation.invitees.all())
    differences = []
    if len(invitees) == 2:
        for question in question_infos([edition.pk]):
            values = [invitee.answers.get(question.code) for invitee in invitees]
            if values[0] != values[1]:
                differences.append((question, [link_answer_text(question, value) for value in values]))
    return BinomeView(invitation, invitees, differences)


def link_answer_text(question: QuestionInfo, value) -> str:
    """An answer kept in an invitee's version (JSON), as a person reads it."""
    if value is None:
        return "—"
    if isinstance(value, list):
        value = tuple(value)
    return answer_text(question, value)


@dataclass
class CommuneBase:
    """Which communes an edition's comparison rests on, against one earlier edition."""

    edition: EditionInfo
    answered: int  # communes that answered the earlier edition
    both: int  # communes that answered both
    same: bool  # the same communes answered both


def comparison_bases(current: EditionResults, editions: list[EditionResults], sets: dict) -> list[CommuneBase]:
    """For each earlier edition, how far the communes that answered it are the current edition's."""
    mine = sets.get(current.edition.id, frozenset())
    return [
        CommuneBase(
            e.edition,
            len(sets.get(e.edition.id, ())),
            len(mine & sets.get(e.edition.id, frozenset())),
            mine == sets.get(e.edition.id, frozenset()),
        )
        for e in editions
        if e.edition.year < current.edition.year
    ]


# Communes like this one --------------------------------------------------------------------------

PEER_POPULATION_RATIO = 2  # similar population: between half and twice the commune's


def peer_commune_ids(commune: Commune) -> QuerySet:
    """The other communes of the territory in the same province, of a similar population when it is known.

    A queryset, read as a subquery: the pages run the same queries whether a commune has peers or none.
    """
    communes = Commune.objects.filter(territory_id=commune.territory_id, province=commune.province).exclude(
        pk=commune.pk
    )
    if commune.population:
        communes = communes.filter(
            population__gte=commune.population // PEER_POPULATION_RATIO,
            population__lte=commune.population * PEER_POPULATION_RATIO,
        )
    return communes.values_list("pk", flat=True)


@dataclass
class PeerView:
    """The figures of the communes like this one that answered, by question code (withheld under three)."""

    respondents: int
    answers: dict[str, CommuneAnswer]
    by_population: bool = False  # False when the commune's population is not known: same province only


def peer_view(edition: Edition, commune: Commune, *, see_small: bool = False) -> PeerView:
    """The edition's figures over the communes like this one, set beside its answers (a fixed number of queries).

    The same function as the territory's figures (`commune_answers` over the results), restricted to the
    peers; figures over fewer than three communes are withheld unless `see_small` (the referent).
    """
    peers = territory_results(edition.territory, edition_ids=[edition.pk], commune_ids=peer_commune_ids(commune))
    results = peers.for_edition(edition.pk)
    if not see_small:
        results = public_summary(results)
    values = commune_values(commune, peers.questions).get(edition.pk, {})
    answers = commune_answers(peers.questions_of(edition.pk), results, values)
    return PeerView(
        results.edition.respondents, {answer.code: answer for answer in answers}, by_population=bool(commune.population)
    )


# For other apps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceAnswers:
    """The communes' answers to one single-choice question of a territory's latest edition that asked it."""

    edition_year: int
    edition_title: str
    answers: dict[int, str]  # commune id → the chosen option's code


def latest_choice_answers(territory_id: int, code: str) -> ChoiceAnswers | None:
    """Plain data for other apps (mutualisation's pooled demand reads `central_purchasing`): the latest edition of
    the territory with answers to the question `code`, and each answering commune's chosen option (two queries).
    None when no edition asked it or nobody answered."""
    edition = (
        Edition.objects.filter(territory_id=territory_id, questions__code=code, responses__isnull=False)
        .order_by("-year", "-pk")
        .distinct()
        .first()
    )
    if edition is None:
        return None
    rows = AnswerChoice.objects.filter(answer__question__edition=edition, answer__question__code=code).values_list(
        "answer__response__commune_id", "option__code"
    )
    return ChoiceAnswers(edition_year=edition.year, edition_title=edition.title, answers=dict(rows))
