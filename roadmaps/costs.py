"""What a sheet costs the commune: its investment less the grants a higher app counts for it.

A higher app (funding) registers, from its AppConfig.ready(), a provider of grants per sheet of a roadmap:
`register_grants(name, provider)`, `provider(roadmap, *, expected: bool) -> dict[sheet id, Decimal]`, running a
fixed number of queries whatever the number of sheets. `expected=False` counts grants granted; `expected=True`
adds, for a what-if, the amounts still hoped for weighted by their probability.

The affordable plan reads `grants_for_roadmap` when its proposal budgets on the commune's share
(`PlanProposal.cost_basis`); with nothing registered the share is the investment and the plan form offers
no choice, so roadmaps works unchanged.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

GrantsProvider = Callable[..., dict[int, Decimal]]
_PROVIDERS: dict[str, GrantsProvider] = {}


def register_grants(name: str, provider: GrantsProvider) -> None:
    """Add (or replace, under the same name) a provider of grants per sheet."""
    _PROVIDERS[name] = provider


def has_grants() -> bool:
    return bool(_PROVIDERS)


def grants_for_roadmap(roadmap: Any, *, expected: bool = False) -> dict[int, Decimal]:
    """The grants each sheet of the roadmap counts, summed over the providers (no entry: none)."""
    total: dict[int, Decimal] = {}
    for provider in _PROVIDERS.values():
        for sheet_id, amount in provider(roadmap, expected=expected).items():
            total[sheet_id] = total.get(sheet_id, Decimal(0)) + Decimal(amount)
    return total


def commune_share(investment: Decimal | None, grants: Decimal | None) -> Decimal | None:
    """The investment less the grants, never below zero; None when the investment is unknown."""
    if investment is None:
        return None
    return max(Decimal(investment) - Decimal(grants or 0), Decimal(0))
