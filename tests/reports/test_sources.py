"""The report drawn from real data: the demo accompaniment of Courcelles fills every part.

One rendering of the seeded commune (seed_demo) checks the parts, the key figures, that nothing
personal leaks into the report, and that the number of queries does not grow with the data.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from communes.models import Commune
from diagnostics.demo_workspace_data import INTERVIEWS
from diagnostics.models import Interview, InterviewStatus
from reports.context import PARTS, filled_parts, report_context
from reports.rendering import render_pdf
from roadmaps.models import PlanProposal, PlanStatus, ProjectSheet
from smartregion.demo import seed_demo
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def courcelles():
    seed_demo()
    return Commune.objects.select_related("territory").get(slug="courcelles")


def tr(text: str, language: str = "fr") -> str:
    with translation.override(language):
        return gettext(text)


def test_the_demo_commune_fills_every_part(courcelles):
    doc = report_context(courcelles, "fr")
    assert filled_parts(doc) == dict.fromkeys(PARTS, "ok")

    held = Interview.objects.filter(commune=courcelles, status=InterviewStatus.HELD).count()
    assert doc["meetings"]["interviews"] == held
    assert doc["meetings"]["people"] == sum(group["people"] for group in doc["meetings"]["groups"])
    assert doc["participation"]["campaigns"][0]["respondents"] > 0
    assert [p["code"] for p in doc["questionnaire"]["pillars"]][:1] == ["mobility"]
    assert doc["questionnaire"]["radar_svg"].startswith("<svg")
    assert doc["inventory"]["warnings"], "the demo inventory has a duplicate, a silo and a single point of knowledge"
    assert doc["needs"]["needs"][0]["rank"] == 1
    sheets = ProjectSheet.objects.filter(roadmap__commune=courcelles).count()
    assert len(doc["sheets"]["sheets"]) == len(doc["ranking"]["rows"]) == sheets
    assert doc["ranking"]["budget_total"]["sheets"] <= sheets
    assert doc["ranking"]["timeline_svg"].startswith("<svg")
    assert PlanProposal.objects.filter(roadmap__commune=courcelles, status=PlanStatus.ACCEPTED).exists()
    assert doc["ranking"]["plan"]["horizons"]

    # Nothing personal: no name of a person met, no unpublished finding, no interview note.
    text = json.dumps(doc, ensure_ascii=False)
    for _days, _topic, _status, people, findings in INTERVIEWS:
        for name, _function, _group in people:
            assert name not in text
        for _kind, summary, _pillars, _objective, published in findings:
            if not published:
                assert summary not in text
    assert "Notes prises pendant l'entretien" not in text

    english = report_context(courcelles, "en")
    assert english["questionnaire"]["pillars"][0]["label"] == "Mobility"
    assert english["ranking"]["rows"][0]["priority_label"] in ("High priority", "Medium priority", "Low priority")


def test_the_pdf_shows_the_four_parts_and_key_figures(courcelles, tmp_path):
    doc = report_context(courcelles, "fr")
    text = " ".join(pdf_text(render_pdf(doc, version={"number": 1}).pdf, tmp_path).split())
    for title in [
        "Context of the approach",
        "The smart diagnostic",
        "Project sheets",
        "Ranking of the projects by priority",
    ]:
        assert tr(title) in text
    assert doc["sheets"]["sheets"][0]["title"] in text
    assert doc["needs"]["needs"][0]["title"] in text
    assert min((system["name"] for system in doc["inventory"]["systems"]), key=len) in text
    for message in [part.get("message") for part in doc.values() if isinstance(part, dict)]:
        assert message is None


def _queries(commune) -> int:
    with CaptureQueriesContext(connection) as captured:
        report_context(commune, "fr")
    return len(captured)


def test_fixed_number_of_queries_whatever_the_number_of_sheets(courcelles):
    before = _queries(courcelles)
    sheets = list(ProjectSheet.objects.filter(roadmap__commune=courcelles)[:3])
    for sheet in sheets:
        sheet.pk = None
        sheet.title = f"{sheet.title} (bis)"
        sheet._state.adding = True
        sheet.save()
    assert _queries(courcelles) == before
