"""Reads of the barometer (barometer/selectors.py): figures computed by the database, fixed query counts."""

import pytest

from barometer import selectors, services
from barometer.selectors import LatestAnswers, QuotedAnswer
from tests.barometer.conftest import answer, make_edition
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(territory, commune_a, commune_b):
    """2022 (closed) and 2025 (open) editions; Courcelles and Lobbes answered both, a third commune 2025 only."""
    old = make_edition(territory, year=2022, open_now=False)
    new = make_edition(territory, year=2025, copy_from=old, questions=False)
    third = CommuneFactory(territory=territory, name="Thuin")
    answer(old, commune_a, smartness=2, themes=["mobility"], involved=False, obstacles="Budget")
    answer(old, commune_b, smartness=4, themes=["mobility", "economy"], involved=True)
    answer(new, commune_a, smartness=6, themes=["mobility"], purchasing="strongly", involved=True, obstacles="Temps")
    answer(new, commune_b, smartness=5, themes=["economy"], purchasing="no", involved=True, obstacles="Budget")
    answer(new, third, smartness=7, themes=["quality_of_life", "mobility"], involved=False, obstacles="budget")
    return old, new


class TestTerritoryResults:
    def test_figures(self, territory, answered):
        old, new = answered
        found = selectors.territory_results(territory, texts_for=[new.pk])
        assert [r.edition.year for r in found.editions] == [2022, 2025]
        current = found.for_edition(new.pk)
        assert (current.edition.respondents, current.edition.communes_total) == (3, 3)
        assert current.question("smartness").mean == 6.0
        assert current.question("smartness").distribution[4:7] == [(5, 1), (6, 1), (7, 1)]
        themes = {s.code: (s.count, s.percent) for s in current.question("themes").shares}
        assert themes == {
            "mobility": (2, pytest.approx(66.666666)),
            "quality_of_life": (1, pytest.approx(33.333333)),
            "economy": (1, pytest.approx(33.333333)),
        }
        assert [(s.code, s.count) for s in current.question("involved").shares] == [("yes", 2), ("no", 1)]
        assert [(g.text, g.communes) for g in current.question("obstacles").text_groups] == [
            ("Budget", ("Lobbes", "Thuin")),
            ("Temps", ("Courcelles",)),
        ]
        assert found.for_edition(old.pk).question("smartness").mean == 3.0
        assert found.for_edition(old.pk).question("obstacles").texts == []

    def test_until_a_year_and_public_history(self, territory, answered):
        old, new = answered
        assert [r.edition.year for r in selectors.territory_results(territory, until_year=2024).editions] == [2022]
        assert selectors.public_history(new) == []
        services.edition_publish(edition=old, actor=None)
        assert [r.edition.id for r in selectors.public_history(new)] == [old.pk]

    def test_texts_without_communes(self, territory, answered):
        _old, new = answered
        found = selectors.territory_results(territory, texts_for=[new.pk], with_communes=False)
        texts = found.for_edition(new.pk).question("obstacles").texts
        assert [(t.text, t.commune) for t in texts] == [("Budget", ""), ("budget", ""), ("Temps", "")]

    def test_fixed_number_of_queries(self, territory, answered, django_assert_num_queries):
        # editions, communes, respondents, questions, options, answers, scale values, options chosen, texts
        with django_assert_num_queries(9):
            selectors.territory_results(territory, texts_for=[answered[1].pk])


class TestCommuneView:
    def test_answers_against_the_territory_with_trend(self, answered, commune_a):
        _old, new = answered
        view = selectors.commune_view(new, commune_a)
        rows = {a.code: a for a in view.answers}
        assert rows["smartness"].value == 6
        assert rows["smartness"].territory_mean == 6.0
        assert [(p.year, p.number) for p in rows["smartness"].trend] == [(2022, 2.0), (2025, 6.0)]
        assert rows["smartness"].trend[0].territory is None  # two communes answered in 2022: not shown
        # yes 2, no 1: fewer than three communes said no, and yes would give it away by subtraction
        assert rows["involved"].territory_percent is None
        assert rows["obstacles"].value == "Temps"

    def test_a_commune_that_did_not_answer(self, answered, territory):
        _old, new = answered
        view = selectors.commune_view(new, CommuneFactory(territory=territory))
        assert all(a.value is None for a in view.answers)
        assert view.results.edition.respondents == 3


