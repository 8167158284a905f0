"""Extra sections of the final report, provided by higher apps without reports importing them.

An app registers, from its AppConfig.ready(), `register_section(name, provider)`; `provider(commune)` returns
None (nothing to print) or plain data (str, numbers, lists, dicts, ISO dates) with at least `title` and
`template`, a template of the registering app that prints it (it receives `section` and `doc`). It runs a
fixed number of queries whatever the rows. `report_context` stores the sections in the snapshot
(`extra_sections`), so the PDF, the preview and the snapshot agree; they print after the four parts, in the
order of registration, and the table of contents lists them. With nothing registered the report is unchanged.

Sections in use: "funding" (funding app: calls applied to, amounts granted, deadlines to come).
"""

from collections.abc import Callable
from typing import Any

SectionProvider = Callable[[Any], dict | None]
_PROVIDERS: dict[str, SectionProvider] = {}


def register_section(name: str, provider: SectionProvider) -> None:
    """Add (or replace, under the same name) a provider of a report section."""
    _PROVIDERS[name] = provider


def sections_for(commune) -> list[dict]:
    found = []
    for name, provider in _PROVIDERS.items():
        section = provider(commune)
        if section:
            found.append({"name": name, **section})
    return found
