"""roadmaps.duplicates: sheets that look alike, and sheets that look like existing systems."""

from roadmaps import duplicates
from roadmaps.duplicates import SheetRef, SystemRef


def test_normalise_drops_accents_case_punctuation_and_small_words():
    assert duplicates.normalise("Le Guichet-Électronique de la commune") == "guichet electronique commune"


def test_title_similarity():
    assert duplicates.title_similarity("Guichet électronique", "guichet electronique") == 1
    assert duplicates.title_similarity("Refonte du site internet", "Refonte site internet communal") >= 0.6
    assert duplicates.title_similarity("Wi-Fi public", "Éclairage public intelligent") < duplicates.TITLE_SIMILARITY
    assert duplicates.title_similarity("", "anything") == 0


def test_pairs_are_flagged_with_their_reasons_once():
    sheets = [
        SheetRef(1, "Site internet", template=10, category="website"),
        SheetRef(2, "Nouveau portail web", template=10, category="website"),
        SheetRef(3, "Éclairage LED", template=None, category="street_lighting"),
        SheetRef(4, "Eclairage LED", template=None, category="other"),
    ]
    found = duplicates.duplicate_warnings(sheets)
    assert [(d.sheet, d.other, d.reasons) for d in found] == [
        (1, 2, (duplicates.SAME_TEMPLATE, duplicates.SAME_FUNCTION)),
        (3, 4, (duplicates.SIMILAR_TITLE,)),
    ]


def test_other_is_not_a_function():
    sheets = [SheetRef(1, "Alpha", category="other"), SheetRef(2, "Omega", category="other")]
    assert duplicates.duplicate_warnings(sheets) == []


def test_existing_systems_are_compared_by_function_and_name():
    sheets = [SheetRef(1, "Guichet électronique", category="online_services")]
    systems = [SystemRef("s1", "iMio e-guichet", "online_services"), SystemRef("s2", "Logiciel de paie", "other")]
    found = duplicates.duplicate_warnings(sheets, systems)
    assert [(d.sheet, d.other, d.is_system, d.reasons) for d in found] == [(1, "s1", True, (duplicates.SAME_FUNCTION,))]


def test_warnings_for_one_sheet_see_both_sides():
    found = duplicates.duplicate_warnings([SheetRef(1, "A", template=5), SheetRef(2, "B", template=5)])
    assert duplicates.warnings_for(1, found) == [(2, (duplicates.SAME_TEMPLATE,), False)]
    assert duplicates.warnings_for(2, found) == [(1, (duplicates.SAME_TEMPLATE,), False)]
