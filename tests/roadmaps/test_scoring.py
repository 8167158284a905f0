"""roadmaps.scoring: plain functions, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmaps import scoring
from roadmaps.scoring import SheetMarks

WEIGHTS = {"budget": 15, "feasibility": 15, "resources": 15, "impact": 25, "pst": 20, "evidence": 10}


class TestWeightedScore:
    def test_all_fives_is_100_and_all_ones_is_0(self):
        assert scoring.weighted_score(dict.fromkeys(WEIGHTS, 5), WEIGHTS) == 100
        assert scoring.weighted_score(dict.fromkeys(WEIGHTS, 1), WEIGHTS) == 0

    def test_weighted_mean_mapped_to_0_100(self):
        # impact 5 (weight 3) and budget 1 (weight 1): (3·1 + 1·0) / 4 = 75 %
        assert scoring.weighted_score({"impact": 5, "budget": 1}, {"impact": 3, "budget": 1}) == 75

    def test_unmarked_criteria_are_left_out_of_the_mean(self):
        assert scoring.weighted_score({"impact": 4}, WEIGHTS) == 75

    def test_zero_weight_is_ignored(self):
        assert scoring.weighted_score({"impact": 5, "budget": 1}, {"impact": 1, "budget": 0}) == 100

    def test_no_usable_mark_gives_no_score(self):
        assert scoring.weighted_score({}, WEIGHTS) is None
        assert scoring.weighted_score({"budget": 3}, {"budget": 0, "impact": 2}) is None

    @pytest.mark.parametrize("mark", [0, 6, -1])
    def test_mark_out_of_range_is_refused(self, mark):
        with pytest.raises(ValueError, match="outside"):
            scoring.weighted_score({"impact": mark}, WEIGHTS)

    def test_negative_weight_is_refused(self):
        with pytest.raises(ValueError, match="negative"):
            scoring.weighted_score({"impact": 3}, {"impact": -1})

    @given(
        marks=st.dictionaries(st.sampled_from(list(WEIGHTS)), st.integers(1, 5)),
        weights=st.dictionaries(st.sampled_from(list(WEIGHTS)), st.integers(0, 100), min_size=1),
    )
    def test_score_stays_between_0_and_100(self, marks, weights):
        value = scoring.weighted_score(marks, weights)
        assert value is None or 0 <= value <= 100

    @given(marks=st.fixed_dictionaries({k: st.integers(1, 4) for k in WEIGHTS}), key=st.sampled_from(list(WEIGHTS)))
    def test_a_higher_mark_never_lowers_the_score(self, marks, key):
        higher = {**marks, key: marks[key] + 1}
        assert scoring.weighted_score(higher, WEIGHTS) >= scoring.weighted_score(marks, WEIGHTS)


class TestPriority:
    @pytest.mark.parametrize(
        ("score", "priority"),
        [(100, "high"), (62.5, "high"), (62.49, "medium"), (37.5, "medium"), (37.49, "low"), (0, "low"), (None, "low")],
    )
    def test_classes(self, score, priority):
        assert scoring.priority_class(score) == priority


class TestRanking:
    def test_highest_first_unscored_last_ties_by_title(self):
        sheets = [
            SheetMarks(1, "Zebra", {"impact": 4}),
            SheetMarks(2, "alpha", {"impact": 4}),
            SheetMarks(3, "Unmarked", {}),
            SheetMarks(4, "Best", {"impact": 5}),
        ]
        ranked = scoring.score_sheets(sheets, {"impact": 1, "budget": 1})
        assert [s.sheet_id for s in ranked] == [4, 2, 1, 3]
        assert ranked[0].marked == 1 and ranked[0].weighted_criteria == 2 and not ranked[0].complete
        assert ranked[-1].score is None and ranked[-1].priority == "low"

    def test_compare_rankings_reports_moves(self):
        sheets = [
            SheetMarks(1, "Cheap", {"budget": 5, "impact": 2}),
            SheetMarks(2, "Useful", {"budget": 2, "impact": 5}),
        ]
        before = scoring.score_sheets(sheets, {"budget": 3, "impact": 1})
        after = scoring.score_sheets(sheets, {"budget": 1, "impact": 3})
        moves = {m.sheet_id: m for m in scoring.compare_rankings(before, after)}
        assert moves[2].position == 1 and moves[2].change == 1 and moves[2].places == 1
        assert moves[1].change == -1
        assert moves[2].before_score == before[1].score

    def test_new_sheet_has_no_move(self):
        after = scoring.score_sheets([SheetMarks(9, "New", {"impact": 3})], {"impact": 1})
        assert scoring.compare_rankings([], after)[0].change == 0


class TestSuggestedBudgetMark:
    @pytest.mark.parametrize(
        ("cost", "mark"),
        [(None, None), (0, 5), (9_999, 5), (10_000, 4), (49_999, 4), (150_000, 2), (499_999, 2), (10**7, 1)],
    )
    def test_cheaper_scores_higher(self, cost, mark):
        assert scoring.suggested_budget_mark(cost) == mark


class TestReturnOnInvestment:
    def test_net_value_and_payback_with_figures(self):
        roi = scoring.return_on_investment(
            years=10,
            investment=250_000,
            yearly_running_cost=8_000,
            yearly_financial_gains=32_000,
            yearly_socio_economic_value=6_000,
        )
        assert roi.total_cost == Decimal(330_000)
        assert roi.financial_gains == Decimal(320_000)
        assert roi.socio_economic_value == Decimal(60_000)
        assert roi.net_financial_value == Decimal(-10_000)
        assert roi.net_value == Decimal(50_000)
        assert roi.payback_years == Decimal("8.3")  # 250 000 / (38 000 − 8 000)
        assert roi.financial_payback_years == Decimal("10.4")  # 250 000 / (32 000 − 8 000)

    def test_costs_only_give_total_cost_but_no_net_value(self):
        roi = scoring.return_on_investment(years=6, investment=40_000, yearly_running_cost=6_000)
        assert roi.total_cost == Decimal(76_000)
        assert roi.net_value is None and roi.payback_years is None and roi.net_financial_value is None

    def test_no_cost_figure_computes_nothing(self):
        roi = scoring.return_on_investment(years=6, yearly_financial_gains=1_000)
        assert roi.total_cost is None and roi.net_value is None

    def test_benefits_below_running_costs_never_pay_back(self):
        roi = scoring.return_on_investment(
            years=5, investment=10_000, yearly_running_cost=5_000, yearly_financial_gains=4_000
        )
        assert roi.payback_years is None
        assert roi.net_value == Decimal(-15_000)

    def test_no_investment_and_covered_running_cost_pays_back_at_once(self):
        roi = scoring.return_on_investment(years=3, yearly_running_cost=1_000, yearly_socio_economic_value=1_500)
        assert roi.payback_years == Decimal(0)
        assert roi.financial_payback_years is None

    def test_period_must_be_a_year_at_least(self):
        with pytest.raises(ValueError, match="at least one year"):
            scoring.return_on_investment(years=0, investment=1)
