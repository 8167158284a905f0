"""The workspace's main flows through the views: PST import in every encoding, interviews with their
participants, what a Collège member can and cannot read, warnings dismissed with a reason."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from diagnostics.models import Interview, PstAction, PstImport, PstObjective, WarningDismissal
from smartregion import spreadsheets
from tests.diagnostics.workspace.conftest import PRIVATE_NAME, PRIVATE_NOTE
from tests.helpers import assert_message_in

pytestmark = pytest.mark.django_db

ROWS = [
    ["type", "code", "parent", "intitulé", "responsable", "budget", "échéance", "statut", "axes", "smart"],
    ["OS", "OS7", "", "Améliorer l'accès aux services", "", "", "", "", "Gouvernance", ""],
    ["OO", "OO7.1", "OS7", "Simplifier les démarches", "", "", "", "", "", ""],
    ["action", "A7", "OO7.1", "Créer un e-guichet", "Population", "12 500,50 €", "31/12/2026", "en cours", "", "oui"],
]


def csv_text(rows, sep=";", newline="\n") -> str:
    return newline.join(sep.join(row) for row in rows) + newline


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FILES = {
    "utf-8.csv": csv_text(ROWS).encode("utf-8"),
    "excel.csv": b"\xef\xbb\xbf" + csv_text(ROWS, newline="\r\n").encode("utf-8"),
    "latin-1.csv": csv_text(ROWS).replace("€", "EUR").encode("latin-1"),
    "windows.csv": csv_text(ROWS).encode("cp1252"),
    "commas.csv": csv_text([[c.replace(",", ".") for c in r] for r in ROWS], sep=",").encode("utf-8"),
    "pst.xlsx": xlsx_bytes(ROWS),
}


def import_url(commune):
    return reverse("diagnostics:pst-import", args=[commune.slug])


def post_file(client, commune, name, data):
    return client.post(import_url(commune), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_encoding_previews_then_imports(referent_client, commune_a, name):
    response = post_file(referent_client, commune_a, name, FILES[name])
    assert response.status_code == 302
    assert not PstObjective.objects.filter(commune=commune_a).exists()  # nothing before the confirmation

    preview = referent_client.get(response.url)
    assert "Créer un e-guichet" in preview.content.decode()
    assert referent_client.post(response.url).status_code == 302

    action = PstAction.objects.get(commune=commune_a, code="A7")
    assert action.objective.code == "OO7.1"
    assert action.objective.parent.code == "OS7"
    assert action.is_smart
    assert action.deadline.isoformat() == "2026-12-31"
    assert action.objective.parent.pillars == ["governance"]


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ([["foo", "bar"], ["1", "2"]], None),  # wrong columns: the whole file
        ([*ROWS, ["action", "A8", "OO9", "Inconnue", "", "", "", "", "", ""]], 5),  # unknown reference
        ([*ROWS, ["action", "A7", "OO7.1", "Autre chose", "", "", "", "", "", ""]], 5),  # code used twice
        ([*ROWS, ["action", "A9", "OO7.1", "Budget", "", "beaucoup", "", "", "", ""]], 5),  # not an amount
    ],
)
def test_problems_are_listed_row_by_row_and_nothing_is_half_imported(referent_client, commune_a, rows, line):
    response = post_file(referent_client, commune_a, "pst.csv", csv_text(rows).encode("utf-8"))
    assert response.status_code == 200
    errors = response.context["check"].errors
    assert [e.line for e in errors] == [line]
    assert escape(str(errors[0].message)) in response.content.decode()
    assert not PstObjective.objects.filter(commune=commune_a).exists()
    assert not PstImport.objects.filter(commune=commune_a).exists()


def test_the_import_page_lists_the_columns_in_french_and_english(referent_client, commune_a):
    page = referent_client.get(import_url(commune_a)).content.decode()
    table = page[page.index('id="pst-import-columns"') :]
    for french, english in [("échéance", "deadline"), ("axes", "pillars"), ("intitulé", "title")]:
        assert f'<code class="text-reset" lang="fr">{french}</code>' in table
        assert f'<code class="text-reset" lang="en">{english}</code>' in table


def test_problems_name_the_column_in_the_interface_language(referent_client, commune_a):
    rows = [ROWS[0][:3] + ["intitulé"], ["OS", "OS7", "", "x"], ["OO", "OO7.1", "OS9", "y"]]
    response = post_file(referent_client, commune_a, "pst.csv", csv_text(rows).encode("utf-8"))
    page = response.content.decode()
    assert response.context["check"].errors[0].column == "parent"
    assert "<td>parent</td>" in page
    missing = post_file(referent_client, commune_a, "pst.csv", csv_text([["code"], ["OS1"]]).encode())
    labels = [e.column_label for e in missing.context["check"].errors]
    assert labels == ["intitulé"]  # French first: the column users must add, in their language
    assert "<td>intitulé</td>" in missing.content.decode()


def test_duplicated_rows_are_ignored_with_a_warning(referent_client, commune_a):
    response = post_file(referent_client, commune_a, "pst.csv", csv_text([*ROWS, ROWS[-1]]).encode("utf-8"))
    preview = referent_client.get(response.url)
    assert any(w.line == 5 for w in preview.context["check"].warnings)
    referent_client.post(response.url)
    assert PstAction.objects.filter(commune=commune_a, code="A7").count() == 1


def test_a_file_too_big_or_of_another_kind_is_refused(referent_client, commune_a):
    too_big = post_file(referent_client, commune_a, "pst.csv", b"a;b\n" * (spreadsheets.MAX_UPLOAD_BYTES // 4 + 1))
    assert too_big.context["form"].errors["file"]
    image = post_file(referent_client, commune_a, "pst.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert image.context["form"].errors["file"]
    assert not PstImport.objects.filter(commune=commune_a).exists()


def test_interview_with_participants_through_the_form(referent_client, commune_a, referent):
    url = reverse("diagnostics:interview-create", args=[commune_a.slug])
    form = referent_client.get(url).context["form"]
    assert form["duration_minutes"].value() == 60
    data = {
        "held_on": "2026-03-02",
        "duration_minutes": "60",
        "status": "planned",
        "topic": "Service travaux",
        "interviewer_users": [referent.pk],
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-0-name": "Anne",
        "participants-0-group": "staff",
        "participants-1-name": "Bruno",
        "participants-1-group": "college",
    }
    assert referent_client.post(url, data).status_code == 302
    interview = Interview.objects.get(commune=commune_a, topic="Service travaux")
    assert [p.name for p in interview.participants.all()] == ["Anne", "Bruno"]

    none = {**data, "topic": "Sans participant", "participants-0-name": "", "participants-1-name": ""}
    assert referent_client.post(url, none).status_code == 200
    assert not Interview.objects.filter(topic="Sans participant").exists()


def test_target_is_editable_and_shown_on_the_commune_page(referent_client, ws):
    url = reverse("diagnostics:interview-target", args=[ws.commune.slug])
    referent_client.post(url, {"interview_target": "12"})
    page = referent_client.get(reverse("communes:commune-detail", args=[ws.commune.slug])).content.decode()
    assert "1 / 12" in page


def test_editing_an_idea_saves_its_text_and_its_votes(referent_client, ws):
    url = reverse("diagnostics:idea-update", args=[ws.commune.slug, ws.idea.pk])
    data = {"title": "Appli de signalement citoyen", "description": "", "pillar": ws.idea.pillar, "votes": "9"}
    response = referent_client.post(url, data)
    assert response.status_code == 302
    ws.idea.refresh_from_db()
    assert (ws.idea.title, ws.idea.votes) == ("Appli de signalement citoyen", 9)


def test_college_reads_published_findings_and_nothing_private(client_for, college_a, ws):
    client = client_for(college_a)
    slug = ws.commune.slug
    pages = [
        reverse("diagnostics:finding-list", args=[slug]),
        reverse("diagnostics:need-list", args=[slug]),
        reverse("diagnostics:need-detail", args=[slug, ws.need.pk]),
        reverse("diagnostics:synthesis", args=[slug]),
        reverse("diagnostics:diagnostic-home", args=[slug]),
        reverse("diagnostics:workshop-detail", args=[slug, ws.workshop.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert PRIVATE_NAME not in page, url
        assert PRIVATE_NOTE not in page, url
        assert ws.private_finding.summary not in page, url
        assert "Alice" not in page, url  # workshop participants' names
    assert ws.finding.summary in client.get(pages[0]).content.decode()
    assert client.get(reverse("diagnostics:interview-detail", args=[slug, ws.interview.pk])).status_code == 403


def test_staff_reads_the_notes(staff_a_client, ws):
    page = staff_a_client.get(reverse("diagnostics:interview-detail", args=[ws.commune.slug, ws.interview.pk]))
    assert PRIVATE_NOTE in page.content.decode()
    assert PRIVATE_NAME in page.content.decode()


def test_dismissing_a_warning_needs_a_reason(referent_client, ws):
    url = reverse("diagnostics:warning-dismiss", args=[ws.commune.slug])
    key = f"silo:{ws.silo.pk}"
    response = referent_client.post(url, {"key": key, "reason": ""}, follow=True)
    assert_message_in(response, gettext_lazy("Say why this warning does not apply."))
    assert not WarningDismissal.objects.exists()
    referent_client.post(url, {"key": key, "reason": "Archivé, plus utilisé"})
    assert WarningDismissal.objects.get(key=key).reason == "Archivé, plus utilisé"


def test_the_synthesis_says_why_a_small_group_has_no_column(referent_client, commune_a, answered_campaign, settings):
    """The referent sees a group of one on the campaign's results page, but not on the synthesis: the page says why."""
    from diagnostics.privacy import withheld_notice

    settings.PRIVACY_MIN_GROUP_SIZE = 3
    response = referent_client.get(reverse("diagnostics:synthesis", args=[commune_a.slug]))
    content = response.content.decode()
    assert 'id="maturity-withheld"' in content
    assert_message_in(response, withheld_notice())
    assert "ne leur donnent pas de colonne propre" in content
