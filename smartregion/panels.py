"""Panels other apps add to a page of a lower app, without the lower app importing them.

A page names its slots (`{% panels "roadmaps.sheet" sheet %}` in its template). An app registers, from
its AppConfig.ready(), a provider for a slot: `provider(request, obj) -> Panel | None`. The provider
decides who may see it (through its own app's access helpers) and runs a fixed number of queries
whatever the rows; it returns None when it has nothing to show to that person. Panels render in the
order of their `order`, then of registration.

Slots in use (keep this list current):
- "communes.commune": the commune page, obj = the Commune (below the accompaniment);
- "roadmaps.roadmap": the roadmap page, obj = the Roadmap (below the sheets);
- "roadmaps.sheet": a project sheet's page, obj = the ProjectSheet (under the description column);
- "roadmaps.templates": the catalogue of project templates, obj = the Commune (above the templates);
- "projects.project": a project's page, obj = the Project (below the project's sections);
- "mutualisation.shared_project": a shared project's page, obj = the SharedProject (below its members);
- "accounts.profile": the profile page, obj = the signed-in user (below the password link);
- "barometer.public": the public barometer summary, obj = the Edition (below the figures).

Registered, among others: funding on "roadmaps.sheet" (matching calls, applications, the commune's share) and on
"communes.commune" (the ways into the catalogue, the deadlines and, for the referent, the applications).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """A template of the registering app and what it needs; rendered with `request` added."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest, Any], Panel | None]
_PROVIDERS: dict[str, dict[str, PanelProvider]] = {}


def register_panel(slot: str, name: str, provider: PanelProvider) -> None:
    """Add (or replace, under the same name) a panel provider for a slot."""
    _PROVIDERS.setdefault(slot, {})[name] = provider


def panels_for(slot: str, request: HttpRequest, obj: Any) -> list[Panel]:
    found = [panel for provider in _PROVIDERS.get(slot, {}).values() if (panel := provider(request, obj))]
    return sorted(found, key=lambda panel: panel.order)
