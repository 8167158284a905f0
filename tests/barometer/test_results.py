"""Shaping barometer figures (barometer/results.py, charts.py, exporting.py): plain data, no database."""

import io

import pytest
from openpyxl import load_workbook

from barometer import charts
from barometer.exporting import (
    RESULTS_HEADER,
    comparison_rows,
    csv_bytes,
    questions_rows,
    results_rows,
    safe,
    template_rows,
    text_rows,
    xlsx_bytes,
)
from barometer.importing import CommuneRef, check_table, read_table
from barometer.results import (
    NO_LABEL,
    YES_LABEL,
    EditionInfo,
    OptionInfo,
    QuestionInfo,
    Stats,
    TextAnswer,
    commune_answers,
    comparison_table,
    comparisons,
    edition_results,
    group_texts,
    percent,
    public_summary,
)

# Two editions of the same questions (question ids 1-4 in 2019, 11-15 in 2022).
E19 = EditionInfo(1, 2019, "Barometer 2019", respondents=10, communes_total=30)
E22 = EditionInfo(2, 2022, "Barometer 2022", respondents=14, communes_total=30)
THEMES = (OptionInfo(1, "mobility", "Mobility"), OptionInfo(2, "economy", "Economy"))
THEMES_22 = (OptionInfo(11, "mobility", "Mobility"), OptionInfo(12, "economy", "Economy"), OptionInfo(13, "new", "New"))
Q19 = [
    QuestionInfo(1, 1, "smartness", "scale", "Smart?", position=1, scale_min=1, scale_max=10),
    QuestionInfo(2, 1, "themes", "multiple", "Themes", position=2, options=THEMES),
    QuestionInfo(3, 1, "involved", "yes_no", "Involved?", position=3),
    QuestionInfo(4, 1, "obstacles", "text", "Obstacles", position=4),
]
Q22 = [
    QuestionInfo(11, 2, "smartness", "scale", "Smart?", position=1, scale_min=1, scale_max=10),
    QuestionInfo(12, 2, "themes", "multiple", "Themes", position=2, options=THEMES_22),
    QuestionInfo(13, 2, "involved", "yes_no", "Involved?", position=3),
    QuestionInfo(14, 2, "obstacles", "text", "Obstacles", position=4),
    QuestionInfo(15, 2, "cyber", "yes_no", "Armed?", position=5),
]
STATS = Stats(
    answered={1: 10, 2: 9, 3: 10, 4: 2, 11: 14, 12: 14, 13: 14, 14: 3, 15: 2},
    means={1: 2.8, 11: 62 / 14},
    yes={3: 3, 13: 5, 15: 1},
    no={3: 7, 13: 9, 15: 1},
    distribution={11: {3: 3, 4: 5, 5: 4, 6: 1, 7: 1}},
    option_counts={1: 4, 2: 1, 11: 6, 12: 2},
    texts={
        14: [
            TextAnswer("Pas de budget", "Lobbes"),
            TextAnswer("Manque de temps", "Thuin"),
            TextAnswer("pas de budget !", "Chimay"),
        ]
    },
)


def results():
    return edition_results(E19, Q19 + Q22, STATS), edition_results(E22, Q19 + Q22, STATS)


def test_percent():
    assert percent(10, 14) == pytest.approx(71.428571)
    assert percent(0, 14) == 0
    assert percent(3, 0) is None
    assert percent(None, 10) is None


class TestEditionResults:
    def test_only_the_edition_questions_in_their_order(self):
        _old, new = results()
        assert [q.code for q in new.questions] == ["smartness", "themes", "involved", "obstacles", "cyber"]
        assert new.participation_percent == pytest.approx(46.666666)

    def test_scale(self):
        smartness = results()[1].question("smartness")
        assert smartness.mean == pytest.approx(4.428571)
        assert smartness.answered == 14
        assert smartness.distribution == [
            (1, 0),
            (2, 0),
            (3, 3),
            (4, 5),
            (5, 4),
            (6, 1),
            (7, 1),
            (8, 0),
            (9, 0),
            (10, 0),
        ]

    def test_options_are_shares_of_the_respondents_unrounded(self):
        themes = results()[1].question("themes")
        assert [(s.code, s.count) for s in themes.shares] == [("mobility", 6), ("economy", 2), ("new", 0)]
        assert themes.share("mobility").percent == pytest.approx(42.857142857)

    def test_yes_no(self):
        involved = results()[1].question("involved")
        assert [(s.code, s.count, round(s.percent, 2)) for s in involved.shares] == [
            ("yes", 5, 35.71),
            ("no", 9, 64.29),
        ]

    def test_free_text_grouped(self):
        obstacles = results()[1].question("obstacles")
        groups = obstacles.text_groups
        assert [(g.text, g.communes, g.count) for g in groups] == [
            ("Pas de budget", ("Chimay", "Lobbes"), 2),
            ("Manque de temps", ("Thuin",), 1),
        ]

    def test_a_question_nobody_answered(self):
        result = edition_results(E22, Q22, Stats())
        assert result.question("smartness").mean is None
        assert result.question("themes").share("mobility").percent == 0


