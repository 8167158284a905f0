"""The rules of answering, on plain data (no database)."""

from decimal import Decimal

import pytest
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from diagnostics.answering import (
    ERROR_NOT_A_NUMBER,
    ERROR_NUMBER_TOO_LARGE,
    ERROR_NUMBER_TOO_PRECISE,
    ERROR_NUMBER_TOO_SMALL,
    ERROR_ONE_CHOICE,
    ERROR_SCALE,
    ERROR_TOO_LONG,
    ERROR_UNKNOWN_CHOICE,
    AnswerValue,
    QuestionSpec,
    SaveDecision,
    answer_score,
    decide_save,
    missing_required,
    parse_answer,
    parse_number,
    version_token,
    visible_question_ids,
)

SINGLE = QuestionSpec(id=1, type="single_choice", option_maturity={10: 0, 11: 50, 12: 100, 13: None}, allow_other=True)
MULTIPLE = QuestionSpec(id=2, type="multiple_choice", option_maturity={20: 40, 21: 40, 22: 40}, allow_other=True)
YES_NO = QuestionSpec(id=3, type="yes_no", option_maturity={30: 100, 31: 0})
SCALE10 = QuestionSpec(id=4, type="scale_10", scale=(1, 10))
SCALE5 = QuestionSpec(id=5, type="scale_5", scale=(1, 5))
NUMBER = QuestionSpec(id=6, type="number", number_min=Decimal(0), number_max=Decimal(100))
SHORT = QuestionSpec(id=7, type="short_text", text_limit=20)
GRID = QuestionSpec(id=8, type="grid", scale=(1, 5), row_ids=(80, 81))


def data(**fields) -> MultiValueDict:
    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in fields.items()})


# Parsing and checking ----------------------------------------------------------------------------


def test_single_choice_reads_the_option():
    parsed = parse_answer(SINGLE, data(q1="11"))
    assert parsed.error is None
    assert parsed.values == {None: AnswerValue(option_ids=frozenset({11}))}


def test_single_choice_refuses_two_answers_and_unknown_options():
    assert parse_answer(SINGLE, data(q1=["10", "11"])).error == str(ERROR_ONE_CHOICE)
    assert parse_answer(SINGLE, data(q1="99")).error == str(ERROR_UNKNOWN_CHOICE)
    assert parse_answer(SINGLE, data(q1="abc")).error == str(ERROR_UNKNOWN_CHOICE)


def test_single_choice_other_with_text_and_typed_text_alone():
    assert parse_answer(SINGLE, data(q1="other", q1_other=" Autre chose ")).values[None] == AnswerValue(
        other_text="Autre chose"
    )
    assert parse_answer(SINGLE, data(q1_other="Tapé sans cocher")).values[None].other_text == "Tapé sans cocher"
    # An option chosen wins over a leftover "other" text.
    assert parse_answer(SINGLE, data(q1="12", q1_other="x")).values[None] == AnswerValue(option_ids=frozenset({12}))


def test_other_is_refused_where_not_offered():
    assert parse_answer(YES_NO, data(q3="other")).error == str(ERROR_UNKNOWN_CHOICE)


def test_multiple_choice_with_other():
    parsed = parse_answer(MULTIPLE, data(q2=["20", "22", "other"], q2_other="Trottinettes"))
    assert parsed.values[None] == AnswerValue(option_ids=frozenset({20, 22}), other_text="Trottinettes")


def test_empty_answers_are_values_without_content():
    for spec in (SINGLE, MULTIPLE, YES_NO, SCALE10, NUMBER, SHORT):
        parsed = parse_answer(spec, data())
        assert parsed.error is None
        assert not parsed.values[None].has_value


@pytest.mark.parametrize("raw", ["0", "11", "-1", "5.5", "dix"])
def test_scale_refuses_out_of_range(raw):
    assert parse_answer(SCALE10, data(q4=raw)).error == str(ERROR_SCALE % {"low": 1, "high": 10})


