"""Every matching rule, each with a call that fits and a near-miss that fails only that rule."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.matching import Applicant, Terms, expected_grant, match, next_round
from smartregion.money import euros

TODAY = date(2027, 1, 10)
OPEN = ((date(2027, 1, 1), date(2027, 3, 15)),)


def sheet(**changes) -> Applicant:
    values = {
        "pillars": ("mobility",),
        "function_category": "shared_mobility",
        "investment": Decimal(80000),
        "horizon": "short",
    }
    return Applicant(**{**values, **changes})


def call(**changes) -> Terms:
    values = {
        "beneficiaries": ("commune",),
        "pillars": ("mobility", "energy_environment"),
        "function_categories": ("shared_mobility", "parking"),
        "floor": Decimal(20000),
        "ceiling": Decimal(200000),
        "cofunding_rate": Decimal(60),
        "rounds": OPEN,
    }
    return Terms(**{**values, **changes})


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_fitting_call_lists_its_reasons():
    result = match(sheet(), call(), TODAY)
    assert result.fits
    assert result.reasons == [
        "open until 15/03/2027",
        "Commune eligible",
        "pillar Mobility eligible",
        "kind of project “Shared mobility” eligible",
        f"investment {euros(80000)} within {euros(20000)}–{euros(200000)}",
        "closes 15/03/2027 before the project's short term ends",
    ]
    assert result.expected_grant == Decimal(48000)


def _only_failure(applicant, terms) -> str:
    result = match(applicant, terms, TODAY)
    assert not result.fits and result.near_miss, result.failures
    return result.failures[0]


def test_dates_an_upcoming_round_fits():
    result = match(sheet(), call(rounds=((date(2027, 2, 1), date(2027, 4, 30)),)), TODAY)
    assert result.fits and "opens on 01/02/2027, closes on 30/04/2027" in result.reasons


def test_dates_near_miss_every_round_closed():
    terms = call(rounds=((date(2026, 1, 1), date(2026, 3, 1)), (date(2026, 9, 1), date(2026, 12, 1))))
    assert _only_failure(sheet(), terms) == "closed since 01/12/2026"


def test_dates_near_miss_no_round():
    assert _only_failure(sheet(), call(rounds=())) == "no round is dated yet"


def test_dates_the_next_round_is_the_first_to_close_among_those_to_come():
    rounds = ((date(2026, 1, 1), date(2026, 2, 1)), (date(2027, 5, 1), date(2027, 6, 1)), OPEN[0])
    assert next_round(rounds, TODAY) == OPEN[0]


def test_beneficiaries_near_miss():
    assert _only_failure(sheet(), call(beneficiaries=("cpas", "intercommunale"))) == (
        "for CPAS, Intercommunale only, not commune"
    )


def test_beneficiaries_a_shared_project_applies_as_a_group():
    result = match(sheet(shared=True), call(beneficiaries=("group",)), TODAY)
    assert result.fits and "Group of communes eligible" in result.reasons


def test_several_communes_near_miss_for_a_single_sheet():
    assert _only_failure(sheet(), call(requires_several_communes=True)) == (
        "only for several communes together: apply through a shared project"
    )
    assert match(sheet(shared=True), call(requires_several_communes=True), TODAY).fits


def test_pillars_near_miss():
    assert _only_failure(sheet(pillars=("governance",)), call()) == (
        "none of the project's pillars is eligible (Mobility, Energy and environment)"
    )


def test_pillars_a_call_naming_none_takes_every_pillar():
    assert match(sheet(pillars=("governance",)), call(pillars=()), TODAY).fits


def test_kind_of_project_near_miss():
    assert _only_failure(sheet(function_category="website"), call()) == "kind of project “Website” not eligible"


def test_amount_below_the_floor_near_miss():
    assert _only_failure(sheet(investment=Decimal(15000)), call()) == (
        f"investment {euros(15000)} below the floor of {euros(20000)}"
    )


def test_amount_above_the_ceiling_near_miss():
    assert _only_failure(sheet(investment=Decimal(250000)), call()) == (
        f"investment {euros(250000)} above the ceiling of {euros(200000)}"
    )


def test_amount_unknown_near_miss():
    assert _only_failure(sheet(investment=None), call()) == "the project's investment is not estimated yet"


def test_two_failures_are_not_a_near_miss():
    result = match(sheet(investment=Decimal(1), pillars=("governance",)), call(), TODAY)
    assert len(result.failures) == 2 and not result.near_miss


def test_the_horizon_is_a_remark_never_a_failure():
    late = call(rounds=((date(2027, 1, 1), date(2029, 1, 1)),))
    result = match(sheet(), late, TODAY)
    assert result.fits and "closes 01/01/2029 after the project's short term ends" in result.reasons


def test_the_expected_grant_is_capped_by_the_ceiling():
    assert expected_grant(Decimal(300000), call(ceiling=Decimal(100000))) == Decimal(100000)
    assert expected_grant(Decimal(1000), call(cofunding_rate=None)) is None


PILLARS = ("mobility", "governance", "economy", "energy_environment")
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=1_000_000).map(Decimal))


@settings(max_examples=150, deadline=None)
@given(
    pillars=st.lists(st.sampled_from(PILLARS), unique=True, max_size=3),
    eligible=st.lists(st.sampled_from(PILLARS), unique=True, max_size=3),
    investment=amounts,
    floor=amounts,
    ceiling=amounts,
    rate=st.one_of(st.none(), st.integers(min_value=0, max_value=100).map(Decimal)),
    days=st.lists(st.tuples(st.integers(-400, 400), st.integers(0, 200)), max_size=3),
)
def test_a_call_fits_exactly_when_no_rule_fails(pillars, eligible, investment, floor, ceiling, rate, days):
    rounds = tuple((TODAY + timedelta(days=d), TODAY + timedelta(days=d + length)) for d, length in days)
    terms = call(pillars=tuple(eligible), floor=floor, ceiling=ceiling, cofunding_rate=rate, rounds=rounds)
    result = match(sheet(pillars=tuple(pillars), investment=investment), terms, TODAY)
    assert result.fits == (not result.failures)
    assert result.fits <= any(closes >= TODAY for _opens, closes in rounds)
    assert result.fits <= (not eligible or bool(set(pillars) & set(eligible)))
    if result.expected_grant is not None and ceiling is not None:
        assert result.expected_grant <= ceiling
