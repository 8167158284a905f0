"""Weights of needs and synthesis suggestions: plain functions, no database."""

import pytest

from diagnostics.evidence import RankedItem, need_weight, rank_needs, source_counts, source_key
from diagnostics.synthesis import group_differences, pillar_suggestions


class TestIndependentSources:
    def test_keys(self):
        assert source_key("question", campaign_id=3) == "campaign:3"
        assert source_key("pillar", campaign_id=3) == "campaign:3"
        assert source_key("finding", interview_id=4) == "interview:4"
        assert source_key("idea", workshop_id=5) == "workshop:5"
        assert source_key("objective", objective_id=6) == "pst:6"
        with pytest.raises(ValueError, match="unknown"):
            source_key("rumour")

    def test_each_interview_campaign_workshop_objective_counts_once(self):
        keys = [
            source_key("finding", interview_id=1),
            source_key("finding", interview_id=1),  # a second finding of the same interview
            source_key("finding", interview_id=2),
            source_key("question", campaign_id=7),
            source_key("pillar", campaign_id=7),  # the same campaign again
            source_key("idea", workshop_id=9),
            source_key("idea", workshop_id=9),
            source_key("objective", objective_id=11),
            source_key("objective", objective_id=12),
        ]
        assert need_weight(keys) == 6
        assert source_counts(keys) == {"interview": 2, "campaign": 1, "workshop": 1, "pst": 2}
        assert need_weight([]) == 0


def test_ranking_by_weight_then_evidence_then_title():
    ranked = rank_needs(
        [
            RankedItem(1, "b", 2, 3),
            RankedItem(2, "a", 2, 3),
            RankedItem(3, "c", 3, 1),
            RankedItem(4, "d", 2, 5),
            RankedItem(5, "e", 0, 0),
        ]
    )
    assert [(i.id, i.rank) for i in ranked] == [(3, 1), (4, 2), (2, 3), (1, 3), (5, 5)]


LABELS = {"mobility": "Mobility", "governance": "Governance", "economy": "Economy", "energy": "Energy"}


class TestSuggestions:
    def test_absolute_thresholds(self):
        strengths, weaknesses = pillar_suggestions({"mobility": 72.0, "governance": 35.0, "economy": None}, LABELS)
        assert [(s.pillar, s.label) for s in strengths] == [("mobility", "Mobility")]
        assert [s.pillar for s in weaknesses] == ["governance"]

    def test_relative_to_the_commune_mean(self):
        strengths, weaknesses = pillar_suggestions({"mobility": 59.0, "governance": 41.0, "economy": 41.0}, LABELS)
        assert ([s.pillar for s in strengths], weaknesses) == (["mobility"], [])
        strengths, weaknesses = pillar_suggestions({"mobility": 59.0, "energy": 59.0, "governance": 41.0}, LABELS)
        assert (strengths, [s.pillar for s in weaknesses]) == ([], ["governance"])

    def test_nothing_without_scores(self):
        assert pillar_suggestions({"mobility": None}, LABELS) == ([], [])


def test_group_differences():
    differences = group_differences(
        {
            "mobility": {"college": 70.0, "citizens": 40.0, "administration": 60.0},
            "governance": {"college": 50.0, "citizens": 45.0},
            "economy": {"college": 80.0},
            "energy": {"college": None, "citizens": 10.0},
        },
        LABELS,
        {"college": "Collège", "citizens": "Citizens"},
    )
    assert len(differences) == 1
    difference = differences[0]
    assert (difference.pillar, difference.high_group, difference.low_group, difference.gap) == (
        "mobility",
        "Collège",
        "Citizens",
        30.0,
    )
