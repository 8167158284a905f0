"""Running tallies: every source of a counted answer changes the figures on the next read, and a recount
of the answers finds no difference (diagnostics.services.tallies)."""

import contextlib
import random
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from diagnostics.answering import version_field_name, version_token
from diagnostics.demo import responses_generate
from diagnostics.models import AnswerTally, GroupKind, Respondent
from diagnostics.selectors.responses import fill_state, response_queryset
from diagnostics.selectors.results import campaign_results, pillar_scores, territory_pillar_scores
from diagnostics.services import builder, campaigns, responses
from diagnostics.services.builder import OptionInput
from diagnostics.services.tallies import (
    contributions,
    difference,
    respondents_delete,
    tallies_check,
    tallies_rebuild,
    tallies_recount,
)
from privacy.models import PersonKind
from privacy.services import person_erase

pytestmark = pytest.mark.django_db


def autosave(response, question, raw):
    data = MultiValueDict()
    if isinstance(raw, dict):
        for key, value in raw.items():
            data.setlist(f"q{question.pk}{key}", value if isinstance(value, list) else [value])
    else:
        data.setlist(f"q{question.pk}", raw if isinstance(raw, list) else [raw])
    response.refresh_from_db()
    state = fill_state(response)  # the versions a fresh form carries
    for (question_id, row_id), _answer in state.answers.items():
        if question_id == question.pk:
            token = version_token(state.version(question_id, row_id), state.value(question_id, row_id))
            data[version_field_name(question_id, row_id)] = token
    outcome = responses.response_autosave(response=response, question_id=question.pk, data=data)
    assert outcome.ok, outcome.errors


def answer(campaign, group, answers: dict, *, submit=True, respondent=None):
    response = respondent.response if respondent else campaigns.response_create(campaign=campaign, group=group)
    for question, raw in answers.items():
        autosave(response, question, raw)
    if submit:
        responses.response_submit(response=response)
    return response


def yes_single(small) -> str:
    return str(small.option("single", 2))


def question_figures(campaign, question):
    result = next(q for q in campaign_results(campaign).questions if q.id == question.pk)
    return result.overall


def assert_consistent():
    assert tallies_check() == []


@pytest.fixture
def options(small):
    return [str(o.pk) for o in small.q["single"].options.all()]  # Non (0), Un peu (50), Oui (100)


def test_submission_counts_the_answers_and_unsubmitted_ones_do_not(campaign, groups, small, options):
    citizens = groups[GroupKind.CITIZENS]
    response = answer(campaign, citizens, {small.q["single"]: options[2], small.q["scale10"]: "8"}, submit=False)
    assert question_figures(campaign, small.q["single"]).answered == 0
    assert (
        question_figures(campaign, small.q["single"]).answered
        == campaign_results(campaign, include_partial=True).questions[0].overall.answered - 1
    )
    responses.response_submit(response=response)
    figures = question_figures(campaign, small.q["single"])
    assert figures.answered == 1
    assert [o.count for o in figures.options] == [0, 0, 1]
    assert question_figures(campaign, small.q["scale10"]).mean == 8
    # Submitting twice counts once.
    responses.response_submit(response=response)
    assert question_figures(campaign, small.q["single"]).answered == 1
    assert_consistent()


def test_changing_and_clearing_an_answer_after_submission(campaign, groups, small, options):
    response = answer(campaign, groups[GroupKind.COLLEGE], {small.q["single"]: options[2], small.q["scale10"]: "8"})
    autosave(response, small.q["single"], options[0])
    assert [o.count for o in question_figures(campaign, small.q["single"]).options] == [1, 0, 0]
    assert pillar_scores(campaign.commune).as_dict()["governance"] == pytest.approx(
        (0 + 700 / 9) / 2, abs=0.01
    )  # scale 1–10: 8 is 7/9
    autosave(response, small.q["scale10"], "")
    assert question_figures(campaign, small.q["scale10"]).answered == 0
    assert question_figures(campaign, small.q["scale10"]).mean is None
    autosave(response, small.q["scale10"], "3")
    assert question_figures(campaign, small.q["scale10"]).mean == 3
    assert_consistent()