def test_scale_accepts_its_range():
    assert parse_answer(SCALE5, data(q5="5")).values[None].number == 5
    assert parse_answer(SCALE10, data(q4="1")).values[None].number == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", Decimal("12")), ("1 250,5", Decimal("1250.5")), ("3.25", Decimal("3.25")), ("-0", Decimal("0"))],
)
def test_numbers_typed_the_belgian_way(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "NaN", "Infinity", "1e", ""])
def test_not_numbers(raw):
    assert parse_number(raw) is None


def test_number_range_and_precision():
    assert parse_answer(NUMBER, data(q6="abc")).error == str(ERROR_NOT_A_NUMBER)
    assert parse_answer(NUMBER, data(q6="-1")).error == str(ERROR_NUMBER_TOO_SMALL % {"low": "0"})
    assert parse_answer(NUMBER, data(q6="101")).error == str(ERROR_NUMBER_TOO_LARGE % {"high": "100"})
    assert parse_answer(NUMBER, data(q6="1.23456")).error == str(ERROR_NUMBER_TOO_PRECISE)
    unbounded = QuestionSpec(id=6, type="number")
    assert parse_answer(unbounded, data(q6="12345678901")).error == str(ERROR_NUMBER_TOO_PRECISE)
    assert parse_answer(unbounded, data(q6="1E+3")).values[None].number == Decimal("1000")
    assert parse_answer(NUMBER, data(q6="99,5")).values[None].number == Decimal("99.5")


def test_text_too_long_is_refused_with_the_counts():
    parsed = parse_answer(SHORT, data(q7="x" * 21))
    assert parsed.error == str(ERROR_TOO_LONG % {"limit": 20, "length": 21})
    assert parse_answer(SHORT, data(q7="  " + "x" * 20 + "  ")).values[None].text == "x" * 20


def test_grid_reads_each_statement():
    parsed = parse_answer(GRID, data(q8_r80="2", q8_r81=""))
    assert parsed.values[80].number == 2
    assert not parsed.values[81].has_value
    assert parse_answer(GRID, data(q8_r80="6")).error == str(ERROR_SCALE % {"low": 1, "high": 5})


@given(st.dictionaries(st.sampled_from(["q1", "q2", "q2_other", "q4", "q6", "q7", "q8_r80"]), st.text(max_size=40)))
def test_any_input_gives_values_or_an_error_never_an_exception(fields):
    for spec in (SINGLE, MULTIPLE, SCALE10, NUMBER, SHORT, GRID):
        parsed = parse_answer(spec, data(**fields))
        if parsed.error is None:
            assert set(parsed.values) == set(spec.units)
        else:
            assert parsed.values == {}
            assert isinstance(parsed.error, str)


# Scores ------------------------------------------------------------------------------------------


def test_scores():
    assert answer_score(SCALE10, AnswerValue(number=Decimal(1))) == 0
    assert answer_score(SCALE10, AnswerValue(number=Decimal(10))) == 100
    assert answer_score(SCALE5, AnswerValue(number=Decimal(3))) == 50
    assert answer_score(GRID, AnswerValue(number=Decimal(4))) == 75
    assert answer_score(SINGLE, AnswerValue(option_ids=frozenset({11}))) == 50
    assert answer_score(SINGLE, AnswerValue(option_ids=frozenset({13}))) is None  # "I don't know"
    assert answer_score(SINGLE, AnswerValue(other_text="x")) is None
    assert answer_score(YES_NO, AnswerValue(option_ids=frozenset({31}))) == 0
    assert answer_score(MULTIPLE, AnswerValue(option_ids=frozenset({20, 21}))) == 80
    assert answer_score(MULTIPLE, AnswerValue(option_ids=frozenset({20, 21, 22}))) == 100  # capped
    assert answer_score(MULTIPLE, AnswerValue(other_text="x")) == 0
    assert answer_score(NUMBER, AnswerValue(number=Decimal(3))) is None
    assert answer_score(SCALE10, AnswerValue()) is None


