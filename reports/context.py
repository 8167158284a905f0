"""The report's data: one function gathers everything the four parts print.

What `report_context` returns is plain JSON data, stored as a version's snapshot and rendered by the
templates as it is: the PDF, the HTML preview and the snapshot cannot disagree.
"""

from django.utils import timezone, translation

from communes.models import Commune
from reports import sections, sources
from reports.plain import plain

# 2: the roadmap's strategy (part "strategy"); snapshots of schema 1 have no such key.
SCHEMA_VERSION = 2

# The parts of the report, in the order they are printed, and the source each is drawn from.
PARTS = (
    "introduction",
    "accompaniment",
    "meetings",
    "participation",
    "pst",
    "questionnaire",
    "interviews",
    "inventory",
    "synthesis",
    "needs",
    "barometer",
    "strategy",
    "sheets",
    "ranking",
)


def report_context(commune: Commune, language: str) -> dict:
    """Everything the report prints for `commune`, in `language`, as plain data.

    A fixed number of queries whatever the number of sheets, interviews or answers: each source
    adapter runs its own fixed number. Labels are translated here, inside the language of the report.
    """
    with translation.override(language):
        diagnostic = sources.diagnostic_report(commune)
        data = {
            "schema": SCHEMA_VERSION,
            "language": language,
            "generated_on": timezone.localdate(),
            **sources.commune_data(commune),
            "introduction": sources.introduction_data(commune),
            "accompaniment": sources.accompaniment_data(commune),
            **sources.questionnaire_data(commune, diagnostic),
            **sources.diagnostic_data(commune, diagnostic),
            "needs": sources.needs_data(commune, diagnostic),
            "barometer": sources.barometer_data(commune),
            **sources.roadmap_data(commune, diagnostic),
            # Sections of higher apps (reports.sections); absent from older snapshots.
            "extra_sections": sections.sections_for(commune),
        }
        for part in PARTS:
            if data[part]["status"] != sources.OK:
                data[part] = {**data[part], "message": str(sources.MISSING_MESSAGES[part])}
        return plain(data)


def filled_parts(context: dict) -> dict[str, str]:
    """Each part's status ("ok", "empty" or "unavailable"), for the status page and the command line."""
    return {part: context[part]["status"] for part in PARTS}
