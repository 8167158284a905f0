"""The demo barometer reproduces the figures IGRETEC published (see the barometer section of the brief)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from barometer import selectors
from barometer.models import Answer, Edition, Question, Response
from barometer.results import comparisons
from smartregion.demo import seed_demo

pytestmark = pytest.mark.django_db


def rounded(value: float, digits: int = 0) -> Decimal:
    """Rounded as a person publishing the figures rounds (half up), not as Python's round() does."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@pytest.fixture
def demo():
    territory = seed_demo()
    found = selectors.territory_results(territory)
    return territory, {r.edition.year: r for r in found.editions}


def share(results, code, option) -> Decimal:
    return rounded(results.question(code).share(option).percent)


def test_2022_edition_reproduces_the_published_figures(demo):
    _territory, editions = demo
    r = editions[2022]
    assert (r.edition.respondents, r.edition.communes_total) == (14, 30)
    assert rounded(r.question("smartness").mean, 1) == Decimal("4.4")
    assert rounded(r.question("citizens_informed").mean, 1) == Decimal("5.6")
    assert share(r, "priority_themes", "quality_of_life") == 71
    assert share(r, "priority_themes", "smart_citizens") == 57
    assert share(r, "priority_themes", "energy_environment") == 50
    # Published as 42 %: 6 of 14 communes is 42.86 %, which the article truncated.
    assert int(r.question("priority_themes").share("mobility").percent) == 42
    assert r.question("priority_themes").share("mobility").count == 6
    assert share(r, "priority_themes", "governance") == 21
    assert share(r, "priority_themes", "economy") == 14
    assert share(r, "pst_smart_actions", "yes") == 100
    assert share(r, "call_for_projects", "yes") == 64
    assert share(r, "citizens_involved", "yes") == 36
    assert share(r, "procurement_done", "yes") == 21
    assert share(r, "central_purchasing", "strongly_interested") == 50
    assert share(r, "central_purchasing", "interested_not_priority") == 36
    assert share(r, "cybersecurity", "insufficiently_armed") == 64


def test_2019_edition_reproduces_its_two_published_means(demo):
    _territory, editions = demo
    r = editions[2019]
    assert r.question("smartness").mean == pytest.approx(2.8)
    assert r.question("citizens_informed").mean == pytest.approx(3.8)
    assert r.edition.respondents == 10
    assert r.question("call_for_projects") is None


def test_2022_started_from_the_2019_questions(demo):
    territory, _editions = demo
    first, second, current = Edition.objects.filter(territory=territory).order_by("year")
    assert second.copied_from == first and current.copied_from == second
    first_codes = set(first.questions.values_list("code", flat=True))
    second_codes = set(second.questions.values_list("code", flat=True))
    assert first_codes < second_codes
    assert second_codes - first_codes == {
        "call_for_projects",
        "central_purchasing",
        "cybersecurity",
        "cybersecurity_practices",
    }


def test_answers_are_marked_as_demo_data(demo):
    assert Response.objects.count() == 24 + 9
    assert not Response.objects.filter(is_demo=False).exists()


def test_the_current_edition_is_answered_through_the_links(demo):
    from django.utils import timezone

    from barometer.models import Invitee
    from barometer.selectors import edition_follow_up

    territory, _editions = demo
    current = Edition.objects.get(territory=territory, year=timezone.localdate().year)
    assert current.is_open
    follow_up = edition_follow_up(current)
    assert follow_up.total == 30
    assert (follow_up.counts["answered"], follow_up.counts["started"]) == (9, 4)
    assert follow_up.counts["not_invited"] == 0
    assert Invitee.objects.filter(invitation__edition=current).count() == 60
    binomes = Response.objects.filter(edition=current).exclude(alderman_name="")
    assert binomes.count() == 3


def test_seeding_twice_changes_nothing(demo):
    counts = (Edition.objects.count(), Question.objects.count(), Response.objects.count(), Answer.objects.count())
    seed_demo()
    assert (
        Edition.objects.count(),
        Question.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    ) == counts


def test_comparison_shows_the_published_progress(demo):
    territory, _editions = demo
    edition = Edition.objects.get(territory=territory, year=2022)
    found = selectors.territory_results(territory, until_year=2022)
    by_code = {c.code: c for c in comparisons(found.editions, found.for_edition(edition.pk))}
    smartness = [rounded(p.value, 1) for p in by_code["smartness"].series[0].points]
    informed = [rounded(p.value, 1) for p in by_code["citizens_informed"].series[0].points]
    assert smartness == [Decimal("2.8"), Decimal("4.4")]
    assert informed == [Decimal("3.8"), Decimal("5.6")]
