"""The final report's funding section (reports.sections): calls applied to, amounts granted, deadlines to come."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from reports import sections
from reports.context import report_context
from reports.rendering import document_html, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(call, sheet, staff_a):
    fields = {"status": "granted", "amount_requested": Decimal(48000), "amount_granted": Decimal(40000)}
    return services.application_create(call=call, sheet=sheet, actor=staff_a, fields=fields)


def test_no_application_no_section(commune_a, sheet):
    assert report_context(commune_a, "fr")["extra_sections"] == []


def test_the_section_is_in_the_snapshot_the_preview_and_the_pdf(commune_a, applied, call, client_for, referent):
    doc = report_context(commune_a, "fr")
    (section,) = doc["extra_sections"]
    assert (section["name"], section["title"], section["granted"], section["requested"]) == (
        "funding",
        "Financement",
        40000.0,
        48000.0,
    )
    assert section["applications"][0]["call"] == call.title and section["deadlines"] == []
    html = str(document_html(doc))
    assert 'id="part-funding"' in html and "5</span> Financement" in html
    page = client_for(referent).get(reverse("reports:report-preview", args=[commune_a.slug])).content.decode()
    assert call.title in page
    pdf = render_pdf(doc)
    assert pdf.pdf.startswith(b"%PDF")


def test_a_pending_application_lists_its_deadline(commune_a, call, sheet, staff_a):
    services.application_create(call=call, sheet=sheet, actor=staff_a, fields={"status": "preparing"})
    (section,) = report_context(commune_a, "fr")["extra_sections"]
    assert section["deadlines"][0]["call"] == call.title


def test_the_report_is_unchanged_when_nothing_is_registered(commune_a, applied, monkeypatch):
    monkeypatch.setattr(sections, "_PROVIDERS", {})
    doc = report_context(commune_a, "fr")
    assert doc["extra_sections"] == []
    assert "part-funding" not in str(document_html(doc))
