"""Results aggregated in the database: figures, pillar scores, query counts, exports."""

import csv
import io
import random

import openpyxl
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from diagnostics import exports
from diagnostics.demo import responses_generate
from diagnostics.models import Answer, GroupKind
from diagnostics.selectors.results import campaign_results, pillar_scores, territory_pillar_scores
from diagnostics.services import campaigns, responses
from tests.factories import CommuneFactory
from tests.helpers import cold_structures


def fill(campaign, group, answers: dict, *, submit=True, referent=None):
    """A response of `group` giving `answers` ({question: raw value(s)}), submitted unless told otherwise."""
    response = campaigns.response_create(campaign=campaign, group=group)
    data = MultiValueDict()
    for question, raw in answers.items():
        if isinstance(raw, dict):
            for key, value in raw.items():
                data.setlist(f"q{question.pk}{key}", value if isinstance(value, list) else [value])
        else:
            data.setlist(f"q{question.pk}", raw if isinstance(raw, list) else [raw])
    for question in answers:
        responses.response_autosave(response=response, question_id=question.pk, data=data)
    if submit:
        responses.response_submit(response=response)
    return response


@pytest.fixture
def answered(campaign, groups, small):
    """Three submitted responses (two from the Collège, one citizen) and one unfinished."""
    q = small.q
    no, little, yes = (str(o.pk) for o in q["single"].options.all())
    bikes, cars, bus = (str(o.pk) for o in q["multiple"].options.all())
    y, n = (str(o.pk) for o in q["yesno"].options.all())
    row_a, row_b = small.row("grid", 0), small.row("grid", 1)
    college, citizens = groups[GroupKind.COLLEGE], groups[GroupKind.CITIZENS]
    fill(
        campaign,
        college,
        {
            q["single"]: yes,
            q["multiple"]: {"": [bikes, cars]},
            q["yesno"]: y,
            q["conditional"]: "Précision",
            q["scale10"]: "10",
            q["number"]: "4",
            q["long"]: "Bravo",
            q["grid"]: {f"_r{row_a}": "5", f"_r{row_b}": "3"},
        },
    )
    fill(
        campaign,
        college,
        {
            q["single"]: little,
            q["multiple"]: {"": ["other"], "_other": "Navettes"},
            q["yesno"]: n,
            q["scale10"]: "4",
            q["number"]: "10",
        },
    )
    fill(
        campaign,
        citizens,
        {q["single"]: no, q["multiple"]: {"": [bus]}, q["scale10"]: "1", q["grid"]: {f"_r{row_a}": "1"}},
    )
    fill(campaign, citizens, {q["single"]: yes, q["scale10"]: "10"}, submit=False)
    return campaign


def result_of(results, question):
    return next(r for r in results.questions if r.id == question.pk)


def test_participation_per_group(answered, groups, respondent):
    results = campaign_results(answered)
    college = results.group(groups[GroupKind.COLLEGE].pk)
    citizens = results.group(groups[GroupKind.CITIZENS].pk)
    admin = results.group(groups[GroupKind.ADMINISTRATION].pk)
    assert (college.started, college.submitted, college.counted) == (2, 2, 2)
    assert (citizens.started, citizens.submitted, citizens.counted) == (2, 1, 1)
    assert (admin.invited, admin.submitted, admin.response_rate) == (1, 0, 0)
    assert citizens.response_rate is None
    assert results.total.counted == 3
    assert campaign_results(answered, include_partial=True).total.counted == 4


def test_choice_counts_and_shares_overall_and_per_group(answered, small, groups):
    results = campaign_results(answered)
    single = result_of(results, small.q["single"])
    assert [(o.label, o.count) for o in single.overall.options] == [("Non", 1), ("Un peu", 1), ("Oui", 1)]
    assert single.overall.answered == 3
    assert single.overall.options[2].share == pytest.approx(1 / 3)
    college = single.by_group[groups[GroupKind.COLLEGE].pk]
    assert [o.count for o in college.options] == [0, 1, 1]
    multiple = result_of(results, small.q["multiple"])
    assert [(o.option_id is None, o.count) for o in multiple.overall.options] == [
        (False, 1),
        (False, 1),
        (False, 1),
        (True, 1),
    ]
    assert [t.text for t in multiple.texts] == ["Navettes"]
    assert multiple.texts_total == 1


