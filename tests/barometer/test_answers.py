"""What a valid answer is (barometer/answers.py): plain functions, no database."""

import pytest

from barometer.answers import (
    ERROR_NOT_A_NUMBER,
    ERROR_NOT_YES_NO,
    ERROR_ONE_OPTION_ONLY,
    ERROR_OUT_OF_RANGE,
    ERROR_REQUIRED,
    ERROR_TEXT_TOO_LONG,
    ERROR_UNKNOWN_OPTION,
    ERROR_WRONG_TYPE,
    TEXT_MAX_LENGTH,
    AnswerError,
    OptionSpec,
    QuestionSpec,
    cell_value,
    check_required,
    check_value,
    display_value,
    parse_cell,
)
from smartregion.text import normalise

SCALE = QuestionSpec("smartness", "scale", "Smart?", scale_min=1, scale_max=10, required=True)
THEMES = QuestionSpec(
    "themes",
    "multiple",
    "Themes",
    options=(OptionSpec("mobility", "Mobilité"), OptionSpec("quality_of_life", "Qualité de vie")),
)
PURCHASING = QuestionSpec(
    "purchasing", "single", options=(OptionSpec("strongly", "Fortement intéressée"), OptionSpec("no", "Non"))
)
YES_NO = QuestionSpec("involved", "yes_no")
TEXT = QuestionSpec("obstacles", "text")


def error_of(spec, raw, *, typed=False) -> str:
    with pytest.raises(AnswerError) as caught:
        (check_value if typed else parse_cell)(spec, raw)
    return str(caught.value.message)


class TestNormalize:
    @pytest.mark.parametrize(
        "raw, expected",
        [
            ("Fontaine-l’Évêque", "fontaine l eveque"),
            ("  PONT-À-CELLES ", "pont a celles"),
            ("Ham-sur-Heure_Nalinnes", "ham sur heure nalinnes"),
            ("", ""),
        ],
    )
    def test_ignores_accents_case_and_punctuation(self, raw, expected):
        assert normalise(raw) == expected


class TestParseScale:
    @pytest.mark.parametrize("raw, value", [("7", 7), (" 10 ", 10), ("1", 1), ("4.0", 4), ("4,0", 4), ("+3", 3)])
    def test_whole_numbers_within_the_scale(self, raw, value):
        assert parse_cell(SCALE, raw) == value

    @pytest.mark.parametrize("raw", ["", "   ", "\x00"])
    def test_empty_is_no_answer(self, raw):
        assert parse_cell(SCALE, raw) is None

    @pytest.mark.parametrize("raw", ["0", "11", "-3", "999999999"])
    def test_out_of_range(self, raw):
        assert error_of(SCALE, raw) == ERROR_OUT_OF_RANGE % {"value": int(raw), "min": 1, "max": 10}

    @pytest.mark.parametrize("raw", ["7.5", "seven", "1e3", "NaN", "7/10", "12345678901234"])
    def test_not_a_whole_number(self, raw):
        assert error_of(SCALE, raw) == ERROR_NOT_A_NUMBER % {"value": raw}


class TestParseYesNo:
    @pytest.mark.parametrize("raw", ["yes", "Oui", "OUI", "y", "true", "VRAI", "1", "x"])
    def test_yes(self, raw):
        assert parse_cell(YES_NO, raw) is True

    @pytest.mark.parametrize("raw", ["no", "Non", "n", "false", "Faux", "0"])
    def test_no(self, raw):
        assert parse_cell(YES_NO, raw) is False

    def test_anything_else(self):
        assert error_of(YES_NO, "maybe") == ERROR_NOT_YES_NO % {"value": "maybe"}