def test_unscored_questions_and_options_without_maturity():
    unscored = QuestionSpec(id=4, type="scale_10", scale=(1, 10), scored=False)
    assert answer_score(unscored, AnswerValue(number=Decimal(5))) is None
    no_maturity = QuestionSpec(id=2, type="multiple_choice", option_maturity={1: None, 2: None})
    assert answer_score(no_maturity, AnswerValue(option_ids=frozenset({1}))) is None


# Conditions and required questions ---------------------------------------------------------------

PARENT = QuestionSpec(id=1, type="yes_no", option_maturity={100: None, 101: None})
CHILD = QuestionSpec(id=2, type="short_text", condition_option_id=100, condition_question_id=1, required=True)
LOOP_A = QuestionSpec(id=6, type="yes_no", option_maturity={600: 0}, condition_option_id=700, condition_question_id=7)
LOOP_B = QuestionSpec(id=7, type="yes_no", option_maturity={700: 0}, condition_option_id=600, condition_question_id=6)


def test_conditions_show_and_hide():
    specs = [PARENT, CHILD]
    assert visible_question_ids(specs, {}) == {1}
    assert visible_question_ids(specs, {1: [100]}) == {1, 2}
    assert visible_question_ids(specs, {1: [101]}) == {1}


def test_a_question_under_a_hidden_question_is_hidden():
    child_of_child = QuestionSpec(id=9, type="short_text", condition_option_id=100, condition_question_id=2)
    assert visible_question_ids([PARENT, CHILD, child_of_child], {1: [101], 2: [100]}) == {1}


def test_cycles_do_not_loop_forever():
    assert visible_question_ids([LOOP_A, LOOP_B], {6: [600], 7: [700]}) == set()


def test_missing_required_counts_only_shown_questions():
    required_grid = QuestionSpec(id=8, type="grid", scale=(1, 5), row_ids=(80, 81), required=True)
    specs = [PARENT, CHILD, required_grid]
    visible = visible_question_ids(specs, {1: [100]})
    assert missing_required(specs, visible, {}) == [2, 8]
    assert missing_required(specs, visible, {2: {None}, 8: {80}}) == [8]
    assert missing_required(specs, visible, {2: {None}, 8: {80, 81}}) == []
    assert missing_required(specs, visible_question_ids(specs, {1: [101]}), {8: {80, 81}}) == []


# Stale forms -------------------------------------------------------------------------------------

OLD = AnswerValue(text="ancien")
NEW = AnswerValue(text="nouveau")
OTHER_TAB = AnswerValue(text="autre onglet")


def test_fresh_form_saves():
    assert decide_save(stored_version=1, stored=OLD, new=NEW, token=version_token(1, OLD)) is SaveDecision.SAVE
    assert decide_save(stored_version=0, stored=AnswerValue(), new=NEW, token=None) is SaveDecision.SAVE


def test_same_value_is_unchanged():
    assert decide_save(stored_version=5, stored=NEW, new=NEW, token=version_token(1, OLD)) is SaveDecision.UNCHANGED


def test_stale_form_that_changed_the_answer_is_a_conflict():
    token = version_token(1, OLD)
    assert decide_save(stored_version=2, stored=OTHER_TAB, new=NEW, token=token) is SaveDecision.CONFLICT
    assert decide_save(stored_version=2, stored=OTHER_TAB, new=NEW, token=None) is SaveDecision.CONFLICT
    assert decide_save(stored_version=2, stored=OTHER_TAB, new=NEW, token="garbage") is SaveDecision.CONFLICT


def test_stale_form_that_did_not_touch_the_answer_keeps_the_newer_one():
    token = version_token(1, OLD)
    assert decide_save(stored_version=2, stored=OTHER_TAB, new=OLD, token=token) is SaveDecision.KEEP_NEWER


def test_fingerprint_ignores_number_formatting():
    assert AnswerValue(number=Decimal("7.0000")).fingerprint() == AnswerValue(number=Decimal("7")).fingerprint()
    assert (
        AnswerValue(option_ids=frozenset({1, 2})).fingerprint() != AnswerValue(option_ids=frozenset({1})).fingerprint()
    )
