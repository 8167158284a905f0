"""Filling in through a personal link: links, autosave, stale tabs, display conditions, submitting."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from diagnostics.answering import ERROR_SCALE, ERROR_TOO_LONG, version_token
from diagnostics.models import Answer, Campaign, GroupKind, Response
from diagnostics.selectors.responses import fill_state
from diagnostics.services import campaigns, responses
from diagnostics.services.responses import LinkError, MissingAnswers
from diagnostics.tokens import open_link_token, response_token
from smartregion.errors import ServiceError


def post(**fields) -> MultiValueDict:
    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in fields.items()})


def autosave(response, question, **fields):
    return responses.response_autosave(response=response, question_id=question.pk, data=post(**fields))


def token_of(response, question, row=None):
    """The version field a freshly rendered page would carry for this answer."""
    state = fill_state(response)
    name = f"v_q{question.pk}" + (f"_r{row}" if row else "")
    return name, version_token(state.version(question.pk, row), state.value(question.pk, row))


# Links -------------------------------------------------------------------------------------------


def test_link_finds_its_response(response, token):
    assert responses.response_from_token(token) == response


@pytest.mark.parametrize("bad", ["", "abc", "x" * 43, "x" * 200, "../../etc/passwd"])
def test_unknown_or_mistyped_links_are_refused(response, token, bad):
    with pytest.raises(LinkError) as error:
        responses.response_from_token(bad)
    assert error.value.message == responses.ERROR_LINK_UNKNOWN
    assert error.value.status == 404


def test_truncated_link_is_refused(response, token):
    with pytest.raises(LinkError):
        responses.response_from_token(token[:-1])


def test_revoked_link_is_refused(respondent, token, referent):
    campaigns.respondent_revoke(respondent=respondent, actor=referent)
    with pytest.raises(LinkError) as error:
        responses.response_from_token(token)
    assert error.value.message == responses.ERROR_LINK_REVOKED
    assert error.value.status == 410


def test_tokens_are_long_random_and_stored_only_hashed(response, token):
    assert len(token) == 43
    stored = Response.objects.get(pk=response.pk)
    assert token not in (stored.token_hash, stored.token_nonce)


def test_campaign_not_open_yet_or_closed(campaign, response, small):
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=timezone.localdate() + timedelta(days=2))
    response.campaign.refresh_from_db()
    with pytest.raises(LinkError) as error:
        autosave(response, small.q["scale10"], **{f"q{small.q['scale10'].pk}": "5"})
    assert error.value.status == 403
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=9), closes_on=timezone.localdate() - timedelta(days=1)
    )
    response.campaign.refresh_from_db()
    with pytest.raises(LinkError) as error:
        autosave(response, small.q["scale10"], **{f"q{small.q['scale10'].pk}": "5"})
    assert error.value.status == 410
    assert not Answer.objects.exists()


# Autosave ----------------------------------------------------------------------------------------


def test_autosave_stores_the_answer_with_its_score(response, small):
    q = small.q["scale10"]
    outcome = autosave(response, q, **{f"q{q.pk}": "10"})
    assert outcome.ok
    answer = Answer.objects.get(response=response, question=q)
    assert answer.number_value == 10
    assert answer.score == 100
    assert answer.version == 1
    response.refresh_from_db()
    assert response.started_at is not None
    assert response.last_saved_at is not None


def test_out_of_range_and_over_long_answers_are_refused_and_nothing_is_lost(response, small):
    q = small.q["scale5"]
    autosave(response, q, **{f"q{q.pk}": "4"})
    name, value = token_of(response, q)
    outcome = autosave(response, q, **{f"q{q.pk}": "6", name: value})
    assert outcome.questions[q.pk].error == str(ERROR_SCALE % {"low": 1, "high": 5})
    assert Answer.objects.get(question=q).number_value == 4
    short = small.q["short"]
    outcome = autosave(response, short, **{f"q{short.pk}": "x" * 25})
    assert outcome.questions[short.pk].error == str(ERROR_TOO_LONG % {"limit": 20, "length": 25})
    assert outcome.questions[short.pk].raw == "x" * 25
    assert not Answer.objects.filter(question=short).exists()


def test_multiple_choice_changes_replace_the_chosen_options(response, small):
    q = small.q["multiple"]
    bikes, cars, bus = (o.pk for o in q.options.all())
    autosave(response, q, **{f"q{q.pk}": [str(bikes), str(cars)]})
    name, value = token_of(response, q)
    autosave(response, q, **{f"q{q.pk}": [str(cars), str(bus), "other"], f"q{q.pk}_other": "Trottinettes", name: value})
    answer = Answer.objects.get(question=q)
    assert set(answer.choices.values_list("option_id", flat=True)) == {cars, bus}
    assert answer.other_text == "Trottinettes"
    assert answer.score == 80
    assert answer.version == 2


def test_clearing_an_answer_keeps_the_row_but_it_no_longer_counts(response, small):
    q = small.q["long"]
    autosave(response, q, **{f"q{q.pk}": "Un texte"})
    name, value = token_of(response, q)
    autosave(response, q, **{f"q{q.pk}": "", name: value})
    answer = Answer.objects.get(question=q)
    assert not answer.has_value
    assert answer.version == 2


def test_stale_tab_never_overwrites_a_newer_answer(response, small):
    q = small.q["long"]
    autosave(response, q, **{f"q{q.pk}": "Premier jet"})
    tab_one = token_of(response, q)
    tab_two = token_of(response, q)
    assert autosave(response, q, **{f"q{q.pk}": "Version de l'onglet 1", tab_one[0]: tab_one[1]}).ok
    outcome = autosave(response, q, **{f"q{q.pk}": "Version de l'onglet 2", tab_two[0]: tab_two[1]})
    assert outcome.conflicts == [q.pk]
    assert outcome.questions[q.pk].error == str(responses.ERROR_CONFLICT)
    assert Answer.objects.get(question=q).text_value == "Version de l'onglet 1"


def test_stale_page_save_keeps_newer_answers_it_did_not_touch(response, small):
    """Tab 2 was opened, tab 1 changed Q-scale10, tab 2 saves its page with other changes only."""
    scale, single = small.q["scale10"], small.q["single"]
    autosave(response, scale, **{f"q{scale.pk}": "3"})
    stale = dict([token_of(response, scale), token_of(response, single)])
    autosave(response, scale, **{f"q{scale.pk}": "9", stale_name(scale): stale[stale_name(scale)]})
    yes = small.option("single", 2)
    outcome = responses.response_save_page(
        response=response,
        section_id=scale.section_id,
        data=post(**{f"q{scale.pk}": "3", f"q{single.pk}": str(yes), **stale}),
    )
    assert outcome.ok
    assert Answer.objects.get(question=scale).number_value == 9
    assert Answer.objects.get(question=single).score == 100


def stale_name(question):
    return f"v_q{question.pk}"


def test_page_save_stores_valid_answers_and_reports_the_others(response, small):
    scale, single = small.q["scale10"], small.q["single"]
    outcome = responses.response_save_page(
        response=response,
        section_id=scale.section_id,
        data=post(**{f"q{scale.pk}": "42", f"q{single.pk}": str(small.option("single", 1))}),
    )
    assert not outcome.ok
    assert list(outcome.errors) == [scale.pk]
    assert outcome.questions[scale.pk].raw == "42"
    assert Answer.objects.get(question=single).score == 50
    assert not Answer.objects.filter(question=scale).exists()


def test_unknown_question_is_refused(response, small, template):
    with pytest.raises(ServiceError):
        responses.response_autosave(response=response, question_id=template.questions.first().pk, data=post())


def test_display_conditions_keep_hidden_answers_without_counting_them(response, small):
    yesno, conditional = small.q["yesno"], small.q["conditional"]
    yes, no = (o.pk for o in yesno.options.all())
    outcome = autosave(response, yesno, **{f"q{yesno.pk}": str(yes)})
    assert conditional.pk in outcome.visibility_changed
    autosave(response, conditional, **{f"q{conditional.pk}": "Détail"})
    name, value = token_of(response, yesno)
    outcome = autosave(response, yesno, **{f"q{yesno.pk}": str(no), name: value})
    assert conditional.pk in outcome.visibility_changed
    hidden = Answer.objects.get(question=conditional)
    assert hidden.text_value == "Détail"
    assert not hidden.applicable
    name, value = token_of(response, yesno)
    autosave(response, yesno, **{f"q{yesno.pk}": str(yes), name: value})
    assert Answer.objects.get(question=conditional).applicable


def test_grid_statements_are_saved_separately(response, small):
    grid = small.q["grid"]
    a, b = small.row("grid", 0), small.row("grid", 1)
    autosave(response, grid, **{f"q{grid.pk}_r{a}": "5", f"q{grid.pk}_r{b}": "1"})
    scores = dict(Answer.objects.filter(question=grid).values_list("row_id", "score"))
    assert scores == {a: 100, b: 0}


# Submitting --------------------------------------------------------------------------------------


def test_submit_needs_the_shown_required_answers(response, small):
    with pytest.raises(MissingAnswers) as error:
        responses.response_submit(response=response)
    assert error.value.question_ids == [small.q["single"].pk]
    autosave(response, small.q["single"], **{f"q{small.q['single'].pk}": str(small.option("single", 0))})
    result = responses.response_submit(response=response)
    assert not result.already_submitted
    assert Response.objects.get(pk=response.pk).submitted_at is not None


def test_submitting_twice_from_two_tabs_keeps_the_first_submission(response, small):
    autosave(response, small.q["single"], **{f"q{small.q['single'].pk}": str(small.option("single", 0))})
    first = responses.response_submit(response=response).response.submitted_at
    other_tab = Response.objects.get(pk=response.pk)
    other_tab.submitted_at = None  # what the second tab still believes
    second = responses.response_submit(response=other_tab)
    assert second.already_submitted
    assert Response.objects.get(pk=response.pk).submitted_at == first


def test_answers_stay_editable_after_submitting_until_closing(response, small, campaign):
    q = small.q["single"]
    autosave(response, q, **{f"q{q.pk}": str(small.option("single", 0))})
    responses.response_submit(response=response)
    name, value = token_of(response, q)
    assert autosave(response, q, **{f"q{q.pk}": str(small.option("single", 2)), name: value}).ok
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=9), closes_on=timezone.localdate() - timedelta(days=1)
    )
    response.campaign.refresh_from_db()
    with pytest.raises(LinkError):
        responses.response_submit(response=response)
    assert Answer.objects.get(question=q).score == 100


def copies(response) -> set[tuple]:
    """What each answer copies from its response: (group, submitted)."""
    return set(Answer.objects.filter(response=response).values_list("group_id", "submitted"))


def test_answers_carry_their_response_group_and_submission(response, small):
    q, grid = small.q["single"], small.q["grid"]
    autosave(response, q, **{f"q{q.pk}": str(small.option("single", 0))})
    assert copies(response) == {(response.group_id, False)}
    responses.response_submit(response=response)
    assert copies(response) == {(response.group_id, True)}
    # An answer given after submitting (until the campaign closes) counts as submitted at once.
    autosave(response, grid, **{f"q{grid.pk}_r{small.row('grid', 0)}": "4"})
    assert Answer.objects.filter(response=response).count() == 2
    assert copies(response) == {(response.group_id, True)}


def test_an_answer_saved_from_a_tab_loaded_before_submitting_counts_as_submitted(response, small):
    q, grid = small.q["single"], small.q["grid"]
    stale_tab = Response.objects.get(pk=response.pk)
    autosave(response, q, **{f"q{q.pk}": str(small.option("single", 0))})
    responses.response_submit(response=response)
    autosave(stale_tab, grid, **{f"q{grid.pk}_r{small.row('grid', 0)}": "4"})
    assert copies(response) == {(response.group_id, True)}


# Open links --------------------------------------------------------------------------------------


@pytest.fixture
def open_link(campaign, groups, referent):
    return campaigns.open_link_create(
        campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent, max_responses=2
    )


def _answer_and_submit(response, small):
    autosave(response, small.q["single"], **{f"q{small.q['single'].pk}": str(small.option("single", 0))})
    return responses.response_submit(response=response)


def test_open_link_starts_separate_responses_up_to_its_cap_of_submissions(open_link, small):
    link = responses.open_link_from_token(open_link_token(open_link))
    first = responses.response_start_from_open_link(link=link)
    second = responses.response_start_from_open_link(link=link)
    assert first != second
    assert response_token(first) != response_token(second)
    assert first.group.kind == GroupKind.CITIZENS
    # Starts do not count: an attacker starting many responses cannot exhaust the cap.
    extra = [responses.response_start_from_open_link(link=link) for _ in range(5)]
    _answer_and_submit(first, small)
    _answer_and_submit(second, small)
    with pytest.raises(LinkError) as error:
        responses.response_start_from_open_link(link=link)
    assert error.value.message == responses.ERROR_LINK_FULL
    # A response started before the cap was reached stays saved but can no longer be submitted.
    with pytest.raises(LinkError) as error:
        _answer_and_submit(extra[0], small)
    assert error.value.message == responses.ERROR_LINK_FULL_AT_SUBMIT
    assert error.value.status == 410
    assert Response.objects.get(pk=extra[0].pk).submitted_at is None
    assert Answer.objects.filter(response=extra[0]).exists()


def test_open_link_closed_or_revoked(open_link, referent):
    campaigns.open_link_update(
        link=open_link, actor=referent, fields={"closes_on": timezone.localdate() - timedelta(days=1)}
    )
    with pytest.raises(LinkError) as error:
        responses.open_link_check(open_link)
    assert error.value.status == 410
    campaigns.open_link_revoke(link=open_link, actor=referent)
    with pytest.raises(LinkError) as error:
        responses.open_link_from_token(open_link_token(open_link))
    assert error.value.message == responses.ERROR_LINK_REVOKED
    with pytest.raises(LinkError):
        responses.open_link_from_token("nope")


def test_responses_from_an_open_link_close_with_it(open_link, referent, small):
    response = responses.response_start_from_open_link(link=open_link)
    campaigns.open_link_update(
        link=open_link, actor=referent, fields={"closes_on": timezone.localdate() - timedelta(days=1)}
    )
    response = responses.response_from_token(response_token(response))
    with pytest.raises(LinkError) as error:
        autosave(response, small.q["scale5"], **{f"q{small.q['scale5'].pk}": "3"})
    assert error.value.status == 410


def test_links_survive_a_secret_key_rotation(open_link, settings):
    """The address shown to staff and sent in reminders is rebuilt with the key it was made with."""
    before_link = open_link_token(open_link)
    response = responses.response_start_from_open_link(link=open_link)
    before_response = response_token(response)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-key-after-rotation-" + "x" * 30
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert open_link_token(open_link) == before_link
    assert response_token(response) == before_response
    assert responses.open_link_from_token(open_link_token(open_link)) == open_link
    assert responses.response_from_token(response_token(response)) == response
    # Links made after the rotation use the new key.
    fresh = responses.response_start_from_open_link(link=open_link)
    settings.SECRET_KEY_FALLBACKS = []
    assert responses.response_from_token(response_token(fresh)) == fresh
