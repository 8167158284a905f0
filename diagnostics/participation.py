"""Participation in a questionnaire campaign, defined once for every page, export and report.

- invited: people invited by name to the campaign (a withdrawn person counts only if they had submitted);
- started: responses with at least one answer saved; submitted: responses submitted;
- both are split by route: by name (a personal invitation) or through an open link (every response
  without a named respondent, e.g. a citizen who followed a link shared on the website);
- rate: submitted by name / invited by name. Open-link responses are counted apart and never enter a
  rate over invitations (nobody knows how many people saw the link). No invitation, no rate (None).

Plain data and functions: no database here (see `diagnostics.selectors.responses.campaigns_participation`).
"""

from collections.abc import Iterable
from dataclasses import dataclass


def response_rate(*, submitted_named: int, invited: int) -> float | None:
    """Share (0 to 1) of the people invited by name who submitted; None when nobody was invited by name."""
    return submitted_named / invited if invited else None


@dataclass(frozen=True)
class Participation:
    invited: int = 0
    started_named: int = 0
    submitted_named: int = 0
    started_open: int = 0
    submitted_open: int = 0

    @property
    def started(self) -> int:
        return self.started_named + self.started_open

    @property
    def submitted(self) -> int:
        return self.submitted_named + self.submitted_open

    @property
    def rate(self) -> float | None:
        return response_rate(submitted_named=self.submitted_named, invited=self.invited)

    @property
    def rate_percent(self) -> int | None:
        """The rate as a whole percentage, as pages and the report print it."""
        return None if self.rate is None else round(100 * self.rate)

    def __add__(self, other: "Participation") -> "Participation":
        return Participation(
            invited=self.invited + other.invited,
            started_named=self.started_named + other.started_named,
            submitted_named=self.submitted_named + other.submitted_named,
            started_open=self.started_open + other.started_open,
            submitted_open=self.submitted_open + other.submitted_open,
        )


def participation_total(parts: Iterable[Participation]) -> Participation:
    return sum(parts, Participation())