def test_scale_number_grid_and_texts(answered, small):
    results = campaign_results(answered)
    scale = result_of(results, small.q["scale10"]).overall
    assert scale.answered == 3
    assert scale.mean == pytest.approx(5)
    assert scale.median == 4
    assert dict(scale.distribution)[10.0] == 1
    assert len(scale.distribution) == 10
    number = result_of(results, small.q["number"]).overall
    assert (number.mean, number.median, number.minimum, number.maximum) == (7, 7, 4, 10)
    # Shown as respondents typed them: 4 and 10, not 4.0 or 10.00.
    assert isinstance(number.minimum, int)
    assert isinstance(number.maximum, int)
    grid = result_of(results, small.q["grid"])
    assert [(r.overall.answered, r.overall.mean) for r in grid.rows] == [(2, 3.0), (1, 3.0)]
    long = result_of(results, small.q["long"])
    assert [t.text for t in long.texts] == ["Bravo"]
    assert long.texts_total == 1


def test_decimal_extremes_keep_their_significant_digits(campaign, groups, small):
    single = str(small.option("single", 0))
    for typed in ("2,5", "26,1"):
        fill(campaign, groups[GroupKind.CITIZENS], {small.q["single"]: single, small.q["number"]: typed})
    number = result_of(campaign_results(campaign), small.q["number"]).overall
    assert (number.minimum, number.maximum) == (2.5, 26.1)


def test_partial_responses_are_counted_only_when_asked(answered, small):
    assert result_of(campaign_results(answered), small.q["scale10"]).overall.answered == 3
    assert result_of(campaign_results(answered, include_partial=True), small.q["scale10"]).overall.answered == 4


def test_hidden_answers_are_not_counted(answered, small, groups):
    conditional = result_of(campaign_results(answered), small.q["conditional"])
    assert conditional.overall.answered == 1
    q = small.q
    fill(answered, groups[GroupKind.OTHER], {q["single"]: str(small.option("single", 0)), q["conditional"]: "Caché"})
    assert result_of(campaign_results(answered), small.q["conditional"]).overall.answered == 1


def test_pillar_scores(answered, groups, commune_a, settings):
    settings.PRIVACY_MIN_GROUP_SIZE = 1
    results = campaign_results(answered)
    scores = {p.pillar: p for p in results.pillars}
    # Governance: single (100, 50, 0 → 50) and scale10 (100, 33.3, 0 → 44.4); the yes/no carries no maturity.
    assert scores["governance"].score == pytest.approx((50 + (100 + 100 / 3 + 0) / 3) / 2)
    assert scores["governance"].questions == 2
    # Mobility: multiple (80, 0, 40 → 40); scale5 unanswered.
    assert scores["mobility"].score == pytest.approx(40)
    # Quality of life: grid statements (100, 50, 0 → 50).
    assert scores["quality_of_life"].score == pytest.approx(50)
    assert scores["economy"].score is None
    college = groups[GroupKind.COLLEGE].pk
    assert scores["mobility"].by_group[college] == pytest.approx(40)
    radar = results.radar()
    assert len(radar["labels"]) == 6
    assert radar["values"][0] == 40.0

    commune = pillar_scores(commune_a)
    assert commune.responses == 3
    assert commune.as_dict()["mobility"] == pytest.approx(40)
    by_kind = {p.pillar: p.by_group for p in commune.pillars}
    assert set(by_kind["governance"]) == {GroupKind.COLLEGE, GroupKind.CITIZENS}
    assert pillar_scores(commune_a, campaign=answered).as_dict() == commune.as_dict()