def test_numbers_texts_others_and_grids(campaign, groups, small):
    q = small.q
    row_a = small.row("grid", 0)
    response = answer(
        campaign,
        groups[GroupKind.CITIZENS],
        {
            q["single"]: str(small.option("single", 0)),
            q["number"]: "4.5",
            q["multiple"]: {"": ["other"], "_other": "Navettes"},
            q["long"]: "Bravo",
            q["grid"]: {f"_r{row_a}": "5"},
        },
    )
    results = {r.id: r for r in campaign_results(campaign).questions}
    assert results[q["number"].pk].overall.mean == 4.5
    assert results[q["multiple"].pk].texts_total == 1
    assert results[q["long"].pk].overall.answered == 1
    assert results[q["grid"].pk].rows[0].overall.answered == 1
    autosave(response, q["number"], "7")
    autosave(response, q["multiple"], {"": [str(small.option("multiple", 0))], "_other": ""})
    results = {r.id: r for r in campaign_results(campaign).questions}
    assert results[q["number"].pk].overall.mean == 7
    assert results[q["multiple"].pk].texts_total == 0
    assert_consistent()


def test_a_display_condition_hiding_a_submitted_answer(campaign, groups, small):
    yes, no = (str(o.pk) for o in small.q["yesno"].options.all())
    response = answer(
        campaign,
        groups[GroupKind.CITIZENS],
        {small.q["single"]: yes_single(small), small.q["yesno"]: yes, small.q["conditional"]: "Oui"},
    )
    assert question_figures(campaign, small.q["conditional"]).answered == 1
    autosave(response, small.q["yesno"], no)
    assert question_figures(campaign, small.q["conditional"]).answered == 0
    autosave(response, small.q["yesno"], yes)
    assert question_figures(campaign, small.q["conditional"]).answered == 1
    assert_consistent()


def test_figures_per_group_and_the_results_page(staff_a_client, campaign, groups, small, options, commune_a):
    college, citizens = groups[GroupKind.COLLEGE], groups[GroupKind.CITIZENS]
    answer(campaign, college, {small.q["single"]: options[2]})
    answer(campaign, citizens, {small.q["single"]: options[0]})
    figures = next(q for q in campaign_results(campaign).questions if q.id == small.q["single"].pk)
    assert figures.by_group[college.pk].answered == 1 and figures.by_group[citizens.pk].answered == 1
    page = reverse("diagnostics:campaign-results", args=[commune_a.slug, campaign.pk])
    before = staff_a_client.get(page).content.decode()
    answer(campaign, citizens, {small.q["single"]: options[1]})
    after = staff_a_client.get(page).content.decode()
    assert before != after
    assert campaign_results(campaign).total.submitted == 3


def test_rescoring_a_question_changes_the_pillar_scores(campaign, groups, small, options, referent):
    answer(campaign, groups[GroupKind.COLLEGE], {small.q["single"]: options[2]})
    question = small.q["single"]
    assert pillar_scores(campaign.commune).as_dict()["governance"] == 100
    builder.question_update(
        question=question,
        actor=referent,
        fields={},
        options=[OptionInput(o.pk, o.label_fr, o.label_en, 20) for o in question.options.all()],
    )
    assert pillar_scores(campaign.commune).as_dict()["governance"] == 20
    assert territory_pillar_scores(campaign.commune.territory)[0].scores["governance"] == 20
    assert_consistent()


def test_the_demo_generator_counts_its_submitted_answers(campaign, groups):
    written = responses_generate(
        campaign,
        rng=random.Random(3),  # noqa: S311 - fictitious answers
        count=12,
        groups=list(groups.values()),
        submitted_share=0.5,  # noqa: S311
    )
    assert written > 0
    assert AnswerTally.objects.filter(campaign=campaign).exists()
    assert_consistent()


