"""The roadmap page's duplicate warnings are remembered per process (roadmaps.duplicates): each input of
the comparison is changed here through the services, and the next request shows the change."""

import re

import pytest
from django.urls import reverse

from diagnostics.services import inventory as inventory_services
from roadmaps import duplicates
from roadmaps.models import ProjectSheet, ProjectTemplate
from roadmaps.services import sheets as sheet_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicates_panel(referent_client, roadmap, in_english, referent):
    """`duplicates_panel()`: the text of the page's "Possible duplicates" card, whitespace collapsed."""
    in_english(referent)
    url = reverse("roadmaps:roadmap-detail", args=[roadmap.commune.slug])

    def read() -> str:
        page = referent_client.get(url).content.decode()
        panel = page.split('id="duplicates-heading"', 1)[1].split("</section>", 1)[0]
        return " ".join(re.sub(r"<[^>]+>", " ", panel).split())

    return read


def update(sheet, actor, **fields):
    sheet = ProjectSheet.objects.get(pk=sheet.pk)
    return sheet_services.sheet_update(sheet=sheet, actor=actor, fields=fields, expected_version=sheet.version)


@pytest.fixture
def two_sheets(roadmap, referent):
    first = sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "Guichet électronique"})
    second = sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "Parc à conteneurs"})
    return first, second


def test_a_title_made_similar_then_different_shows_and_hides_the_pair(duplicates_panel, two_sheets, referent):
    first, second = two_sheets
    assert "No sheet looks like another one." in duplicates_panel()
    update(second, referent, title="Guichet électronique communal")
    assert "Guichet électronique and Guichet électronique communal : similar title" in duplicates_panel()
    update(second, referent, title="Parc à conteneurs")
    assert "No sheet looks like another one." in duplicates_panel()


def test_the_function_of_a_sheet(duplicates_panel, two_sheets, referent):
    first, second = two_sheets
    update(first, referent, function_category="website")
    assert "No sheet looks like another one." in duplicates_panel()
    update(second, referent, function_category="website")
    assert "Guichet électronique and Parc à conteneurs : same function" in duplicates_panel()
    update(first, referent, function_category="participation")
    assert "No sheet looks like another one." in duplicates_panel()


def test_the_template_of_a_sheet(duplicates_panel, roadmap, referent):
    source = ProjectTemplate.objects.order_by("position", "code").first()
    first = sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "Alpha"}, template=source)
    assert "No sheet looks like another one." in duplicates_panel()
    second = sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "Omega"}, template=source)
    assert "Alpha and Omega : same template" in duplicates_panel()
    # No service changes a sheet's template: the row is changed, and the page follows all the same.
    ProjectSheet.objects.filter(pk=second.pk).update(template=None)
    assert "No sheet looks like another one." in duplicates_panel()
    assert first.pk != second.pk


def test_a_sheet_added_then_deleted(duplicates_panel, two_sheets, roadmap, referent):
    assert "No sheet looks like another one." in duplicates_panel()
    third = sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "Guichet électronique 2"})
    assert "Guichet électronique and Guichet électronique 2 : similar title" in duplicates_panel()
    sheet_services.sheet_delete(sheet=ProjectSheet.objects.get(pk=third.pk), actor=referent)
    assert "No sheet looks like another one." in duplicates_panel()


def test_an_existing_system_its_name_category_status_and_deletion(duplicates_panel, two_sheets, commune_a, referent):
    first, _second = two_sheets
    system = inventory_services.system_create(commune=commune_a, actor=referent, name="Agenda", category="website")
    assert "No sheet looks like another one." in duplicates_panel()
    inventory_services.system_update(system=system, actor=referent, fields={"name": "Guichet electronique"})
    assert "Guichet électronique and the existing system Guichet electronique: similar title" in duplicates_panel()
    inventory_services.system_update(system=system, actor=referent, fields={"name": "Agenda"})
    assert "No sheet looks like another one." in duplicates_panel()
    update(first, referent, function_category="online_services")
    inventory_services.system_update(system=system, actor=referent, fields={"category": "online_services"})
    assert "Guichet électronique and the existing system Agenda: same function" in duplicates_panel()
    inventory_services.system_update(system=system, actor=referent, fields={"status": "being_replaced"})
    assert "No sheet looks like another one." in duplicates_panel()
    inventory_services.system_update(system=system, actor=referent, fields={"status": "in_operation"})
    assert "the existing system Agenda" in duplicates_panel()
    inventory_services.system_delete(system=system, actor=referent)
    assert "No sheet looks like another one." in duplicates_panel()


def test_a_system_the_sheet_exchanges_with(duplicates_panel, two_sheets, commune_a, referent):
    first, _second = two_sheets
    system = inventory_services.system_create(
        commune=commune_a, actor=referent, name="Guichet electronique", category="other"
    )
    assert "the existing system Guichet electronique" in duplicates_panel()
    sheet = ProjectSheet.objects.get(pk=first.pk)
    sheet_services.sheet_update(
        sheet=sheet, actor=referent, fields={}, expected_version=sheet.version, links={"exchanges_with": [system]}
    )
    assert "No sheet looks like another one." in duplicates_panel()


def test_the_answer_is_a_new_list_each_time():
    sheets = [duplicates.SheetRef(1, "Guichet"), duplicates.SheetRef(2, "Guichet")]
    found = duplicates.duplicate_warnings(sheets)
    found.clear()
    assert duplicates.duplicate_warnings(sheets) == [
        duplicates.Duplicate(sheet=1, other=2, reasons=(duplicates.SIMILAR_TITLE,))
    ]
