"""Which calls fit a project, and why: plain functions over plain data, testable without a database.

A call fits an applicant (a project sheet, or a shared project applying for its communes) when every rule
below holds; each rule says why it holds or why it fails, so that a match lists its reasons and a near-miss
(a call failing exactly one rule) says what stops it:

1. dates: a round is open or upcoming (it closes today or later);
2. beneficiaries: the applicant's kind (a commune, or a group of communes) is eligible;
3. several communes: a call for communes together takes only a shared project;
4. pillars: one of the project's pillars is eligible (a call naming none takes every pillar);
5. kind of project: the project's function is eligible (a call naming none takes every kind);
6. amounts: the investment is known and lies between the call's floor and ceiling.

A shared project is matched like a sheet on its total investment (not a member's share), on the pillars of
its members' sheets (and of its template) and on its own kind or its members' sheets' kinds
(`funding.selectors.shared_applicant`).

The horizon adds a remark, never a failure: whether the next deadline comes before the end of the
project's horizon (short term: within a year from today, medium: three, long: six).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communes.models import Pillar
from funding.models import Beneficiary
from roadmaps.models import FunctionCategory, Horizon
from smartregion.money import euros

HORIZON_YEARS = {Horizon.SHORT: 1, Horizon.MEDIUM: 3, Horizon.LONG: 6}


@dataclass(frozen=True)
class Applicant:
    pillars: tuple[str, ...] = ()
    function_category: str = FunctionCategory.OTHER
    investment: Decimal | None = None
    horizon: str = ""
    shared: bool = False  # a shared project applies for a group of communes
    other_categories: tuple[str, ...] = ()  # a shared project: its members' sheets' kinds, besides its own


@dataclass(frozen=True)
class Terms:
    beneficiaries: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()
    function_categories: tuple[str, ...] = ()
    floor: Decimal | None = None
    ceiling: Decimal | None = None
    cofunding_rate: Decimal | None = None
    requires_several_communes: bool = False
    rounds: tuple[tuple[date, date], ...] = ()  # (opens_on, closes_on)


@dataclass
class Match:
    reasons: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    next_round: tuple[date, date] | None = None
    expected_grant: Decimal | None = None

    @property
    def fits(self) -> bool:
        return not self.failures

    @property
    def near_miss(self) -> bool:
        return len(self.failures) == 1


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def next_round(rounds, today: date) -> tuple[date, date] | None:
    """The round that closes first among those still open or to come."""
    coming = sorted((r for r in rounds if r[1] >= today), key=lambda r: r[1])
    return coming[0] if coming else None


def rule_dates(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str]:
    found = next_round(terms.rounds, today)
    if found is None:
        if not terms.rounds:
            return False, _("no round is dated yet")
        last = max(r[1] for r in terms.rounds)
        return False, _("closed since %(date)s") % {"date": _day(last)}
    opens, closes = found
    if opens <= today:
        return True, _("open until %(date)s") % {"date": _day(closes)}
    return True, _("opens on %(opens)s, closes on %(closes)s") % {"opens": _day(opens), "closes": _day(closes)}


def rule_beneficiary(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str] | None:
    if not terms.beneficiaries:
        return None
    wanted = Beneficiary.GROUP if applicant.shared else Beneficiary.COMMUNE
    label = Beneficiary(wanted).label
    if wanted in terms.beneficiaries or (applicant.shared and Beneficiary.COMMUNE in terms.beneficiaries):
        return True, _("%(who)s eligible") % {"who": label}
    names = ", ".join(str(Beneficiary(b).label) for b in terms.beneficiaries)
    return False, _("for %(names)s only, not %(who)s") % {"names": names, "who": str(label).lower()}


def rule_several(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str] | None:
    if not terms.requires_several_communes:
        return None
    if applicant.shared:
        return True, _("several communes together, as this shared project")
    return False, _("only for several communes together: apply through a shared project")


def rule_pillars(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str] | None:
    if not terms.pillars:
        return None
    common = [p for p in applicant.pillars if p in terms.pillars]
    if common:
        return True, _("pillar %(pillars)s eligible") % {"pillars": ", ".join(str(Pillar(p).label) for p in common)}
    if not applicant.pillars:
        return False, _("the project names no pillar")
    eligible = ", ".join(str(Pillar(p).label) for p in terms.pillars)
    return False, _("none of the project's pillars is eligible (%(eligible)s)") % {"eligible": eligible}


def rule_category(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str] | None:
    if not terms.function_categories:
        return None
    kinds = [applicant.function_category, *(k for k in applicant.other_categories if k != applicant.function_category)]
    eligible = [k for k in kinds if k in terms.function_categories]
    if eligible:
        return True, _("kind of project “%(kind)s” eligible") % {"kind": FunctionCategory(eligible[0]).label}
    label = FunctionCategory(applicant.function_category).label
    return False, _("kind of project “%(kind)s” not eligible") % {"kind": label}


def rule_amounts(applicant: Applicant, terms: Terms, today: date) -> tuple[bool, str] | None:
    if terms.floor is None and terms.ceiling is None:
        return None
    if applicant.investment is None:
        return False, _("the project's investment is not estimated yet")
    amounts = {
        "investment": euros(applicant.investment),
        "floor": euros(terms.floor) if terms.floor is not None else "",
        "ceiling": euros(terms.ceiling) if terms.ceiling is not None else "",
    }
    if terms.floor is not None and applicant.investment < terms.floor:
        return False, _("investment %(investment)s below the floor of %(floor)s") % amounts
    if terms.ceiling is not None and applicant.investment > terms.ceiling:
        return False, _("investment %(investment)s above the ceiling of %(ceiling)s") % amounts
    if terms.floor is not None and terms.ceiling is not None:
        return True, _("investment %(investment)s within %(floor)s–%(ceiling)s") % amounts
    if terms.floor is not None:
        return True, _("investment %(investment)s above the floor of %(floor)s") % amounts
    return True, _("investment %(investment)s within the ceiling of %(ceiling)s") % amounts


RULES: tuple[Callable, ...] = (rule_dates, rule_beneficiary, rule_several, rule_pillars, rule_category, rule_amounts)


def horizon_remark(applicant: Applicant, closes: date, today: date) -> str:
    years = HORIZON_YEARS.get(applicant.horizon)
    if years is None:
        return ""
    ends = today + timedelta(days=365 * years)
    horizon = str(Horizon(applicant.horizon).label).split(" (")[0].lower()
    values = {"date": _day(closes), "horizon": horizon}
    if closes <= ends:
        return _("closes %(date)s before the project's %(horizon)s ends") % values
    return _("closes %(date)s after the project's %(horizon)s ends") % values


def expected_grant(investment: Decimal | None, terms: Terms) -> Decimal | None:
    """What the call would pay: the investment at the co-funding rate, at most the ceiling."""
    if investment is None or terms.cofunding_rate is None:
        return None
    grant = (Decimal(investment) * Decimal(terms.cofunding_rate) / 100).quantize(Decimal("0.01"))
    return min(grant, terms.ceiling) if terms.ceiling is not None else grant


def match(applicant: Applicant, terms: Terms, today: date) -> Match:
    """Every rule's verdict on this call for this applicant, with the remark on the horizon."""
    result = Match(
        next_round=next_round(terms.rounds, today), expected_grant=expected_grant(applicant.investment, terms)
    )
    for rule in RULES:
        verdict = rule(applicant, terms, today)
        if verdict is None:
            continue
        fits, text = verdict
        (result.reasons if fits else result.failures).append(text)
    if result.next_round is not None and (remark := horizon_remark(applicant, result.next_round[1], today)):
        result.reasons.append(remark)
    return result