def test_erasing_a_respondent_keeps_their_answers_counted(campaign, respondent, small, options, referent):
    answer(campaign, None, {small.q["single"]: options[1]}, respondent=respondent)
    person_erase(kind=PersonKind.RESPONDENT, pk=respondent.pk, commune=campaign.commune, actor=referent)
    assert question_figures(campaign, small.q["single"]).answered == 1
    assert_consistent()


def test_deleting_a_respondent_takes_their_answers_out(campaign, respondent, small, options):
    answer(campaign, None, {small.q["single"]: options[1]}, respondent=respondent)
    assert question_figures(campaign, small.q["single"]).answered == 1
    respondents_delete(respondents=Respondent.objects.filter(pk=respondent.pk))
    assert question_figures(campaign, small.q["single"]).answered == 0
    assert_consistent()


def test_deleting_a_campaign_deletes_its_tallies(campaign, groups, small, options):
    answer(campaign, groups[GroupKind.COLLEGE], {small.q["single"]: options[1]})
    assert AnswerTally.objects.filter(campaign=campaign).exists()
    campaign.commune.delete()
    assert not AnswerTally.objects.exists()


def test_the_check_finds_a_wrong_tally_and_fix_rewrites_it(campaign, groups, small, options, capsys):
    answer(campaign, groups[GroupKind.COLLEGE], {small.q["single"]: options[1], small.q["scale10"]: "4"})
    call_command("tallies_check")
    assert "agree" in capsys.readouterr().out
    tally = AnswerTally.objects.filter(question=small.q["single"]).get()
    tally.answers = 5
    tally.save(update_fields=["answers"])
    AnswerTally.objects.filter(question=small.q["scale10"]).delete()
    assert len(tallies_check(campaign_ids=[campaign.pk])) == 2
    with pytest.raises(CommandError, match="2 tally rows differ"):
        call_command("tallies_check")
    call_command("tallies_check", "--fix")
    assert tallies_check() == []
    assert question_figures(campaign, small.q["single"]).answered == 1


def test_rebuild_and_recount_agree_with_the_running_tallies(campaign, groups, small, options):
    for index in range(4):
        answer(campaign, groups[GroupKind.CITIZENS], {small.q["single"]: options[index % 3], small.q["number"]: "2"})
    stored = {(t.question_id, t.answers) for t in AnswerTally.objects.filter(answers__gt=0)}
    assert tallies_rebuild(campaign_ids=[campaign.pk]) == len(tallies_recount(campaign_ids=[campaign.pk]))
    assert {(t.question_id, t.answers) for t in AnswerTally.objects.all()} == stored


def test_difference_of_contributions():
    class A:
        submitted, applicable, has_value = True, True, True
        campaign_id, question_id, row_id, group_id, number_value, choice_key, other_text = 1, 2, None, 3, None, "5", ""
        score = 50.0

    class B(A):
        choice_key, score, other_text = "6", 100.0, "x"

    before, after = contributions([A()]), contributions([B()])
    change = difference(before, after)
    assert sorted(change.values()) == [[-1, 0, -50.0, -1], [1, 1, 100.0, 1]]
    assert difference(before, before) == {}

    class Hidden(A):
        applicable = False

    assert contributions([Hidden()]) == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_and_changes_lose_no_count(campaign, groups, small, options):
    """Respondents submitting and changing the same answer at once (threads; on PostgreSQL truly
    concurrent, each on its own connection; SQLite writes one at a time, so they are taken in turn)."""
    count = 6
    started = [
        answer(campaign, groups[GroupKind.CITIZENS], {small.q["single"]: options[2]}, submit=False)
        for _ in range(count)
    ]
    barrier = threading.Barrier(count)
    in_turn = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    failures = []

    def respondent(response):
        try:
            barrier.wait(timeout=30)
            with in_turn:
                responses.response_submit(response=response_queryset().get(pk=response.pk))
            with in_turn:
                autosave(response_queryset().get(pk=response.pk), small.q["single"], options[1])
        except Exception as error:  # noqa: BLE001 - reported below, the thread must not die silently
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=respondent, args=(r,)) for r in started]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert [o.count for o in question_figures(campaign, small.q["single"]).options] == [0, count, 0]
    assert_consistent()
