"""Procurement pages: who gets what (anonymous, outsider, read-only, wrong method), the happy paths, bad input
kept with a message and nothing saved, fixed query counts, the panels on the sheet and project pages."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from procurement import panels, selectors
from procurement.models import Procurement
from projects.models import Project
from tests.procurement.conftest import add_bidder, login_en, score_all


def _url(name, procurement, **extra):
    return reverse(f"procurement:{name}", kwargs={"slug": procurement.commune.slug, "pk": procurement.pk, **extra})


PAGES = ["procurement-detail", "procurement-update", "specifications-update", "criteria-update", "scores-update"]
WRITES = ["procurement-update", "specifications-update", "criteria-update", "scores-update", "bidder-create"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_log_in(client, procurement, name):
    response = client.get(_url(name, procurement))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_outsider_gets_404(client, staff_b, procurement, name):
    login_en(client, staff_b)
    assert client.get(_url(name, procurement)).status_code == 404


@pytest.mark.parametrize("name", WRITES)
def test_read_only_gets_403_on_writes(client, college_a, procurement, name):
    login_en(client, college_a)
    assert client.get(_url(name, procurement)).status_code == 403
    assert client.post(_url(name, procurement), {}).status_code == 403
    assert client.get(_url("procurement-detail", procurement)).status_code == 200


@pytest.mark.parametrize(
    ("name", "method"), [("procurement-award", "get"), ("document-create", "get"), ("procurement-detail", "post")]
)
def test_wrong_method(client, referent, procurement, name, method):
    login_en(client, referent)
    assert getattr(client, method)(_url(name, procurement)).status_code == 405


def test_staff_may_not_award(client, staff_a, procurement):
    login_en(client, staff_a)
    assert client.post(_url("procurement-award", procurement), {}).status_code == 403


def test_create_from_a_sheet(client, staff_a, commune_a, sheet):
    login_en(client, staff_a)
    url = reverse("procurement:procurement-create", args=[commune_a.slug])
    page = client.get(url, {"sheet": sheet.pk}).content.decode()
    assert f'<option value="{sheet.pk}" selected>' in page
    data = {
        "sheet": sheet.pk,
        "purchase_type": "services",
        "buyer": "cpas",
        "estimated_amount": "60 000",
        "procedure_date": "2026-12-04",
    }
    response = client.post(url, data)
    procurement = Procurement.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("procurement-detail", procurement)
    assert procurement.estimated_amount == Decimal(60000) and procurement.created_by == staff_a
    assert procurement.buyer == "cpas"
    assert "CPAS" in client.get(response["Location"]).content.decode()


def test_create_with_a_bad_amount_keeps_the_input(client, staff_a, commune_a, sheet):
    login_en(client, staff_a)
    url = reverse("procurement:procurement-create", args=[commune_a.slug])
    data = {"sheet": sheet.pk, "purchase_type": "services", "estimated_amount": "soixante", "title": "Mon marché"}
    response = client.post(url, {**data, "procedure_date": "2026-12-04"})
    assert response.status_code == 200
    assert "Enter an amount excluding VAT" in response.content.decode()
    assert 'value="Mon marché"' in response.content.decode()
    assert not Procurement.objects.exists()


def test_create_without_sheet_or_project(client, staff_a, commune_a):
    login_en(client, staff_a)
    url = reverse("procurement:procurement-create", args=[commune_a.slug])
    data = {"purchase_type": "services", "estimated_amount": "1000", "procedure_date": "2026-12-04"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Attach the procurement" in response.content.decode()
    assert not Procurement.objects.exists()


def test_criteria_not_adding_up_to_100_are_refused(client, staff_a, procurement):
    login_en(client, staff_a)
    data = {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Prix",
        "criteria-0-weight": "40",
        "criteria-0-is_price": "on",
        "criteria-1-name": "Qualité",
        "criteria-1-weight": "50",
    }
    response = client.post(_url("criteria-update", procurement), data)
    assert response.status_code == 200
    assert "they add up to 90" in response.content.decode()
    assert list(procurement.criteria.values_list("weight", flat=True)) == [40, 60]
    data["criteria-1-weight"] = "60"
    assert client.post(_url("criteria-update", procurement), data).status_code == 302
    assert list(procurement.criteria.values_list("name", flat=True)) == ["Prix", "Qualité"]


def test_scores_out_of_scale_are_refused(client, staff_a, referent, procurement):
    bidder = add_bidder(procurement, referent, "Alpha", 100)
    criterion = procurement.criteria.get(is_price=False)
    login_en(client, staff_a)
    key = f"{bidder.pk}_{criterion.pk}"
    response = client.post(_url("scores-update", procurement), {f"score_{key}": "11", f"reason_{key}": "Très bien"})
    assert response.status_code == 200 and "Très bien" in response.content.decode()
    assert not bidder.scores.exists()
    response = client.post(_url("scores-update", procurement), {f"score_{key}": "8", f"reason_{key}": "Très bien"})
    assert response.status_code == 302 and bidder.scores.get().value == 8


def test_bidder_after_the_deadline_is_refused_on_the_form(client, staff_a, procurement):
    procurement.offers_deadline = "2026-12-01T10:00:00+01:00"
    procurement.save(update_fields=["offers_deadline"])
    login_en(client, staff_a)
    data = {"name": "Tardif", "offer_received_at": "2026-12-01T10:05", "offer_price": "1000", "invited": "on"}
    response = client.post(_url("bidder-create", procurement), data)
    assert response.status_code == 200 and "after the offers deadline" in response.content.decode()
    assert not procurement.bidders.exists()


def test_award_to_an_irregular_offer_is_refused(client, referent, procurement):
    alpha = add_bidder(procurement, referent, "Alpha", 100)
    irregular = add_bidder(procurement, referent, "Irrégulier", 90, regular=False)
    score_all(procurement, referent, {alpha: 6, irregular: 9})
    login_en(client, referent)
    response = client.post(_url("procurement-award", procurement), {"bidder": irregular.pk}, follow=True)
    assert "cannot go to an irregular offer" in response.content.decode()
    procurement.refresh_from_db()
    assert procurement.winner is None
    client.post(_url("procurement-award", procurement), {"bidder": alpha.pk, "reasons": "Seule offre régulière"})
    procurement.refresh_from_db()
    assert procurement.winner == alpha


def test_detail_shows_procedure_splitting_and_frameworks(client, referent, procurement):
    login_en(client, referent)
    html = client.get(_url("procurement-detail", procurement)).content.decode()
    assert "R6.1" in html and "Agenda culturel" in html
    assert str(selectors.overview(procurement).proposal.label) in html


def _bidders(procurement, actor, count):
    for index in range(count):
        bidder = add_bidder(procurement, actor, f"Offre {index}", 1000 + index)
        score_all(procurement, actor, {bidder: 5})


def test_detail_runs_a_fixed_number_of_queries(client, referent, procurement, django_assert_num_queries):
    login_en(client, referent)
    _bidders(procurement, referent, 1)
    client.get(_url("procurement-detail", procurement))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(_url("procurement-detail", procurement))
    _bidders(procurement, referent, 6)
    with django_assert_num_queries(len(one)):
        assert client.get(_url("procurement-detail", procurement)).status_code == 200


def test_list_runs_a_fixed_number_of_queries(
    client, referent, procurement, commune_a, sheet, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_en(client, referent)
    url = reverse("procurement:procurement-list", args=[commune_a.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(5):
        Procurement.objects.create(
            commune=commune_a, sheet=sheet, title=f"M{index}", estimated_amount=1, procedure_date="2026-01-01"
        )
    with django_assert_num_queries(len(one)):
        assert "M4" in client.get(url).content.decode()


class TestPanels:
    def test_the_sheet_page_lists_its_procurements(self, client, staff_a, procurement, sheet):
        login_en(client, staff_a)
        html = client.get(
            reverse("roadmaps:sheet-detail", args=[sheet.roadmap.commune.slug, sheet.pk])
        ).content.decode()
        assert _url("procurement-detail", procurement) in html
        assert f"?sheet={sheet.pk}" in html  # staff may start one

    def test_sheet_panel_provider_per_person(self, rf, staff_a, staff_b, college_a, procurement, sheet):
        request = rf.get("/")
        request.user = college_a
        panel = panels.sheet_panel(request, sheet)
        assert panel.context["procurements"] == [procurement] and not panel.context["can_start"]
        request.user = staff_b
        assert panels.sheet_panel(request, sheet) is None

    def test_project_panel_provider(self, rf, staff_a, staff_b, commune_a, referent, sheet):
        project = Project.objects.create(commune=commune_a, sheet=sheet, title="Projet site")
        from procurement import services

        procurement = services.procurement_create(
            actor=referent, commune=commune_a, title="", project=project, purchase_type="works", estimated_amount=1
        )
        request = rf.get("/")
        request.user = staff_a
        panel = panels.project_panel(request, project)
        assert (
            panel.context["procurements"] == [procurement] and panel.context["start_query"] == f"project={project.pk}"
        )
        request.user = staff_b
        assert panels.project_panel(request, project) is None


def test_library_a_referent_extends(client, referent, staff_a, territory):
    url = reverse("procurement:library", args=[territory.slug])
    login_en(client, staff_a)
    assert client.get(url).status_code == 403
    login_en(client, referent)
    data = {"function_category": "parking", "section": "technical", "text_fr": "Capteurs solaires.", "mandatory": "on"}
    assert client.post(url, data).status_code == 302
    assert "Capteurs solaires." in client.get(url).content.decode()
    response = client.post(url, {**data, "text_fr": ""})
    assert response.status_code == 200


def test_specifications_saved_meanwhile_are_not_overwritten(client, staff_a, referent, procurement):
    login_en(client, staff_a)
    url = _url("specifications-update", procurement)
    read_version = procurement.edit_version
    first = {"scope": "Lot unique.", "edit_version": read_version}
    assert client.post(url, first).status_code == 302
    second = {"scope": "Deux lots.", "edit_version": read_version}  # built from the version before the first save
    response = client.post(url, second)
    assert response.status_code == 200 and "Deux lots." in response.content.decode()
    assert procurement.sections.get(key="scope").text == "Lot unique."
    assert (
        client.post(url, {**second, "edit_version": response.context["form"].data["edit_version"]}).status_code == 302
    )
    assert procurement.sections.get(key="scope").text == "Deux lots."


def test_the_catalogue_points_to_the_specifications_templates(client, staff_a, commune_a, sheet, procurement):
    login_en(client, staff_a)
    html = client.get(reverse("roadmaps:template-list", args=[commune_a.slug])).content.decode()
    url = reverse("procurement:specifications-template", args=[commune_a.slug, "website"])
    assert url in html
    page = client.get(url).content.decode()
    # Numbered as the procurement started from a website sheet numbers them.
    for section in selectors.specification_sections(procurement):
        for requirement in section["requirements"]:
            assert f"{requirement['number']}</span>" in page
            assert escape(requirement["text"]) in page
    assert (
        client.get(reverse("procurement:specifications-template", args=[commune_a.slug, "nothing"])).status_code == 404
    )
