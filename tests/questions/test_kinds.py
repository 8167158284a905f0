"""The question kinds' registry on plain data: ranking and date kinds, and the registry itself."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.datastructures import MultiValueDict

from smartregion.questions import kinds
from smartregion.questions.kinds import (
    ERROR_DATE,
    ERROR_RANKING,
    ERROR_RANKING_TWICE,
    ERROR_RANKING_UNFINISHED,
    kind_of,
    parse_date,
)
from smartregion.questions.values import (
    AnswerValue,
    QuestionFacts,
    QuestionSpec,
    UnitCounts,
    WidgetInput,
    ranking_of,
)

RANKING = QuestionSpec(id=9, type="ranking", option_maturity={90: None, 91: None, 92: None})
DATE = QuestionSpec(id=10, type="date")
OPTIONS = ((90, "Vélo"), (91, "Bus"), (92, "Voiture"))


def ranks(**by_option) -> MultiValueDict:
    return MultiValueDict({f"q9_o{option[1:]}": [str(rank)] for option, rank in by_option.items()})


def test_every_kind_is_registered_once_with_its_partials():
    assert list(kinds.REGISTRY)[-2:] == ["ranking", "date"]
    for kind in kinds.REGISTRY.values():
        assert kind.answer_template.startswith("questions/answer/")
        assert kind.results_template.startswith("questions/results/")
    with pytest.raises(ValueError, match="unknown question kind"):
        kind_of("hologram")


class TestRanking:
    def test_a_permutation_is_stored_in_order(self):
        parsed = kind_of("ranking").parse(RANKING, ranks(o90=2, o91=3, o92=1))
        assert parsed.error is None
        value = parsed.values[None]
        assert value.ranking == (92, 90, 91)
        assert value.choice_key == "92,90,91"
        assert value.option_ids == {90, 91, 92}
        assert ranking_of(value.choice_key) == value.ranking

    def test_nothing_ranked_is_no_answer(self):
        parsed = kind_of("ranking").parse(RANKING, MultiValueDict())
        assert parsed.error is None
        assert not parsed.values[None].has_value

    @pytest.mark.parametrize(
        ("posted", "error"),
        [
            ({"o90": 1, "o91": 1, "o92": 2}, ERROR_RANKING_TWICE % {"rank": 1, "count": 3}),
            ({"o90": 1, "o91": 2, "o92": ""}, ERROR_RANKING_UNFINISHED % {"count": 3}),
            ({"o90": 1, "o91": 2, "o92": 4}, ERROR_RANKING % {"count": 3}),
            ({"o90": "x"}, ERROR_RANKING % {"count": 3}),
        ],
        ids=["duplicate", "missing", "out-of-range", "not-a-number"],
    )
    def test_anything_but_a_permutation_is_refused_with_what_was_typed(self, posted, error):
        parsed = kind_of("ranking").parse(RANKING, ranks(**posted))
        assert parsed.error == str(error)
        assert parsed.values == {}
        widget = kind_of("ranking").widget(WidgetInput(question_id=9, options=OPTIONS, raw=parsed.raw, failed=True))
        assert [line.selected for line in widget.ranks][: len(posted)] == [str(v) for v in posted.values()]

    def test_the_widget_shows_the_stored_ranks_in_a_select_per_option(self):
        stored = AnswerValue(option_ids=frozenset({90, 91, 92}), ranking=(91, 92, 90))
        widget = kind_of("ranking").widget(WidgetInput(question_id=9, options=OPTIONS, values={None: stored}))
        assert [(line.label, line.name, line.selected) for line in widget.ranks] == [
            ("Vélo", "q9_o90", "3"),
            ("Bus", "q9_o91", "1"),
            ("Voiture", "q9_o92", "2"),
        ]
        assert widget.ranks[0].ranks == ["1", "2", "3"]

    def test_statistics_mean_rank_and_share_ranked_first(self):
        counts = UnitCounts()
        counts.add(n=3, number=None, choice_key="91,92,90", others=0)
        counts.add(n=1, number=None, choice_key="90,91,92", others=0)
        stats, rows = kind_of("ranking").statistics(QuestionFacts(options=OPTIONS), {None: counts})
        assert stats.answered == 4
        by_label = {r.label: r for r in stats.ranks}
        assert by_label["Bus"].mean_rank == pytest.approx((3 * 1 + 2) / 4)
        assert by_label["Bus"].first == 3
        assert by_label["Bus"].first_share == pytest.approx(0.75)
        assert by_label["Vélo"].mean_rank == pytest.approx((3 * 3 + 1) / 4)
        assert [r.label for r in stats.ranks] == ["Bus", "Voiture", "Vélo"]  # best mean rank first
        cells = kind_of("ranking").result_cells(QuestionFacts(options=OPTIONS), stats, rows)
        assert [(c.item, c.count, c.stats.mean) for c in cells][0] == ("Bus", 3, pytest.approx(1.25))
        assert kind_of("ranking").raw_cell(AnswerValue(ranking=(91, 90)), dict(OPTIONS)) == "1. Bus; 2. Vélo"

    def test_a_ranking_says_nothing_of_maturity(self):
        value = AnswerValue(option_ids=frozenset({90, 91, 92}), ranking=(90, 91, 92))
        assert kind_of("ranking").score(RANKING, value) is None


class TestDate:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("24/03/2026", date(2026, 3, 24)),
            ("4/12/2026", date(2026, 12, 4)),
            ("04.12.26", date(2026, 12, 4)),
            ("2026-12-04", date(2026, 12, 4)),
            ("04122026", date(2026, 12, 4)),
            ("04,12,2026", date(2026, 12, 4)),
            ("31/02/2026", None),
            ("31022026", None),
            ("12/2026", None),
            ("demain", None),
        ],
        ids=[
            "slashes",
            "short",
            "dots-two-digit-year",
            "iso",
            "digits-only-keypad",
            "decimal-comma-keypad",
            "no-such-day",
            "no-such-day-digits",
            "no-day",
            "words",
        ],
    )
    def test_dates_are_read_day_first(self, typed, expected):
        assert parse_date(typed) == expected

    def test_a_date_is_stored_as_its_number_and_shown_day_first(self):
        parsed = kind_of("date").parse(DATE, {"q10": "4/12/2026"})
        assert parsed.values[None].number == Decimal(20261204)
        widget = kind_of("date").widget(WidgetInput(question_id=10, values=parsed.values))
        assert widget.text == "04/12/2026"
        assert kind_of("date").raw_cell(parsed.values[None], {}) == "04/12/2026"

    def test_a_wrong_date_is_refused_and_kept(self):
        parsed = kind_of("date").parse(DATE, {"q10": "31/02/2026"})
        assert parsed.error == str(ERROR_DATE)
        assert kind_of("date").widget(WidgetInput(question_id=10, raw="31/02/2026", failed=True)).text == "31/02/2026"

    def test_statistics_earliest_latest_and_count_by_month(self):
        counts = UnitCounts()
        for number, n in [(20260324, 2), (20260301, 1), (20261204, 1)]:
            counts.add(n=n, number=float(number), choice_key="", others=0)
        stats, _rows = kind_of("date").statistics(QuestionFacts(), {None: counts})
        assert (stats.earliest, stats.latest, stats.answered) == (date(2026, 3, 1), date(2026, 12, 4), 4)
        assert [(m.month, m.count) for m in stats.months] == [(date(2026, 3, 1), 3), (date(2026, 12, 1), 1)]
        chart = kind_of("date").chart(QuestionFacts(), stats, {})
        assert chart["labels"] == ["03/2026", "12/2026"]
        assert chart["values"] == [3, 1]
