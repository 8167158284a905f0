"""The demo: Courcelles' website sheet gets its procurement, once."""

import pytest
from django.core.management import call_command

from procurement import procedure, selectors
from procurement.demo import seed_procurement
from procurement.models import DocumentStatus, Procurement

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_website_a_scored_and_awarded_procurement(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True)
    procurement = Procurement.objects.get(commune__slug="courcelles")
    assert procurement.sheet.template.code == "website-overhaul"
    assert selectors.overview(procurement).proposal.procedure == procedure.NEGOTIATED
    interoperability = procurement.sections.get(key="interoperability").text
    assert "Site internet communal (Imio)" in interoperability
    assert "Rendez-vous en ligne → Site internet communal" in interoperability
    grid = selectors.procurement_grid(procurement)
    assert len(grid.ranked) == 3 and grid.ranked[0].name == procurement.winner.name
    assert sorted((d.kind, d.status) for d in procurement.documents.all()) == [
        ("award_report", DocumentStatus.DONE),
        ("specifications", DocumentStatus.DONE),
    ]
    assert seed_procurement().pk == procurement.pk
    assert Procurement.objects.count() == 1


def test_without_courcelles_nothing_happens(db):
    assert seed_procurement() is None