def test_group_texts_without_communes():
    groups = group_texts([TextAnswer("A"), TextAnswer("a."), TextAnswer("B")])
    assert [(g.text, g.communes, g.count) for g in groups] == [("A", (), 2), ("B", (), 1)]


class TestPublicSummary:
    def test_hides_texts_distributions_and_small_groups(self):
        summary = public_summary(results()[1])
        assert "obstacles" not in [q.code for q in summary.questions]
        assert summary.question("smartness").distribution == []
        assert summary.question("smartness").mean == pytest.approx(4.428571)
        cyber = summary.question("cyber")
        assert cyber.suppressed
        assert [(s.count, s.percent) for s in cyber.shares] == [(None, None), (None, None)]

    def test_threshold(self):
        summary = public_summary(results()[1], min_answers=15)
        assert all(q.suppressed and q.mean is None for q in summary.questions)


class TestComparisons:
    def test_same_codes_across_editions(self):
        old, new = results()
        found = {c.code: c for c in comparisons([new, old], new)}
        assert set(found) == {"smartness", "themes", "involved"}
        assert [(p.year, p.value) for p in found["smartness"].series[0].points] == [(2019, 2.8), (2022, 62 / 14)]
        themes = {s.code: [p.value for p in s.points] for s in found["themes"].series}
        assert themes["mobility"] == [40.0, pytest.approx(42.857142857)]
        assert themes["new"] == [None, 0.0]
        assert [s.code for s in found["involved"].series] == ["yes"]
        assert found["involved"].unit == "percent"

    def test_a_code_of_another_kind_does_not_compare(self):
        old, new = results()
        changed = [QuestionInfo(1, 1, "smartness", "text", "Smart?")]
        found = comparisons([edition_results(E19, changed, STATS), new], new)
        assert "smartness" not in {c.code for c in found}

    def test_nothing_to_compare_with_one_edition(self):
        _old, new = results()
        assert comparisons([new], new) == []

    def test_table_columns(self):
        old, new = results()
        years, groups = comparison_table(comparisons([old, new], new))
        assert years == [2019, 2022]
        smartness = groups[0]
        assert smartness.comparison.code == "smartness"
        assert smartness.rows[0].values == (2.8, 62 / 14)


class TestCommuneAnswers:
    def test_against_the_territory_with_trend(self):
        old, new = results()
        by_code = {(q.edition_id, q.code): q for q in Q19 + Q22}
        rows = commune_answers(
            Q22,
            new,
            {"smartness": 6, "themes": ("mobility",), "involved": True, "obstacles": "Pas de budget"},
            history=[new, old],
            history_values={1: {"smartness": 4, "involved": False}, 2: {"smartness": 6, "involved": True}},
            history_questions=by_code,
        )
        rows = {r.code: r for r in rows}
        smartness = rows["smartness"]
        assert (smartness.answer, smartness.territory_mean) == ("6 / 10", pytest.approx(4.428571))
        assert [(p.year, p.number, p.territory) for p in smartness.trend] == [(2019, 4.0, 2.8), (2022, 6.0, 62 / 14)]
        involved = rows["involved"]
        assert involved.territory_percent == pytest.approx(35.714285)
        assert [(p.year, p.answer) for p in involved.trend] == [(2019, str(NO_LABEL)), (2022, str(YES_LABEL))]
        assert involved.trend[0].territory == 70.0
        themes = rows["themes"]
        assert themes.option_percents == {"mobility": pytest.approx(42.857142857)}
        assert [(share.code, chosen) for share, chosen in themes.options] == [
            ("mobility", True),
            ("economy", False),
            ("new", False),
        ]
        assert rows["obstacles"].trend == []
        assert rows["cyber"].value is None and rows["cyber"].territory_percent is None

    def test_no_trend_with_a_single_edition(self):
        _old, new = results()
        rows = commune_answers(
            Q22,
            new,
            {"smartness": 6},
            history=[new],
            history_values={2: {"smartness": 6}},
            history_questions={(q.edition_id, q.code): q for q in Q22},
        )
        assert rows[0].trend == []