class TestLatestAnswersForCommune:
    def test_none_before_any_answer(self, commune_a, edition):
        assert selectors.latest_answers_for_commune(commune_a) is None

    def test_plain_data_of_the_latest_edition_answered(self, answered, commune_a):
        latest = selectors.latest_answers_for_commune(commune_a)
        assert isinstance(latest, LatestAnswers)
        assert (latest.edition_year, latest.respondents, latest.communes_total) == (2025, 3, 3)
        by_code = {a.code: a for a in latest.answers}
        assert set(by_code) == {"smartness", "themes", "purchasing", "involved", "obstacles"}
        assert by_code["smartness"] == QuotedAnswer(
            code="smartness",
            question="Is your commune smart?",
            kind="scale",
            answer="6 / 10",
            value=6,
            territory_mean=6.0,
            territory_share=None,
            option_shares={},
        )
        assert by_code["themes"].option_shares == {"mobility": None}  # two communes: withheld
        assert by_code["involved"].territory_share is None
        # Only two communes answered this question: the territory's figure would reveal the other one's.
        assert by_code["purchasing"].territory_share is None

    def test_a_commune_that_answered_only_an_older_edition(self, answered, territory):
        old, _new = answered
        late = CommuneFactory(territory=territory)
        answer(old, late, smartness=9)
        latest = selectors.latest_answers_for_commune(late)
        assert latest.edition_year == 2022
        assert [a.code for a in latest.answers] == ["smartness"]


class TestLists:
    def test_edition_responses(self, answered, commune_a, territory):
        _old, new = answered
        rows = selectors.edition_responses(new)
        assert len(rows) == 3
        assert all(row.response is not None for row in rows)
        CommuneFactory(territory=territory, name="Aiseau")
        assert selectors.edition_responses(new)[0].response is None

    def test_managed_editions(self, answered, referent, other_referent, other_edition):
        (territory,) = selectors.managed_editions(referent)
        assert territory.communes_total == 3
        assert [(e.year, e.respondents) for e in territory.barometer_editions.all()] == [(2025, 3), (2022, 2)]
        assert [t.slug for t in selectors.managed_editions(other_referent)] == ["bep"]

    def test_commune_barometers(self, answered, college_a, referent):
        (item,) = selectors.commune_barometers(college_a)
        assert item.commune.slug == "courcelles"
        assert [(row.edition.year, row.response is not None) for row in item.rows] == [(2025, True), (2022, True)]
        assert selectors.commune_barometers(referent) == []

    def test_edition_by_reference(self, answered, territory):
        old, _new = answered
        assert selectors.edition_by_reference(f"{territory.slug}:2022") == old
        assert selectors.edition_by_reference(str(old.pk)) == old
        assert selectors.edition_by_reference(f"{territory.slug}:20x2") is None
        assert selectors.edition_by_reference("nonsense") is None

    def test_template_tables(self, answered, commune_a):
        _old, new = answered
        blank, questions = selectors.edition_template_tables(new)
        assert blank[0] == "Answers"
        assert blank[1][1][:4] == ["Courcelles", "52015", "", ""]
        assert blank[1][1][4:] == ["", "", "", "", ""]
        filled = selectors.edition_template_tables(new, filled=True)[0][1]
        courcelles = next(row for row in filled if row[0] == "Courcelles")
        assert courcelles[4:] == ["6", "mobility", "strongly", "yes", "Temps"]
        assert questions[0] == "Questions"
        assert questions[1][0] == ["code", "question", "kind", "accepted_values"]