def test_pillar_scores_withhold_kinds_under_the_minimum_group_size(answered, commune_a, settings):
    settings.PRIVACY_MIN_GROUP_SIZE = 3  # the college and the citizens count fewer respondents each
    commune = pillar_scores(commune_a)
    assert commune.as_dict()["mobility"] == pytest.approx(40)  # overall figures stay
    assert all(p.by_group == {} for p in commune.pillars)


def test_territory_scores_cover_every_commune(answered, commune_a, commune_b, territory, commune_other):
    rows = territory_pillar_scores(territory)
    assert [r.name for r in rows] == ["Courcelles", "Lobbes"]
    courcelles = rows[0]
    assert courcelles.responses == 3
    assert courcelles.scores["mobility"] == pytest.approx(40)
    assert rows[1].responses == 0
    assert rows[1].scores["mobility"] is None


def test_results_take_a_fixed_number_of_queries(campaign, groups, small):
    random_source = random.Random(1)  # noqa: S311 - test data
    responses_generate(campaign, rng=random_source, count=1, groups=[groups[GroupKind.COLLEGE]])
    with cold_structures(), CaptureQueriesContext(connection) as one:
        campaign_results(campaign)
    responses_generate(
        campaign, rng=random_source, count=60, groups=[groups[GroupKind.CITIZENS], groups[GroupKind.OTHER]]
    )
    with cold_structures(), CaptureQueriesContext(connection) as many:
        results = campaign_results(campaign)
    assert results.total.started == 61
    assert len(one) == len(many)


def test_generated_answers_carry_their_response_group_and_submission(campaign, groups):
    random_source = random.Random(3)  # noqa: S311 - test data
    responses_generate(campaign, rng=random_source, count=20, groups=list(groups.values()), submitted_share=0.5)
    answers = Answer.objects.filter(campaign=campaign)
    assert answers.filter(submitted=True).exists()
    assert answers.filter(submitted=False).exists()
    assert not answers.exclude(group_id=F("response__group_id")).exists()
    assert not answers.filter(submitted=True, response__submitted_at__isnull=True).exists()
    assert not answers.filter(submitted=False, response__submitted_at__isnull=False).exists()


def test_pillar_and_territory_selectors_take_a_fixed_number_of_queries(answered, commune_a, territory):
    with CaptureQueriesContext(connection) as first:
        pillar_scores(commune_a)
        territory_pillar_scores(territory)
    CommuneFactory.create_batch(3, territory=territory)
    with CaptureQueriesContext(connection) as second:
        pillar_scores(commune_a)
        territory_pillar_scores(territory)
    assert len(first) == len(second) == 8


# Exports -----------------------------------------------------------------------------------------


@pytest.fixture
def english():
    """Exports speak the active language; these tests read their English headers."""
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_results_csv(answered, small):
    content = exports.results_csv(campaign_results(answered)).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    header = rows[1]
    assert header[:5] == ["Code", "Question", "Type", "Group", "Answer or statement"]
    single_rows = [r for r in rows if r and r[0] == small.q["single"].code and r[3] == "Everybody"]
    assert [(r[4], r[6]) for r in single_rows] == [("No", "1"), ("A little", "1"), ("Yes", "1")]
    assert any(r and r[0] == "Pillars" for r in rows)
    with translation.override("fr"):
        french = exports.results_csv(campaign_results(answered)).decode("utf-8")
    assert "Groupe" in french.splitlines()[1]


@pytest.mark.usefixtures("english")
def test_results_xlsx_has_three_sheets(answered):
    book = openpyxl.load_workbook(io.BytesIO(exports.results_xlsx(campaign_results(answered))))
    assert book.sheetnames == ["Questions", "Pillars", "Participation"]
    participation = list(book["Participation"].values)
    assert participation[0][0] == "Group"
    assert participation[-1][3] == 3  # submitted, everybody


def test_raw_answers_follow_french_typography(answered, small):
    with translation.override("fr"):
        frame = exports.raw_answers_frame(answered)
    multiple_column = next(c for c in frame.columns if c.startswith(f"{small.q['multiple'].code} "))
    assert "Autre\u00a0: Navettes" in set(frame[multiple_column])