class TestCharts:
    def test_question_charts(self):
        _old, new = results()
        found = {c["canvas"]: c for c in charts.results_charts(new)}
        assert found["chart-q-smartness"]["datasets"][0]["data"] == [0, 0, 3, 5, 4, 1, 1, 0, 0, 0]
        assert found["chart-q-themes"]["datasets"][0]["data"] == [42.9, 14.3, 0.0]
        assert "chart-q-obstacles" not in found

    def test_public_charts_leave_out_distributions_and_suppressed_questions(self):
        _old, new = results()
        found = {c["canvas"] for c in charts.results_charts(public_summary(new), distribution=False)}
        assert found == {"chart-q-themes", "chart-q-involved"}

    def test_comparison_charts(self):
        old, new = results()
        found = {c["canvas"]: c for c in charts.comparison_charts(comparisons([old, new], new))}
        assert set(found) == {"chart-compare-scales", "chart-compare-yes", "chart-compare-themes"}
        assert found["chart-compare-scales"]["datasets"][0]["data"] == [2.8, 4.4]
        assert found["chart-compare-yes"]["datasets"][1]["data"] == [35.7]

    def test_commune_charts(self):
        old, new = results()
        rows = commune_answers(
            Q22,
            new,
            {"smartness": 6},
            history=[old, new],
            history_values={1: {"smartness": 4}, 2: {"smartness": 6}},
            history_questions={(q.edition_id, q.code): q for q in Q19 + Q22},
        )
        (chart,) = charts.commune_charts(rows, "Lobbes")
        assert chart["datasets"][0] == {"label": "Lobbes", "data": [4.0, 6.0]}


class TestExports:
    def test_results_rows_are_unrounded(self):
        _old, new = results()
        rows = results_rows(new)
        assert rows[0] == RESULTS_HEADER
        smartness = next(r for r in rows if r[1] == "smartness")
        assert smartness[10] == 62 / 14
        mobility = next(r for r in rows if r[1] == "themes" and r[4] == "mobility")
        assert mobility[6:12] == [14, 30, 14, 6, "", 6 * 100 / 14]
        assert [r[4] for r in rows if r[1] == "involved"] == ["yes", "no"]
        obstacles = next(r for r in rows if r[1] == "obstacles")
        assert obstacles[8] == 3

    def test_comparison_and_text_rows(self):
        old, new = results()
        rows = comparison_rows(comparisons([old, new], new))
        assert rows[0] == ["question_code", "question", "unit", "option_code", "option", "2019", "2022"]
        assert rows[1] == ["smartness", "Smart?", "mean", "", "", 2.8, 62 / 14]
        assert ["themes", "Themes", "percent", "new", "New", "", 0.0] in rows
        assert text_rows(new)[1] == ["obstacles", "Obstacles", "Lobbes", "Pas de budget"]

    @pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx"])
    def test_formulas_are_neutralised(self, value):
        assert safe(value) == "'" + value
        assert safe(-1.5) == -1.5

    def test_csv_bytes(self):
        data = csv_bytes([["a", "b"], ["=cmd", 1.5]])
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig") == "a,b\r\n'=cmd,1.5\r\n"
        assert not csv_bytes([["a"]], bom=False).startswith(b"\xef\xbb\xbf")

    def test_xlsx_bytes(self):
        workbook = load_workbook(io.BytesIO(xlsx_bytes([("Results", [["a", "b"], ["=1+1", 0.5]]), ("Other", [["x"]])])))
        assert workbook.sheetnames == ["Results", "Other"]
        assert [[c.value for c in row] for row in workbook["Results"].iter_rows()] == [["a", "b"], ["'=1+1", 0.5]]

    def test_template_reads_back_through_the_import(self):
        communes = [CommuneRef(1, "Lobbes", "56044"), CommuneRef(2, "Thuin", "56078")]
        filled = {
            1: (
                "Sophie",
                "Paul",
                {"smartness": 6, "themes": ("mobility", "new"), "involved": False, "obstacles": "Rien ; vraiment"},
            )
        }
        rows = template_rows(Q22, communes, filled)
        assert rows[0] == [
            "commune",
            "nis_code",
            "respondent",
            "alderman",
            "smartness",
            "themes",
            "involved",
            "obstacles",
            "cyber",
        ]
        table = read_table(csv_bytes(rows), "csv")
        check = check_table(table, [q.spec() for q in Q22], communes)
        assert check.is_clean
        assert check.skipped_lines == [3]
        (row,) = check.rows
        assert (row.respondent_name, row.alderman_name) == ("Sophie", "Paul")
        assert row.values == {
            "smartness": 6,
            "themes": ("mobility", "new"),
            "involved": False,
            "obstacles": "Rien ; vraiment",
            "cyber": None,
        }

    def test_questions_rows(self):
        rows = questions_rows(Q22)
        assert rows[1] == ["smartness", "Smart?", "scale", "1–10"]
        assert rows[2][3] == "mobility; economy; new"
        assert rows[3][3] == "yes / no"
