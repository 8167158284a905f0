"""The pages: who reaches them, the happy paths, bad input, and a fixed number of queries."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from communes.models import Commune
from diagnostics.models import DataExchange, ExchangeMode, ExistingSystem
from mutualisation import services
from mutualisation.models import FrameworkAgreement, MemberStatus, SharedProject
from roadmaps.models import ProjectSheet, Roadmap
from roadmaps.services import roadmaps as roadmap_services
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

TERRITORY_PAGES = [
    "mutualisation:convergences",
    "mutualisation:convergences-export-csv",
    "mutualisation:convergences-export-xlsx",
    "mutualisation:territory-inventory",
    "mutualisation:pooled-demand",
    "mutualisation:shared-project-list",
    "mutualisation:shared-project-create",
    "mutualisation:catalogue",
    "mutualisation:framework-create",
]


def _sheet(commune, title, category="online_services", **fields):
    roadmap = Roadmap.objects.filter(commune=commune).first() or Roadmap.objects.create(commune=commune)
    return ProjectSheet.objects.create(roadmap=roadmap, title=title, function_category=category, **fields)


@pytest.mark.parametrize("name", TERRITORY_PAGES)
def test_territory_pages_are_the_referents(client_for, name, territory, referent, staff_a, other_referent, client):
    url = reverse(name, kwargs={"slug": territory.slug})
    assert client_for(referent).get(url).status_code == 200
    assert client_for(staff_a).get(url).status_code == 403
    assert client_for(other_referent).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_convergences_group_sheets_of_several_communes(client_for, territory, commune_a, commune_b, referent):
    _sheet(commune_a, "Guichet électronique", investment=Decimal(1000), horizon="short")
    _sheet(commune_b, "E-guichet", investment=Decimal(2000), horizon="medium")
    _sheet(commune_a, "Éclairage LED", category="street_lighting")
    _sheet(commune_b, "Parcours santé", category="other")
    page = client_for(referent).get(reverse("mutualisation:convergences", kwargs={"slug": territory.slug}))
    groups = page.context["groups"]
    assert len(groups) == 1
    assert groups[0].communes == ["Courcelles", "Lobbes"]
    assert groups[0].investment == Decimal(3000)
    assert groups[0].horizons["short"] == 1
    filtered = client_for(referent).get(
        reverse("mutualisation:convergences", kwargs={"slug": territory.slug}), {"horizon": "short"}
    )
    assert filtered.context["groups"] == []
    csv = client_for(referent).get(reverse("mutualisation:convergences-export-csv", kwargs={"slug": territory.slug}))
    assert "Courcelles, Lobbes" in csv.content.decode()
    assert "3000" in csv.content.decode()


def _world(territory, communes: int, start: int = 0):
    for index in range(start, start + communes):
        commune = CommuneFactory(territory=territory, name=f"Commune {index:03}")
        _sheet(commune, "Guichet électronique", investment=Decimal(100))
        _sheet(commune, f"Projet {index}", category="other")
        system = ExistingSystem.objects.create(
            commune=commune, name="iA.Docs", vendor="iMio", category="document_management"
        )
        other = ExistingSystem.objects.create(commune=commune, name="Saphir", category="population_registry")
        DataExchange.objects.create(
            commune=commune, source=system, target=other, data="Adresses", mode=ExchangeMode.MANUAL
        )


@pytest.mark.parametrize("name", ["mutualisation:convergences", "mutualisation:territory-inventory"])
def test_fixed_number_of_queries(client_for, territory, referent, name, django_assert_num_queries):
    client = client_for(referent)
    url = reverse(name, kwargs={"slug": territory.slug})
    _world(territory, 1)
    client.get(url)
    with django_assert_num_queries(_count(client, url)) as one:
        client.get(url)
    _world(territory, 12, start=1)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def test_territory_inventory_counts_products_and_warnings(client_for, territory, referent):
    _world(territory, 3)
    page = client_for(referent).get(reverse("mutualisation:territory-inventory", kwargs={"slug": territory.slug}))
    docs = next(use for use in page.context["categories"] if use.value == "document_management")
    assert docs.products[0].commune_count == 3
    warning = next(w for w in page.context["warnings"] if w.kind == "manual_exchange")
    assert warning.count == 3
    assert "3 communes" in page.content.decode() or "3 commune" in page.content.decode()


def test_pooled_demand_and_its_export(client_for, territory, commune_a, commune_b, referent):
    _sheet(commune_a, "Guichet", investment=Decimal(500), horizon="medium")
    _sheet(commune_b, "E-guichet", investment=Decimal(700), horizon="short")
    client = client_for(referent)
    url = reverse("mutualisation:pooled-demand", kwargs={"slug": territory.slug})
    page = client.get(url, {"category": "online_services"})
    assert page.context["demand"]["communes"] == 2
    assert page.context["demand"]["investment"] == Decimal(1200)
    assert client.get(url, {"category": "nonsense"}).context["demand"] is None
    export = reverse(
        "mutualisation:pooled-demand-export-csv", kwargs={"slug": territory.slug, "category": "online_services"}
    )
    body = client.get(export).content.decode()
    assert "Courcelles" in body and "1200" in body
    bad = reverse("mutualisation:pooled-demand-export-csv", kwargs={"slug": territory.slug, "category": "nonsense"})
    assert client.get(bad).status_code == 404


def _create_body(commune_a, commune_b, **extra):
    return {
        "title": "Wi-Fi",
        "description": "",
        "function_category": "public_wifi",
        "investment": "1000",
        "running_cost": "100",
        "split_rule": "equal",
        "horizon": "short",
        "communes": [commune_a.pk, commune_b.pk],
        **extra,
    }


def test_create_a_shared_project(client_for, territory, commune_a, commune_b, referent):
    url = reverse("mutualisation:shared-project-create", kwargs={"slug": territory.slug})
    response = client_for(referent).post(url, _create_body(commune_a, commune_b))
    project = SharedProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "mutualisation:shared-project-detail", kwargs={"slug": territory.slug, "pk": project.pk}
    )
    assert sorted(m.investment_share for m in project.members.all()) == [Decimal(500), Decimal(500)]
    detail = client_for(referent).get(response["Location"])
    assert "500,00" in detail.content.decode()


def test_bad_input_keeps_what_was_typed(client_for, territory, commune_a, commune_b, referent):
    url = reverse("mutualisation:shared-project-create", kwargs={"slug": territory.slug})
    body = _create_body(
        commune_a,
        commune_b,
        split_rule="custom",
        title="Mon projet",
        **{f"percentage_{commune_a.pk}": "60", f"percentage_{commune_b.pk}": "30"},
    )
    response = client_for(referent).post(url, body)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mon projet" in page and 'value="60"' in page
    assert "100" in str(response.context["form"].errors)
    assert not SharedProject.objects.exists()
    response = client_for(referent).post(url, {**body, "investment": "-5", "split_rule": "equal"})
    assert "investment" in response.context["form"].errors
    assert not SharedProject.objects.exists()


def test_staff_answer_for_their_commune(wifi, client_for, commune_a, commune_b, staff_a, staff_b, college_a):
    url = reverse("mutualisation:member-answer", kwargs={"slug": commune_a.slug, "pk": wifi.pk})
    assert client_for(college_a).post(url, {"answer": "accept"}).status_code == 403
    assert client_for(staff_b).post(url, {"answer": "accept"}).status_code == 404
    assert client_for(staff_a).get(url).status_code == 405
    response = client_for(staff_a).post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert wifi.members.get(commune=commune_a).status == MemberStatus.ACCEPTED
    page = client_for(staff_a).get(reverse("mutualisation:commune", kwargs={"slug": commune_a.slug}))
    assert "Wi-Fi dans les bâtiments publics" in page.content.decode()
    assert client_for(staff_a).get(reverse("mutualisation:commune", kwargs={"slug": commune_b.slug})).status_code == 404


def test_the_commune_page_shows_only_its_projects_and_the_active_catalogue(
    client_for, territory, commune_a, staff_a, wifi
):
    today = timezone.localdate()
    FrameworkAgreement.objects.create(
        territory=territory,
        title="Guichet iMio",
        function_category="online_services",
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=300),
    )
    FrameworkAgreement.objects.create(
        territory=territory,
        title="Ancien marché",
        function_category="website",
        valid_from=today - timedelta(days=900),
        valid_until=today - timedelta(days=1),
    )
    page = client_for(staff_a).get(reverse("mutualisation:commune", kwargs={"slug": commune_a.slug})).content.decode()
    assert "Guichet iMio" in page and "Ancien marché" not in page


def test_the_sheet_says_it_may_order_through_an_agreement(client_for, territory, commune_a, staff_a, referent):
    roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    sheet = _sheet(commune_a, "Guichet")
    today = timezone.localdate()
    FrameworkAgreement.objects.create(
        territory=territory,
        title="Guichet iMio",
        function_category="online_services",
        valid_from=today,
        valid_until=today + timedelta(days=30),
    )
    url = reverse("roadmaps:sheet-detail", kwargs={"slug": commune_a.slug, "pk": sheet.pk})
    assert "Guichet iMio" in client_for(referent).get(url).content.decode()


def test_leave_and_start_projects_through_the_pages(
    wifi, client_for, territory, commune_a, commune_b, staff_a, referent
):
    client_for(staff_a).post(
        reverse("mutualisation:member-answer", kwargs={"slug": commune_a.slug, "pk": wifi.pk}), {"answer": "accept"}
    )
    member_b = wifi.members.get(commune=commune_b)
    leave = reverse(
        "mutualisation:shared-project-member-leave",
        kwargs={"slug": territory.slug, "pk": wifi.pk, "member_pk": member_b.pk},
    )
    assert client_for(staff_a).post(leave).status_code == 403
    assert client_for(referent).post(leave).status_code == 302
    member_b.refresh_from_db()
    assert member_b.status == MemberStatus.LEFT
    start = reverse("mutualisation:shared-project-start", kwargs={"slug": territory.slug, "pk": wifi.pk})
    assert client_for(referent).post(start).status_code == 302
    assert wifi.members.get(commune=commune_a).project is not None


def test_framework_create_page(client_for, territory, referent):
    url = reverse("mutualisation:framework-create", kwargs={"slug": territory.slug})
    body = {
        "title": "Wi-Fi",
        "function_category": "public_wifi",
        "provider": "Proximus",
        "valid_from": "2026-01-01",
        "valid_until": "2028-12-31",
        "conditions": "",
        "lots": "Borne intérieure; pièce; 350\nInstallation; jour; 600,50",
    }
    assert client_for(referent).post(url, {**body, "lots": "Borne; pièce; beaucoup"}).status_code == 200
    assert not FrameworkAgreement.objects.exists()
    assert client_for(referent).post(url, body).status_code == 302
    assert [lot.unit_price for lot in FrameworkAgreement.objects.get().lots.all()] == [Decimal(350), Decimal("600.50")]


def test_propose_another_commune_through_the_page(wifi, client_for, territory, referent, staff_a):
    extra = CommuneFactory(territory=territory, name="Anderlues", population=10_000)
    url = reverse("mutualisation:shared-project-member-propose", kwargs={"slug": territory.slug, "pk": wifi.pk})
    assert client_for(staff_a).get(url).status_code == 403
    page = client_for(referent).get(url)
    assert "Anderlues" in page.content.decode() and "Courcelles" not in page.content.decode()
    assert client_for(referent).post(url, {"commune": "999999"}).status_code == 200
    response = client_for(referent).post(url, {"commune": extra.pk})
    assert response.status_code == 302
    assert wifi.members.get(commune=extra).status == MemberStatus.PROPOSED


def test_staff_add_the_share_once_the_roadmap_exists(wifi, client_for, territory, referent):
    from tests.factories import MembershipFactory, UserFactory

    commune_c = wifi.members.get(commune__name="Thuin").commune
    staff_c = UserFactory(username="staff-c")
    MembershipFactory(user=staff_c, role="staff", commune=commune_c)
    answer = reverse("mutualisation:member-answer", kwargs={"slug": commune_c.slug, "pk": wifi.pk})
    client_for(staff_c).post(answer, {"answer": "accept"})
    page = client_for(staff_c).get(reverse("mutualisation:commune", kwargs={"slug": commune_c.slug}))
    assert "no roadmap" in page.content.decode() or "pas de feuille de route" in page.content.decode()
    roadmap_services.roadmap_create(commune=commune_c, actor=referent)
    url = reverse("mutualisation:member-sheet", kwargs={"slug": commune_c.slug, "pk": wifi.pk})
    assert client_for(staff_c).post(url).status_code == 302
    assert wifi.members.get(commune=commune_c).sheet is not None


def test_the_convergences_page_and_its_export_show_the_same_figures(
    client_for, territory, commune_a, commune_b, referent
):
    _sheet(commune_a, "Guichet électronique", investment=Decimal("1000.50"), running_cost=Decimal(10))
    _sheet(commune_b, "E-guichet", investment=Decimal("2000.25"), running_cost=Decimal(20))
    client = client_for(referent)
    page = client.get(reverse("mutualisation:convergences", kwargs={"slug": territory.slug}))
    (group,) = page.context["groups"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("mutualisation:convergences-export-csv", kwargs={"slug": territory.slug}))
                .content.decode()
                .lstrip("\ufeff")
            ),
            delimiter=";",
        )
    )
    assert rows[0] == ["Convergences"]
    assert Decimal(rows[2][10]) == group.investment == Decimal("3000.75")
    assert Decimal(rows[2][11]) == group.running_cost


def _more_projects(territory, referent, count):
    communes = [CommuneFactory(territory=territory, population=1000 + n) for n in range(3)]
    for n in range(count):
        services.shared_project_create(
            actor=referent,
            territory=territory,
            data=services.SharedProjectInput(
                title=f"Projet {n}",
                investment=Decimal(1000),
                running_cost=Decimal(0),
                split_rule="population",
                members=[services.MemberInput(c) for c in communes],
            ),
        )
        FrameworkAgreement.objects.create(
            territory=territory,
            title=f"Accord {n}",
            function_category="website",
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=9),
        )
    return communes


@pytest.mark.parametrize("name", ["mutualisation:shared-project-list", "mutualisation:catalogue", "detail", "commune"])
def test_more_pages_run_a_fixed_number_of_queries(
    wifi, client_for, territory, commune_a, referent, name, django_assert_num_queries
):
    client = client_for(referent)
    if name == "detail":
        url = reverse("mutualisation:shared-project-detail", kwargs={"slug": territory.slug, "pk": wifi.pk})
    elif name == "commune":
        url = reverse("mutualisation:commune", kwargs={"slug": commune_a.slug})
    else:
        url = reverse(name, kwargs={"slug": territory.slug})
    _more_projects(territory, referent, 1)
    client.get(url)
    few = _count(client, url)
    _more_projects(territory, referent, 6)
    if name == "detail":
        for commune in Commune.objects.filter(territory=territory).exclude(shared_memberships__shared_project=wifi):
            services.member_propose(shared_project=wifi, actor=referent, commune=commune)
    if name == "commune":
        for project in SharedProject.objects.exclude(pk=wifi.pk):
            services.member_propose(shared_project=project, actor=referent, commune=commune_a)
    with django_assert_num_queries(few):
        client.get(url)


def test_the_commune_page_names_the_proposals_awaiting_an_answer(wifi, client_for, commune_a, staff_a, college_a):
    url = reverse("communes:commune-detail", kwargs={"slug": commune_a.slug})
    page = client_for(staff_a).get(url).content.decode()
    assert reverse("mutualisation:commune", kwargs={"slug": commune_a.slug}) in page
    steps = [step.text for step in client_for(staff_a).get(url).context["next_steps"]]
    assert any("1" in text and "shared project" in text or "projet mutualisé" in text for text in steps)
    college_steps = client_for(college_a).get(url).context.get("next_steps") or []
    assert not any("projet mutualisé" in step.text or "shared project" in step.text for step in college_steps)


def test_products_carry_versions_and_the_earliest_end_of_support(client_for, territory, commune_a, commune_b, referent):
    for commune, version, end in ((commune_a, "3.2", date(2027, 6, 30)), (commune_b, "4.0", None)):
        ExistingSystem.objects.create(
            commune=commune,
            name="iA.Docs",
            vendor="Imio",
            category="document_management",
            version=version,
            end_of_support=end,
        )
    page = client_for(referent).get(reverse("mutualisation:convergences", kwargs={"slug": territory.slug}))
    (product,) = page.context["products"]
    assert product.versions == ["3.2", "4.0"]
    assert product.end_of_support == date(2027, 6, 30)
    assert "30 juin 2027" in page.content.decode()


def test_change_the_totals_through_the_page(wifi, client_for, territory, referent, staff_a):
    url = reverse("mutualisation:shared-project-update", kwargs={"slug": territory.slug, "pk": wifi.pk})
    assert client_for(staff_a).get(url).status_code == 403
    page = client_for(referent).get(url)
    assert "Wi-Fi dans les bâtiments publics" in page.content.decode()
    body = {
        "title": "Wi-Fi",
        "description": "",
        "investment": "300",
        "running_cost": "0",
        "split_rule": "equal",
        "horizon": "",
        "edit_version": wifi.costs.edit_version,
    }
    refused = client_for(referent).post(url, {**body, "split_rule": "users"})
    assert refused.status_code == 200
    assert "Thuin" in str(refused.context["form"].non_field_errors())  # users missing for every member
    assert wifi.members.get(commune__name="Thuin").investment_share == Decimal("30000.00")
    assert client_for(referent).post(url, body).status_code == 302
    assert sorted(m.investment_share for m in wifi.members.all()) == [Decimal(100)] * 3