class TestParseChoices:
    def test_single_by_code_or_label(self):
        assert parse_cell(PURCHASING, "strongly") == "strongly"
        assert parse_cell(PURCHASING, "STRONGLY") == "strongly"
        assert parse_cell(PURCHASING, "fortement interessee") == "strongly"

    def test_single_with_only_separators_is_no_answer(self):
        assert parse_cell(PURCHASING, " ; ") is None

    def test_single_refuses_two_options(self):
        assert error_of(PURCHASING, "strongly; no") == ERROR_ONE_OPTION_ONLY

    def test_single_unknown_option(self):
        assert error_of(PURCHASING, "perhaps") == ERROR_UNKNOWN_OPTION % {"value": "perhaps", "options": "strongly, no"}

    def test_multiple_separated_by_semicolons_in_question_order(self):
        assert parse_cell(THEMES, "qualité de vie ; mobility;") == ("mobility", "quality_of_life")

    def test_multiple_duplicates_collapse(self):
        assert parse_cell(THEMES, "mobility;Mobilité") == ("mobility",)

    def test_multiple_only_separators_is_no_answer(self):
        assert parse_cell(THEMES, " ; ; ") is None

    def test_multiple_unknown_option(self):
        assert error_of(THEMES, "mobility;economy") == ERROR_UNKNOWN_OPTION % {
            "value": "economy",
            "options": "mobility, quality_of_life",
        }


class TestParseText:
    def test_control_characters_are_removed(self):
        assert parse_cell(TEXT, " Pas de\x00 personnel\x07\n dédié ") == "Pas de personnel\n dédié"

    def test_too_long(self):
        assert error_of(TEXT, "a" * (TEXT_MAX_LENGTH + 1)) == ERROR_TEXT_TOO_LONG % {"max": TEXT_MAX_LENGTH}


class TestCheckValue:
    def test_none_and_empty_are_no_answer(self):
        for spec in (SCALE, THEMES, PURCHASING, YES_NO, TEXT):
            assert check_value(spec, None) is None
        assert check_value(THEMES, []) is None
        assert check_value(TEXT, "   ") is None

    def test_scale(self):
        assert check_value(SCALE, 5) == 5
        assert error_of(SCALE, 11, typed=True) == ERROR_OUT_OF_RANGE % {"value": 11, "min": 1, "max": 10}

    @pytest.mark.parametrize(
        "spec, value", [(SCALE, True), (SCALE, "5"), (YES_NO, "yes"), (THEMES, "mobility"), (PURCHASING, 3), (TEXT, 4)]
    )
    def test_wrong_types(self, spec, value):
        assert error_of(spec, value, typed=True) == ERROR_WRONG_TYPE

    def test_choices(self):
        assert check_value(PURCHASING, "no") == "no"
        assert check_value(THEMES, ["quality_of_life", "mobility"]) == ("mobility", "quality_of_life")
        assert "economy" in error_of(THEMES, ["economy"], typed=True)
        assert "maybe" in error_of(PURCHASING, "maybe", typed=True)

    def test_yes_no_and_text(self):
        assert check_value(YES_NO, False) is False
        assert check_value(TEXT, "  ok ") == "ok"

    def test_required(self):
        check_required(SCALE, 3)
        check_required(TEXT, None)
        with pytest.raises(AnswerError) as caught:
            check_required(SCALE, None)
        assert caught.value.message == ERROR_REQUIRED


class TestDisplayAndCells:
    def test_display(self):
        assert display_value(SCALE, 6) == "6 / 10"
        assert display_value(YES_NO, True, yes="Oui", no="Non") == "Oui"
        assert display_value(PURCHASING, "strongly") == "Fortement intéressée"
        assert display_value(THEMES, ("mobility", "quality_of_life")) == "Mobilité; Qualité de vie"
        assert display_value(TEXT, "Rien") == "Rien"
        assert display_value(TEXT, None) == ""

    @pytest.mark.parametrize(
        "spec, value",
        [
            (SCALE, 7),
            (YES_NO, True),
            (YES_NO, False),
            (PURCHASING, "no"),
            (THEMES, ("mobility", "quality_of_life")),
            (TEXT, "Texte ; avec point-virgule"),
            (SCALE, None),
        ],
    )
    def test_cells_read_back_to_the_same_answer(self, spec, value):
        assert parse_cell(spec, cell_value(spec, value)) == value
