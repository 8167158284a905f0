"""Which procedure the Belgian law of 17 June 2016 (classic sectors) allows for an amount, and the splitting
warning: pure functions over the thresholds in force (`ThresholdSet`), testable without a database.

The thresholds are data (`procurement.models.Threshold`); `selectors.thresholds_on` picks the ones valid on
a date for a purchase type. "Below" a threshold is strictly below: an amount equal to the low-value
threshold is no longer a low-value procurement, and an amount equal to the EU threshold is published in
the Official Journal of the EU.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# The procedures, from the lightest to the heaviest.
LOW_VALUE = "low_value"
NEGOTIATED = "negotiated"
BELGIAN_PUBLICATION = "belgian_publication"
EU_PUBLICATION = "eu_publication"
ORDER = (LOW_VALUE, NEGOTIATED, BELGIAN_PUBLICATION, EU_PUBLICATION)

PROCEDURE_LABELS = {
    LOW_VALUE: _("Low-value procurement"),
    NEGOTIATED: _("Negotiated procedure without prior publication"),
    BELGIAN_PUBLICATION: _("Procedure with publication in Belgium (Bulletin des Adjudications)"),
    EU_PUBLICATION: _("Procedure with publication in Belgium and in the Official Journal of the EU"),
}
PROCEDURE_ADVICE = {
    LOW_VALUE: _("An accepted invoice is enough; consult several providers where possible."),
    NEGOTIATED: _("Consult at least three providers where possible, with written specifications; no publication."),
    BELGIAN_PUBLICATION: _("Publish a notice in the Bulletin des Adjudications (open or restricted procedure)."),
    EU_PUBLICATION: _("Publish in the Bulletin des Adjudications and in the OJEU; the standstill period applies."),
}


@dataclass(frozen=True)
class Limit:
    amount: Decimal
    source: str


@dataclass(frozen=True)
class ThresholdSet:
    """The thresholds in force for one purchase type on one date; a missing one is None."""

    low_value: Limit | None = None
    negotiated: Limit | None = None
    eu_publication: Limit | None = None

    def limits(self) -> list[tuple[str, Limit]]:
        """(procedure reached at or above the limit, limit), lowest first."""
        pairs = [
            (NEGOTIATED, self.low_value),
            (BELGIAN_PUBLICATION, self.negotiated),
            (EU_PUBLICATION, self.eu_publication),
        ]
        return [(procedure, limit) for procedure, limit in pairs if limit is not None]


@dataclass(frozen=True)
class Proposal:
    procedure: str
    label: str
    advice: str
    reasons: list[str] = field(default_factory=list)
    standstill: bool = False


def procedure_for(amount: Decimal, thresholds: ThresholdSet) -> str:
    """The lightest procedure the law allows for `amount` (excluding VAT)."""
    procedure = LOW_VALUE
    for reached, limit in thresholds.limits():
        if amount >= limit.amount:
            procedure = reached
    if thresholds.low_value is None and procedure == LOW_VALUE:
        procedure = NEGOTIATED  # without a known low-value threshold, never propose an invoice alone
    return procedure


def propose(amount: Decimal, thresholds: ThresholdSet, *, format_amount) -> Proposal:
    """The procedure for `amount` and why: each threshold it is below or reaches, with its source."""
    procedure = procedure_for(amount, thresholds)
    reasons = []
    for _reached, limit in thresholds.limits():
        values = {"amount": format_amount(amount), "limit": format_amount(limit.amount), "source": limit.source}
        if amount >= limit.amount:
            text = _("%(amount)s reaches the threshold of %(limit)s (%(source)s).")
        else:
            text = _("%(amount)s is below the threshold of %(limit)s (%(source)s).")
        reasons.append(str(text) % values)
    return Proposal(
        procedure=procedure,
        label=str(PROCEDURE_LABELS[procedure]),
        advice=str(PROCEDURE_ADVICE[procedure]),
        reasons=reasons,
        standstill=procedure == EU_PUBLICATION,
    )


@dataclass(frozen=True)
class SplittingWarning:
    total: Decimal
    count: int
    procedure: str
    limit: Limit


def splitting_warning(amounts: list[Decimal], thresholds: ThresholdSet) -> SplittingWarning | None:
    """The highest threshold the sum of `amounts` (same commune, kind of purchase and budget year) crosses
    while none of them alone does; None when adding them up changes nothing."""
    if len(amounts) < 2:
        return None
    total = sum(amounts, Decimal(0))
    alone = max(ORDER.index(procedure_for(amount, thresholds)) for amount in amounts)
    together = procedure_for(total, thresholds)
    if ORDER.index(together) <= alone:
        return None
    limit = dict(thresholds.limits())[together]
    return SplittingWarning(total=total, count=len(amounts), procedure=together, limit=limit)
