"""Procurements, shared projects and funding through the API: the page's figures, the commune's own view only,
nothing of another commune."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding import services as funding_services
from mutualisation import services as mutualisation_services
from procurement import services as procurement_services
from procurement.models import Procurement, ProcurementStatus
from projects.models import Project
from roadmaps.models import ProjectSheet
from roadmaps.services import roadmaps as roadmap_services
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SECRET = "Secret de Lobbes"


def _procurement(commune, referent, title):
    procurement = procurement_services.procurement_create(
        actor=referent,
        commune=commune,
        title=title,
        project=Project.objects.create(commune=commune, title=title),
        purchase_type="services",
        estimated_amount=Decimal(60000),
    )
    bidders = [
        procurement_services.bidder_save(
            actor=referent,
            procurement=procurement,
            values={"name": name, "company_number": number, "offer_price": Decimal(price)},
        )
        for name, number, price in (("Alpha SA", "0123.456.789", 50000), ("Beta SRL", "0987.654.321", 55000))
    ]
    Procurement.objects.filter(pk=procurement.pk).update(winner=bidders[0], status=ProcurementStatus.AWARDED)
    procurement.refresh_from_db()
    return procurement


def _sheet(commune, referent, title):
    roadmap = roadmap_services.roadmap_create(commune=commune, actor=referent)
    return ProjectSheet.objects.create(roadmap=roadmap, title=title, investment=Decimal(10000))


def _call(territory, referent):
    today = timezone.localdate()
    fields = {
        "funder_kind": "region",
        "programme": "Territoire intelligent",
        "title": "Appel mobilité",
        "beneficiaries": ["commune"],
        "pillars": ["mobility"],
        "function_categories": [],
        "cofunding_rate": Decimal(60),
        "floor": Decimal(1000),
        "ceiling": Decimal(200000),
    }
    rounds = [(today - datetime.timedelta(days=3), today + datetime.timedelta(days=20))]
    return funding_services.call_save(territory=territory, actor=referent, fields=fields, rounds=rounds)


def _shared(territory, referent, title, *communes):
    data = mutualisation_services.SharedProjectInput(
        title=title,
        investment=Decimal(1000),
        running_cost=Decimal(99),
        split_rule="equal",
        members=[mutualisation_services.MemberInput(commune) for commune in communes],
    )
    return mutualisation_services.shared_project_create(actor=referent, territory=territory, data=data)


def test_procurement_detail_agrees_with_the_page_and_names_companies_only(
    api_client, client, staff_a, referent, commune_a
):
    procurement = _procurement(commune_a, referent, "Marché du site")
    url = reverse("api:procurement-detail", args=[commune_a.slug, procurement.pk])
    data = api_client(staff_a).get(url).json()
    client.force_login(staff_a)
    page = client.get(reverse("procurement:procurement-detail", args=[commune_a.slug, procurement.pk])).context
    assert data["status"] == "awarded" and data["winner"] == "Alpha SA"
    assert data["bidders"] == ["Alpha SA", "Beta SRL"]
    assert data["proposed_procedure"]["procedure"] == page["overview"].proposal.procedure
    assert [(s["name"], s["is_late"]) for s in data["timeline"]] == [(s["name"], s["late"]) for s in page["timeline"]]
    assert data["estimated_amount"] == {"amount": "60000.00", "currency": "EUR"}
    assert "0123.456.789" not in str(data) and "50000" not in str(data)
    listed = api_client(staff_a).get(reverse("api:procurement-list", args=[commune_a.slug])).json()["results"]
    assert [(row["id"], row["winner"]) for row in listed] == [(procurement.pk, "Alpha SA")]


def test_the_referent_reads_every_share_and_a_commune_its_own(
    api_client, client, staff_a, referent, territory, commune_a, commune_b
):
    shared = _shared(territory, referent, "Wi-Fi", commune_a, commune_b)
    territory_rows = api_client(referent).get(reverse("api:shared-project-list", args=[territory.slug])).json()
    client.force_login(referent)
    page = client.get(reverse("mutualisation:shared-project-detail", args=[territory.slug, shared.pk])).context
    assert [row["id"] for row in territory_rows] == [shared.pk]
    assert territory_rows[0]["costs"]["split_rule"] == "equal"
    assert [(m["commune"], m["investment_share"]["amount"]) for m in territory_rows[0]["members"]] == [
        (m.commune.slug, f"{m.investment_share:.2f}") for m in page["members"]
    ]
    own = api_client(staff_a).get(reverse("api:membership-list", args=[commune_a.slug]))
    assert own.status_code == 200
    rows = own.json()
    assert [(row["shared_project"]["id"], row["investment_share"]["amount"]) for row in rows] == [
        (shared.pk, f"{shared.members.get(commune=commune_a).investment_share:.2f}")
    ]
    assert f'"{commune_b.slug}"' not in own.content.decode()
    assert api_client(staff_a).get(reverse("api:shared-project-list", args=[territory.slug])).status_code == 403


def test_applications_of_a_commune_and_of_the_territory_agree_with_the_pages(
    api_client, client, staff_a, referent, territory, commune_a
):
    call = _call(territory, referent)
    sheet = _sheet(commune_a, referent, "Mobilité douce")
    application = funding_services.application_create(
        call=call, sheet=sheet, actor=referent, fields={"amount_requested": Decimal("12500.50")}
    )
    rows = api_client(staff_a).get(reverse("api:application-list", args=[commune_a.slug])).json()["results"]
    assert [(r["id"], r["status"], r["amount_requested"]) for r in rows] == [
        (application.pk, "idea", {"amount": f"{application.amount_requested:.2f}", "currency": "EUR"})
    ]
    client.force_login(referent)
    page = client.get(reverse("funding:territory-applications", args=[territory.slug])).context
    territory_rows = api_client(referent).get(reverse("api:territory-application-list", args=[territory.slug]))
    assert [r["id"] for r in territory_rows.json()["results"]] == [a.pk for a in page["applications"]]
    calls = api_client(staff_a).get(reverse("api:call-list", args=[territory.slug])).json()["results"]
    assert [(c["id"], c["next_round"]["closes_on"]) for c in calls] == [
        (call.pk, call.rounds.get().closes_on.isoformat())
    ]


def test_the_college_reads_no_application_of_a_draft_roadmap(api_client, college_a, referent, territory, commune_a):
    call = _call(territory, referent)
    sheet = _sheet(commune_a, referent, "Brouillon")
    funding_services.application_create(call=call, sheet=sheet, actor=referent, fields={})
    response = api_client(college_a).get(reverse("api:application-list", args=[commune_a.slug]))
    assert response.status_code == 200 and response.json()["results"] == []


def test_staff_of_a_find_nothing_of_b_in_procurements_sharing_and_funding(
    api_client, staff_a, referent, territory, commune_a, commune_b
):
    procurement_b = _procurement(commune_b, referent, SECRET)
    call = _call(territory, referent)
    funding_services.application_create(call=call, sheet=_sheet(commune_b, referent, SECRET), actor=referent, fields={})
    commune_c = CommuneFactory(territory=territory, slug="thuin", nis_code="56078")
    _shared(territory, referent, SECRET, commune_b, commune_c)
    _shared(territory, referent, "Partagé à deux", commune_a, commune_b)
    client = api_client(staff_a)
    a, b = commune_a.slug, commune_b.slug
    for url in (
        reverse("api:procurement-list", args=[a]),
        reverse("api:membership-list", args=[a]),
        reverse("api:application-list", args=[a]),
        reverse("api:call-list", args=[territory.slug]),
    ):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200, url
        assert SECRET not in text and commune_b.name not in text and f'"{b}"' not in text, url
    for url in (
        reverse("api:procurement-list", args=[b]),
        reverse("api:procurement-detail", args=[b, procurement_b.pk]),
        reverse("api:procurement-detail", args=[a, procurement_b.pk]),
        reverse("api:membership-list", args=[b]),
        reverse("api:application-list", args=[b]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_lists_run_a_fixed_number_of_queries(api_client, referent, territory, commune_a, commune_b):
    client = api_client(referent)
    sheets = [_sheet(commune, referent, "Fiche") for commune in (commune_a, commune_b)]

    def grow(number):
        _procurement(commune_a, referent, f"Marché {number}")
        _shared(territory, referent, f"Partage {number}", commune_a, commune_b)
        call = _call(territory, referent)
        for sheet in sheets:
            funding_services.application_create(call=call, sheet=sheet, actor=referent, fields={})

    urls = [
        reverse("api:procurement-list", args=[commune_a.slug]),
        reverse("api:membership-list", args=[commune_a.slug]),
        reverse("api:shared-project-list", args=[territory.slug]),
        reverse("api:application-list", args=[commune_a.slug]),
        reverse("api:territory-application-list", args=[territory.slug]),
        reverse("api:call-list", args=[territory.slug]),
    ]
    grow(0)
    client.get(urls[0])  # the token's first use is recorded once
    one = [_count(client, url) for url in urls]
    for number in range(1, 4):
        grow(number)
    assert [_count(client, url) for url in urls] == one
