"""Pooled demand: sheets, needs (through the sheets that address them), systems and the barometer's interest in a
central purchasing body; the small-cell rule; the page and the board's export agree."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from barometer import services as barometer_services
from diagnostics.models import Need
from mutualisation import selectors
from roadmaps.models import ProjectSheet, Roadmap


def _sheet(commune, title, category="online_services", **fields):
    roadmap = Roadmap.objects.filter(commune=commune).first() or Roadmap.objects.create(commune=commune)
    return ProjectSheet.objects.create(roadmap=roadmap, title=title, function_category=category, **fields)


def _barometer(territory, answers, *, year=2025):
    today = timezone.localdate()
    edition = barometer_services.edition_create(
        territory=territory,
        actor=None,
        year=year,
        title=f"Baromètre {year}",
        opens_on=today - timedelta(days=100),
        closes_on=today - timedelta(days=50),
    )
    barometer_services.question_create(
        edition=edition,
        actor=None,
        code="central_purchasing",
        kind="single",
        label="Une centrale d’achat ?",
        options=[("strongly_interested", "Fortement"), ("interested_not_priority", "Oui"), ("not_interested", "Non")],
    )
    for commune, code in answers:
        barometer_services.response_save(
            edition=edition, commune=commune, actor=None, answers={"central_purchasing": code}, source="entered"
        )
    return edition


def test_needs_count_through_the_sheets_that_address_them(territory, commune_a, commune_b):
    need = Need.objects.create(commune=commune_a, title="Démarches en ligne")
    _sheet(commune_a, "Guichet", horizon="medium", investment=Decimal(500)).needs.add(need)
    Need.objects.create(commune=commune_b, title="Démarches en ligne")  # no sheet: no function, not counted
    data = selectors.pooled_demand(territory, "online_services")
    assert [(row.commune, row.needs) for row in data["rows"]] == [("Courcelles", ["Démarches en ligne"])]
    assert data["sources"]["needs"] == 1


def test_barometer_interest_of_the_latest_edition(territory, commune_a, commune_b, commune_other):
    _barometer(territory, [(commune_a, "not_interested")], year=2022)
    _barometer(territory, [(commune_a, "strongly_interested"), (commune_b, "not_interested")], year=2025)
    _barometer(commune_other.territory, [(commune_other, "strongly_interested")], year=2025)
    data = selectors.pooled_demand(territory, "online_services")
    assert [(row.commune, row.barometer) for row in data["rows"]] == [("Courcelles", "Fortement intéressée")]
    assert data["barometer"]["year"] == 2025
    assert data["sources"]["barometer"] == 1


def test_no_barometer_answers(territory, commune_a):
    _sheet(commune_a, "Guichet")
    data = selectors.pooled_demand(territory, "online_services")
    assert data["barometer"] is None and data["sources"]["barometer"] == 0


def test_small_cells_are_withheld_but_for_the_referent(territory, commune_a, commune_b):
    _sheet(commune_a, "Guichet", horizon="short", investment=Decimal(100))
    _sheet(commune_b, "Guichet", horizon="short", investment=Decimal(200))
    hidden = selectors.pooled_demand(territory, "online_services", see_small=False)
    assert hidden["communes"] is None and hidden["investment"] is None and hidden["population"] is None
    assert hidden["sources"]["sheets"] is None and hidden["horizons"]["short"] is None
    assert hidden["sources"]["needs"] == 0  # nothing to hide in an empty cell
    shown = selectors.pooled_demand(territory, "online_services")
    assert shown["communes"] == 2 and shown["investment"] == Decimal(300) and shown["horizons"]["short"] == 2


def test_page_and_export_agree(client_for, territory, commune_a, commune_b, referent, django_assert_num_queries):
    need = Need.objects.create(commune=commune_b, title="Démarches en ligne")
    _sheet(commune_b, "E-guichet", horizon="short", investment=Decimal(700)).needs.add(need)
    _barometer(territory, [(commune_a, "interested_not_priority")])
    client = client_for(referent)
    page = client.get(
        reverse("mutualisation:pooled-demand", kwargs={"slug": territory.slug}), {"category": "online_services"}
    )
    demand = page.context["demand"]
    assert demand["communes"] == 2
    html = page.content.decode()
    assert "Démarches en ligne" in html and "Intéressée, mais pas en priorité" in html
    export = reverse(
        "mutualisation:pooled-demand-export-csv", kwargs={"slug": territory.slug, "category": "online_services"}
    )
    lines = client.get(export).content.decode().lstrip("\ufeff").splitlines()
    assert len(lines) == 1 + len(demand["rows"]) + 1
    for row, line in zip(demand["rows"], lines[1:], strict=False):
        cells = line.split(";")
        assert cells[0] == row.commune and cells[5] == "; ".join(row.needs) and cells[7] == row.barometer


def test_fixed_queries(client_for, territory, commune_a, commune_b, referent, django_assert_num_queries):
    client = client_for(referent)
    url = reverse("mutualisation:pooled-demand", kwargs={"slug": territory.slug})
    _sheet(commune_a, "Guichet").needs.add(Need.objects.create(commune=commune_a, title="Besoin"))
    _barometer(territory, [(commune_a, "strongly_interested")])
    client.get(url, {"category": "online_services"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url, {"category": "online_services"})
    for index in range(5):
        _sheet(commune_b, f"Guichet {index}").needs.add(Need.objects.create(commune=commune_b, title=f"B {index}"))
    _barometer(territory, [(commune_a, "strongly_interested"), (commune_b, "strongly_interested")], year=2026)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url, {"category": "online_services"})


def _convergence_data(commune_a, commune_b):
    from diagnostics.models import ExistingSystem

    _sheet(commune_a, "Guichet électronique", investment=Decimal("1000.50"))
    _sheet(commune_b, "E-guichet", investment=Decimal("2000.25"))
    Need.objects.create(commune=commune_a, title="=Démarches en ligne", pillars=["governance"])
    Need.objects.create(commune=commune_b, title="=Démarches en ligne")
    for commune in (commune_a, commune_b):
        ExistingSystem.objects.create(
            commune=commune, name="Acropole", vendor="Civadis", category="document_management", version="4"
        )


def test_every_table_of_the_convergences_page_is_in_the_csv(client_for, territory, commune_a, commune_b, referent):
    import csv
    import io

    _convergence_data(commune_a, commune_b)
    client = client_for(referent)
    page = client.get(reverse("mutualisation:convergences", kwargs={"slug": territory.slug}))
    body = client.get(reverse("mutualisation:convergences-export-csv", kwargs={"slug": territory.slug}))
    rows = list(csv.reader(io.StringIO(body.content.decode().lstrip("\ufeff")), delimiter=";"))
    sections = {}
    current = None
    for row in rows:
        if len(row) == 1 and row[0]:
            current = sections.setdefault(row[0], [])
        elif row:
            current.append(row)
    assert set(sections) == {"Convergences", "Besoins", "Produits"}
    (group,) = page.context["groups"]
    assert Decimal(sections["Convergences"][1][10]) == group.investment
    (need,) = page.context["needs"]
    assert sections["Besoins"][1] == ["'=Démarches en ligne", "Courcelles, Lobbes", "2", "2", need.pillars[0]]
    (product,) = page.context["products"]
    assert sections["Produits"][1][:5] == [product.name, product.vendor, product.category, "Courcelles, Lobbes", "2"]


def test_the_xlsx_holds_one_sheet_per_table(client_for, territory, commune_a, commune_b, referent):
    import io

    from openpyxl import load_workbook

    _convergence_data(commune_a, commune_b)
    client = client_for(referent)
    page = client.get(reverse("mutualisation:convergences", kwargs={"slug": territory.slug}))
    body = client.get(reverse("mutualisation:convergences-export-xlsx", kwargs={"slug": territory.slug})).content
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Convergences", "Besoins", "Produits"]
    assert book["Convergences"].max_row == 1 + len(page.context["groups"])
    assert book["Besoins"]["A2"].value == "=Démarches en ligne" and book["Besoins"]["A2"].data_type == "s"
    assert book["Produits"]["A2"].value == "Acropole" and book["Produits"]["E2"].value == 2


def test_approximate_populations_are_labelled(client_for, territory, commune_a, commune_b, referent, wifi):
    commune_a.population_approximate = True
    commune_a.save(update_fields=["population_approximate"])
    client = client_for(referent)
    note = "population approximative"
    detail = client.get(reverse("mutualisation:shared-project-detail", kwargs={"slug": territory.slug, "pk": wifi.pk}))
    assert detail.context["approximate_population"] is True
    assert note in detail.content.decode() and "≈" in detail.content.decode()
    form = client.get(reverse("mutualisation:shared-project-create", kwargs={"slug": territory.slug}))
    assert note in form.content.decode()
    page = client.get(reverse("communes:commune-detail", kwargs={"slug": commune_a.slug})).content.decode()
    assert "(chiffre approximatif)" in page
    page_b = client.get(reverse("communes:commune-detail", kwargs={"slug": commune_b.slug})).content.decode()
    assert "chiffre approximatif" not in page_b


def test_exact_populations_carry_no_note(client_for, territory, referent, wifi):
    detail = client_for(referent).get(
        reverse("mutualisation:shared-project-detail", kwargs={"slug": territory.slug, "pk": wifi.pk})
    )
    assert detail.context["approximate_population"] is False
    assert "population approximative" not in detail.content.decode()
