"""The one-page PDF summary of a commune's answers for its Collège (WeasyPrint, static files only)."""

from django.template.loader import render_to_string
from django.utils import timezone

from barometer.kinds import barometer_kind
from smartregion.pdf import html_to_pdf


def summary_html(view, peers, *, edition, commune) -> str:
    """The summary's HTML: the same figures as the commune's answer page (`selectors.commune_view`, `peer_view`)."""
    rows = [
        (answer, peers.answers.get(answer.code))
        for answer in view.answers
        if not barometer_kind(answer.kind).keeps_texts  # free texts stay on the portal
    ]
    context = {
        "edition": edition,
        "commune": commune,
        "results": view.results,
        "peers": peers,
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render_to_string("barometer/summary_pdf.html", context)


def summary_pdf(view, peers, *, edition, commune) -> bytes:
    return html_to_pdf(summary_html(view, peers, edition=edition, commune=commune))
