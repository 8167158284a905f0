"""Why the affordable plan puts a chosen sheet in its horizon rather than an earlier one, in words.

Reads the `placements` a proposal stores (roadmaps.planning.Placement, by roadmaps.services.planning):
the prerequisite that holds a sheet back, or the budget the plan leaves in each earlier horizon.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from roadmaps import planning
from roadmaps.models import HORIZON_RANK, Horizon


def _horizon(code: str) -> str:
    labels = {
        Horizon.SHORT: pgettext("plan", "the short term"),
        Horizon.MEDIUM: pgettext("plan", "the medium term"),
        Horizon.LONG: pgettext("plan", "the long term"),
    }
    return labels.get(code, code)


def amount(resource: str, value: float) -> str:
    """An investment in euros or a number of staff days, for a sentence."""
    if resource == planning.INVESTMENT:
        return f"{number_format(Decimal(value).quantize(Decimal(1)), decimal_pos=0, force_grouping=True)} €"
    days = round(value)
    return ngettext("%(days)s staff day", "%(days)s staff days", days) % {"days": number_format(days, decimal_pos=0)}


def _names(ids, titles: dict) -> str:
    return ", ".join(gettext("“%(title)s”") % {"title": titles.get(pk) or gettext("a deleted sheet")} for pk in ids)


def list_separator() -> str:
    """The semicolon between the parts of a list: French puts a no-break space before it."""
    # Translators: between the items of a list in a sentence; French: a no-break space, ";" and a space.
    return pgettext("list separator", "; ")


def _both(parts: list[str]) -> str:
    if len(parts) == 2:
        return gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    return ", ".join(parts)


def _shortfall_texts(shortfalls: list[dict]) -> tuple[str, str]:
    """What the sheet needs, and what the plan leaves in each earlier horizon."""
    needs: dict[str, float] = {}
    lefts: dict[str, list[str]] = {}
    for shortfall in shortfalls:
        needs[shortfall["resource"]] = shortfall["needed"]
        lefts.setdefault(shortfall["horizon"], []).append(amount(shortfall["resource"], shortfall["left"]))
    need_text = _both([amount(resource, value) for resource, value in needs.items()])
    left_text = list_separator().join(
        gettext("%(left)s in %(horizon)s") % {"left": _both(values), "horizon": _horizon(horizon)}
        for horizon, values in lefts.items()
    )
    return need_text, left_text


def placement_text(data: dict, horizon: str, titles: dict[int, str]) -> str:
    """Why a chosen sheet is in `horizon` and not earlier, from the placement stored with the proposal."""
    reason = data.get("reason")
    prerequisites = data.get("prerequisites", [])
    values = {"horizon": _horizon(horizon), "names": _names(prerequisites, titles)}
    if reason == planning.PLACED_AFTER_PREREQUISITE:
        return (
            ngettext(
                "In %(horizon)s because its prerequisite %(names)s is planned there, and comes first.",
                "In %(horizon)s because its prerequisites %(names)s are planned there, and come first.",
                len(prerequisites) or 1,
            )
            % values
        )
    if reason != planning.PLACED_BY_BUDGET:
        return gettext("In %(horizon)s: an earlier horizon would not raise the plan's total score.") % values
    values["needs"], values["lefts"] = _shortfall_texts(data.get("shortfalls", []))
    if prerequisites:
        values["earliest"] = _horizon(data.get("earliest_horizon", ""))
        return (
            ngettext(
                "In %(horizon)s, not earlier: its prerequisite %(names)s comes in %(earliest)s, and from then on "
                "it needs %(needs)s while the sheets planned there leave only %(lefts)s.",
                "In %(horizon)s, not earlier: its prerequisites %(names)s come in %(earliest)s, and from then on "
                "it needs %(needs)s while the sheets planned there leave only %(lefts)s.",
                len(prerequisites),
            )
            % values
        )
    return (
        gettext("In %(horizon)s, not earlier: it needs %(needs)s, and the sheets planned earlier leave only %(lefts)s.")
        % values
    )


def move_text(*, placement: dict | None, horizon: str, current: str, titles: dict[int, str]) -> str:
    """Why the proposal places a sheet where it does: for every sheet after the short term, and for every
    sheet it brings forward from a later horizon."""
    if placement is not None:
        return placement_text(placement, horizon, titles)
    if current and HORIZON_RANK.get(horizon, 0) < HORIZON_RANK.get(current, 0):
        return gettext("Brought forward to %(horizon)s: the budget there has room for it.") % {
            "horizon": _horizon(horizon)
        }
    return ""
