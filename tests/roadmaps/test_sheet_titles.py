"""`sheet_title` (smartregion/spreadsheets.py) and every XLSX writer fed with names Excel forbids."""

import io

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from barometer.exporting import xlsx_bytes as barometer_xlsx
from diagnostics import exports as diagnostics_exports
from smartregion.spreadsheets import sheet_title

HOSTILE_NAME = "Ham/sur\\Heure?*[Nalinnes]: une commune au nom très long"


class TestSheetTitle:
    def test_forbidden_characters_are_replaced_and_length_capped(self):
        title = sheet_title(HOSTILE_NAME)
        assert title == "Ham-sur-Heure---Nalinnes-- une"
        assert len(title) <= 31

    def test_unique_within_the_workbook_case_insensitively(self):
        assert sheet_title("Réponses", taken=["réponses"]) == "Réponses (2)"
        assert sheet_title("Réponses", taken=["Réponses", "Réponses (2)"]) == "Réponses (3)"
        long = "x" * 40
        assert sheet_title(long, taken=[sheet_title(long)]) == "x" * 27 + " (2)"

    def test_empty_or_apostrophes_fall_back(self):
        assert sheet_title("", fallback="Feuille") == "Feuille"
        assert sheet_title("'':", fallback="Feuille") == "-"
        assert sheet_title("'Mons'") == "Mons"


@pytest.mark.django_db
def test_roadmap_export_with_a_forbidden_commune_name(referent_client, roadmap, commune_a):
    commune_a.name = HOSTILE_NAME
    commune_a.save(update_fields=["name"])
    response = referent_client.get(reverse("roadmaps:roadmap-export-xlsx", kwargs={"slug": commune_a.slug}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [sheet_title(HOSTILE_NAME)]


def test_barometer_export_with_forbidden_and_duplicate_titles():
    data = barometer_xlsx([(HOSTILE_NAME, [["a"], [1]]), (HOSTILE_NAME, [["b"], [2]])])
    workbook = load_workbook(io.BytesIO(data))
    first = sheet_title(HOSTILE_NAME)
    assert workbook.sheetnames == [first, sheet_title(HOSTILE_NAME, taken=[first])]
    assert workbook.worksheets[1]["A2"].value == 2


def test_diagnostics_export_with_forbidden_and_duplicate_titles():
    frame = pd.DataFrame({"a": [1]})
    data = diagnostics_exports._xlsx([(HOSTILE_NAME, frame), (HOSTILE_NAME.upper(), frame)])
    workbook = load_workbook(io.BytesIO(data))
    assert len(workbook.sheetnames) == 2
    assert workbook.sheetnames[0] == sheet_title(HOSTILE_NAME)
    assert workbook.sheetnames[1].endswith(" (2)")
