"""“Your next steps” on the page a person lands on, without communes importing the other apps.

Each app registers, from its AppConfig.ready(), a function `steps(commune, rights, today)` returning the
`Step`s it knows about for that commune and what the person may do there (`communes.capabilities.Rights`;
a fixed number of queries each, whatever the rows). The commune page shows them in the order the apps registered them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from communes.capabilities import COMMUNES_READ_NOTES, Rights
from communes.models import Commune
from communes.selectors import commune_milestones

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class Step:
    """One thing to do (or to read), said in a sentence, with where to do it."""

    text: str
    url: str
    action: str
    urgent: bool = False


StepsProvider = Callable[[Commune, Rights, date], list[Step]]
_PROVIDERS: dict[str, StepsProvider] = {}


def register_next_steps(name: str, provider: StepsProvider) -> None:
    """Add (or replace, under the same name) a function giving next steps for a commune."""
    _PROVIDERS[name] = provider


def next_steps(commune: Commune, rights: Rights, today: date | None = None) -> list[Step]:
    if not (rights.reaches or rights.everything):
        return []
    today = today or timezone.localdate()
    steps = []
    for provider in _PROVIDERS.values():
        steps.extend(provider(commune, rights, today))
    return steps


def milestone_steps(commune: Commune, rights: Rights, today: date) -> list[Step]:
    """Milestones overdue or due within two weeks, for the people who carry the accompaniment (staff and
    referent, who read its internal notes; the Collège follows results, not milestones)."""
    if not rights.can(COMMUNES_READ_NOTES):
        return []
    soon = today + timedelta(days=DUE_SOON_DAYS)
    # The page's own list of milestones (one query, shared with the page inside its read_once scope).
    open_due = [m for m in commune_milestones(commune) if m.completed_on is None and m.due_date <= soon]
    due = {
        "overdue": sum(1 for m in open_due if m.due_date < today),
        "soon": sum(1 for m in open_due if m.due_date >= today),
        "first": min((m.due_date for m in open_due), default=None),
    }
    url = reverse("communes:commune-detail", args=[commune.slug]) + "#milestones-heading"
    steps = []
    if due["overdue"]:
        text = ngettext(
            "%(count)s milestone is overdue (since %(date)s).",
            "%(count)s milestones are overdue (the oldest since %(date)s).",
            due["overdue"],
        ) % {"count": due["overdue"], "date": date_format(due["first"], "DATE_FORMAT")}
        steps.append(Step(text, url, gettext("See the milestones"), urgent=True))
    if due["soon"]:
        text = ngettext(
            "%(count)s milestone is due within two weeks.",
            "%(count)s milestones are due within two weeks.",
            due["soon"],
        ) % {"count": due["soon"]}
        steps.append(Step(text, url, gettext("See the milestones")))
    return steps


register_next_steps("communes.milestones", milestone_steps)


@dataclass(frozen=True)
class Attention:
    """A commune the referent should look at, and why."""

    commune: Commune
    reason: str


ATTENTION_SHOWN = 5


def communes_needing_attention(overview) -> tuple[list[Attention], int]:
    """The referent's communes that are late or whose accompaniment has not started (at most five), and how
    many there are; `overview` is the dashboard's annotated queryset (one query whatever its size: the total
    is a window count over the same rows, read on the first one)."""
    needing = (
        overview.filter(Q(is_late=True) | Q(accompaniment__isnull=True))
        .annotate(needing_total=Window(Count("pk")))
        .order_by("-overdue_milestones", "name")
        # Only the columns the block shows: the others' subqueries are neither compiled nor planned.
        .values("pk", "name", "slug", "overdue_milestones", "is_late", "needing_total")[:ATTENTION_SHOWN]
    )
    rows = list(needing)
    shown = []
    for row in rows:
        commune = Commune(pk=row["pk"], name=row["name"], slug=row["slug"])
        commune.overdue_milestones, commune.is_late = row["overdue_milestones"], row["is_late"]
        shown.append(Attention(commune, _attention_reason(commune)))
    return shown, (rows[0]["needing_total"] if rows else 0)


def _attention_reason(commune: Commune) -> str:
    if commune.overdue_milestones:
        return ngettext("%(count)s milestone overdue", "%(count)s milestones overdue", commune.overdue_milestones) % {
            "count": commune.overdue_milestones
        }
    if commune.is_late:
        return gettext("past its planned end")
    return gettext("accompaniment not started")
