"""Statistics over aggregated figures, without a database."""

import statistics

from hypothesis import given
from hypothesis import strategies as st

from diagnostics.stats import ScoreRow, mean_of, median_of, merge_counts, rollup_pillars, share


def test_mean_and_median_from_counts():
    distribution = {1.0: 2, 3.0: 1, 10.0: 1}  # 1, 1, 3, 10
    assert mean_of(distribution) == 15 / 4
    assert median_of(distribution) == 2.0
    assert median_of({5.0: 3}) == 5.0
    assert median_of({1.0: 1, 2.0: 0, 9.0: 1}) == 5.0


def test_empty_distributions():
    assert mean_of({}) is None
    assert median_of({}) is None
    assert median_of({4.0: 0}) is None


@given(st.lists(st.integers(min_value=-50, max_value=50), min_size=1, max_size=60))
def test_median_matches_the_standard_library(values):
    distribution = {}
    for value in values:
        distribution[float(value)] = distribution.get(float(value), 0) + 1
    assert median_of(distribution) == statistics.median(values)
    assert abs(mean_of(distribution) - statistics.mean(values)) < 1e-9


def test_merge_and_share():
    assert merge_counts([{1: 2, 2: 1}, {2: 3}, {}]) == {1: 2, 2: 4}
    assert share(1, 4) == 0.25
    assert share(3, 0) == 0.0


def test_pillar_score_is_the_mean_of_question_means():
    rows = [
        # Question 1 (mobility): 10 answers averaging 80 in group A.
        ScoreRow("mobility", 1, "A", 800.0, 10),
        # Question 2 (mobility): one answer of 20 in group B.
        ScoreRow("mobility", 2, "B", 20.0, 1),
        # Question 2 also in group A: two answers of 50.
        ScoreRow("mobility", 2, "A", 100.0, 2),
        ScoreRow("governance", 1, "A", 800.0, 10),
    ]
    result = rollup_pillars(rows, ["mobility", "governance", "economy"])
    # Question means: 80 and (20 + 100) / 3 = 40, so the pillar is 60 whatever the answer counts.
    assert result["mobility"].score == 60
    assert result["mobility"].questions == 2
    assert result["mobility"].answers == 13
    assert result["mobility"].by_group == {"A": (80 + 50) / 2, "B": 20}
    assert result["governance"].score == 80
    assert result["economy"].score is None
    assert result["economy"].by_group == {}


def test_rows_without_answers_are_ignored():
    result = rollup_pillars([ScoreRow("mobility", 1, None, 0.0, 0)], ["mobility"])
    assert result["mobility"].score is None