@pytest.mark.usefixtures("english")
def test_raw_answers_one_row_per_response_and_no_names(answered, small, respondent):
    frame = exports.raw_answers_frame(answered)
    assert len(frame) == 3
    single_column = next(c for c in frame.columns if c.startswith(f"{small.q['single'].code} "))
    assert sorted(frame[single_column]) == ["A little", "No", "Yes"]
    multiple_column = next(c for c in frame.columns if c.startswith(f"{small.q['multiple'].code} "))
    assert "Other: Navettes" in set(frame[multiple_column])
    grid_columns = [c for c in frame.columns if c.startswith(f"{small.q['grid'].code}.")]
    assert len(grid_columns) == 2
    csv_text = exports.raw_answers_csv(answered).decode("utf-8")
    assert "marie@courcelles.example" not in csv_text
    assert "Marie Dumont" not in csv_text
    assert len(exports.raw_answers_frame(answered, include_partial=True)) == 4
    book = openpyxl.load_workbook(io.BytesIO(exports.raw_answers_xlsx(answered)))
    assert book.active.max_row == 4


@pytest.mark.usefixtures("english")
def test_raw_answers_carry_no_timestamp_and_come_shuffled(answered, small, monkeypatch):
    frame = exports.raw_answers_frame(answered)
    assert list(frame.columns[:2]) == ["Response", "Group"]
    assert "Submitted at" not in frame.columns
    single_column = next(c for c in frame.columns if c.startswith(f"{small.q['single'].code} "))
    shuffled = []
    monkeypatch.setattr(exports.random.SystemRandom, "shuffle", lambda self, items: shuffled.append(len(items)))
    in_order = list(exports.raw_answers_frame(answered)[single_column])
    monkeypatch.setattr(exports.random.SystemRandom, "shuffle", lambda self, items: items.reverse())
    reversed_ = list(exports.raw_answers_frame(answered)[single_column])
    assert shuffled == [3]
    assert reversed_ == in_order[::-1] != in_order


def test_exports_neutralise_formulas(campaign, groups, small):
    fill(
        campaign,
        groups[GroupKind.CITIZENS],
        {small.q["long"]: '=HYPERLINK("http://evil")', small.q["single"]: str(small.option("single", 0))},
    )
    text = exports.raw_answers_csv(campaign).decode("utf-8")
    assert "'=HYPERLINK" in text
    assert exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("Normal") == "Normal"
    assert exports.safe_cell(3) == 3


@pytest.mark.usefixtures("english")
def test_raw_answers_of_an_empty_campaign(campaign):
    frame = exports.raw_answers_frame(campaign)
    assert len(frame) == 0
    assert "Response" in frame.columns


def test_one_question_results_match_the_full_results(answered, small):
    """The results page loads each question's figures per group on demand from `question_id`."""
    for include_partial in (False, True):
        full = campaign_results(answered, include_partial=include_partial)
        for question in full.questions:
            (alone,) = campaign_results(answered, include_partial=include_partial, question_id=question.id).questions
            assert alone == question


def test_one_question_results_take_a_fixed_number_of_queries(campaign, groups, small):
    random_source = random.Random(2)  # noqa: S311 - test data
    responses_generate(campaign, rng=random_source, count=1, groups=[groups[GroupKind.COLLEGE]])
    with cold_structures(), CaptureQueriesContext(connection) as one:
        campaign_results(campaign, question_id=small.q["grid"].pk)
    responses_generate(campaign, rng=random_source, count=30, groups=list(groups.values()))
    with cold_structures(), CaptureQueriesContext(connection) as many:
        campaign_results(campaign, question_id=small.q["grid"].pk)
    assert len(one) == len(many)


def test_written_answers_come_newest_first(campaign, groups, small):
    for text in ["premier", "deuxième", "troisième"]:
        fill(campaign, groups[GroupKind.COLLEGE], {small.q["long"]: text}, submit=False)
    result = result_of(campaign_results(campaign, include_partial=True), small.q["long"])
    assert [t.text for t in result.texts] == ["troisième", "deuxième", "premier"]
