"""What the report says (issue 15): the barometer's standard questions in the report's language, the
roadmap's strategy and focus pillars, and no trace of an unpublished interview finding."""

import html
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

from barometer.answers import MULTIPLE, SCALE, SINGLE
from barometer.question_sets import standard_question
from barometer.question_texts import answer_text, question_label
from communes.models import Commune
from diagnostics.models import EvidenceKind, Finding
from diagnostics.services import needs as need_services
from reports.context import report_context
from reports.rendering import document_html
from roadmaps.models import Roadmap
from smartregion.demo import seed_demo

pytestmark = pytest.mark.django_db

UNPUBLISHED = "A finding of an interview (not published)"


@pytest.fixture
def courcelles():
    seed_demo()
    return Commune.objects.select_related("territory").get(slug="courcelles")


def in_language(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


def rendered(doc: dict) -> str:
    """The report's HTML with its entities decoded, to look for texts as a reader sees them."""
    return html.unescape(document_html(doc))


def french(code: str) -> str:
    return standard_question(code)["label"]


# The barometer's questions ------------------------------------------------------------------------


def test_the_english_report_prints_the_standard_barometer_questions_in_english(courcelles):
    english = report_context(courcelles, "en")["barometer"]["answers"]
    questions = [answer["question"] for answer in english]
    assert "Do you think your commune is smart?" in questions
    assert french("smartness") not in questions
    answers = {answer["question"]: answer["answer"] for answer in english}
    assert answers["Is your commune well enough armed against cybersecurity risks?"] == "Not well enough armed"

    page = rendered(report_context(courcelles, "en"))
    assert "Do you think your commune is smart?" in page
    assert french("smartness") not in page
    assert "Pas suffisamment armée" not in page


def test_the_french_report_keeps_the_questions_as_the_communes_read_them(courcelles):
    """The same words; the catalogue holds its punctuation with no-break spaces, as French print wants."""
    answers = report_context(courcelles, "fr")["barometer"]["answers"]
    questions = [answer["question"].replace("\N{NO-BREAK SPACE}", " ") for answer in answers]
    assert french("smartness") in questions
    assert french("central_purchasing") in questions
    assert "Pensez-vous que votre commune soit smart\N{NO-BREAK SPACE}?" in [a["question"] for a in answers]
    assert "Pas suffisamment armée" in [answer["answer"] for answer in answers]


def test_a_reworded_or_new_question_is_printed_as_stored():
    with translation.override("en"):
        assert question_label("smartness", "Votre commune est-elle smart ?") == "Votre commune est-elle smart ?"
        assert question_label("our_own", "Une question à nous") == "Une question à nous"
        assert question_label("smartness", french("smartness")) == "Do you think your commune is smart?"


def test_choice_answers_are_translated_only_with_their_standard_labels():
    with translation.override("en"):
        themes = "Qualité de vie; Mobilité"
        assert answer_text("priority_themes", MULTIPLE, ("quality_of_life", "mobility"), themes) == (
            "Quality of life; Mobility"
        )
        assert answer_text("priority_themes", MULTIPLE, ("mobility",), "Mobilité douce") == "Mobilité douce"
        assert answer_text("cybersecurity", SINGLE, "other", "Autre") == "Autre"
        assert answer_text("central_purchasing", SINGLE, "not_interested", "Pas intéressée") == "Not interested"
        assert answer_text("smartness", SCALE, 6, "6 / 10") == "6 / 10"
        assert answer_text("central_purchasing", SINGLE, None, "") == ""


# The roadmap's strategy ---------------------------------------------------------------------------


def test_the_strategy_and_focus_pillars_reach_the_report(courcelles):
    roadmap = Roadmap.objects.get(commune=courcelles)
    english = report_context(courcelles, "en")
    assert english["strategy"]["status"] == "ok"
    assert english["strategy"]["paragraphs"] == [roadmap.summary]
    assert english["strategy"]["focus_pillars"] == ["Governance", "Energy and environment", "Smart citizens"]
    assert report_context(courcelles, "fr")["strategy"]["focus_pillars"][0] == in_language("Governance", "fr")

    page = rendered(english)
    assert 'id="s-strategy"' in page
    assert "<h2>The roadmap's strategy</h2>" in page
    assert roadmap.summary in page
    assert '<span class="badge pillar">Energy and environment</span>' in page


def test_a_roadmap_without_strategy_says_so(courcelles):
    Roadmap.objects.filter(commune=courcelles).update(summary="", focus_pillars=[])
    doc = report_context(courcelles, "en")
    assert doc["strategy"] == {"status": "empty", "message": "The roadmap's strategy has not been written yet."}
    assert "The roadmap's strategy has not been written yet." in rendered(doc)


def test_a_commune_without_roadmap_has_an_empty_strategy(commune_a):
    assert report_context(commune_a, "en")["strategy"]["status"] == "empty"


def test_a_version_made_before_the_strategy_part_still_renders(courcelles):
    doc = report_context(courcelles, "en")
    del doc["strategy"]
    page = rendered(doc)
    assert 'id="s-strategy"' not in page
    assert doc["sheets"]["sheets"][0]["title"] in page


# Unpublished interview findings -------------------------------------------------------------------


def test_an_unpublished_finding_never_reaches_the_report(courcelles, django_user_model):
    referent = django_user_model.objects.get(username="referent")
    hidden = Finding.objects.filter(commune=courcelles, published=False).first()
    assert hidden is not None, "the demo has an unpublished finding"
    for need in courcelles.needs.filter(merged_at__isnull=True)[:3]:
        if not need.evidence.filter(finding=hidden).exists():
            need_services.evidence_add(need=need, actor=referent, kind=EvidenceKind.FINDING, finding=hidden)
    for language in ("fr", "en"):
        doc = report_context(courcelles, language)
        text = json.dumps(doc, ensure_ascii=False)
        placeholder = in_language(UNPUBLISHED, language)
        assert placeholder not in text
        assert hidden.summary not in text
        page = rendered(doc)
        assert placeholder not in page
        assert hidden.summary not in page
    cited = [e["text"] for need in doc["needs"]["needs"] for e in need["evidence"]]
    assert cited, "the published evidence is still cited"


# One name per field ---------------------------------------------------------------------------------


def test_the_report_names_a_sheets_fields_as_the_roadmap_does(courcelles):
    from roadmaps.selectors import EXPORT_COLUMNS

    with translation.override("en"):
        roadmap_labels = {str(label) for _key, label in EXPORT_COLUMNS}
    printed = {
        field["label"] for sheet in report_context(courcelles, "en")["sheets"]["sheets"] for field in sheet["fields"]
    }
    assert {"Investment (€)", "Yearly running cost (€)", "Payback period (years)"} <= printed
    assert printed <= roadmap_labels


def test_a_sheets_field_labels_start_with_a_capital(courcelles):
    """The French report printed “objectifs du PST concernés” (a field's verbose name) among capitalised labels."""
    page = rendered(report_context(courcelles, "fr"))
    assert '<th scope="row">Objectifs du PST concernés</th>' in page
    assert '<th scope="row">objectifs du PST concernés</th>' not in page


def test_a_left_out_sheets_reason_follows_a_french_colon(courcelles):
    doc = report_context(courcelles, "fr")
    excluded = doc["ranking"]["plan"]["excluded"]
    assert excluded, "the demo's accepted plan leaves a sheet out"
    page = rendered(doc)
    assert f"<strong>{excluded[0]['title']}</strong>\u00a0: " in page
    assert f"<strong>{excluded[0]['title']}</strong>: " not in page


def test_strengths_and_weaknesses_stay_side_by_side_on_one_page(courcelles, tmp_path):
    """In the demo's report the strengths sat at the foot of a page and the weaknesses alone at the next one's top."""
    from reports.rendering import render_pdf
    from tests.reports.conftest import pdf_text

    with translation.override("fr"):
        rendered_pdf = render_pdf(report_context(courcelles, "fr"))
    pages = pdf_text(rendered_pdf.pdf, tmp_path).split("\f")
    strengths = next(n for n, page in enumerate(pages) if "Forces" in page.split())
    assert "Faiblesses" in pages[strengths].split()
