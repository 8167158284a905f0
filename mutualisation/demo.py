"""Demo data of mutualisation (`manage.py seed_demo`): approximate populations, convergences among the demo
communes (an online counter planned by four, the same document software in five inventories, the same data
typed twice in three), one shared project (Wi-Fi in public buildings, five communes, split by population) and
one framework agreement in the catalogue. Every step can run twice."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from communes.models import Commune, Territory
from diagnostics.models import DataExchange, ExistingSystem
from mutualisation import services
from mutualisation.models import FrameworkAgreement, MemberStatus, SharedProject
from roadmaps.models import ProjectSheet, Roadmap
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services import sheets as sheet_services

# Approximate populations (rounded, for the demo only; the communes' notes say so).
POPULATIONS = {
    "Aiseau-Presles": 11_000, "Anderlues": 12_200, "Beaumont": 7_200, "Cerfontaine": 4_900,
    "Chapelle-lez-Herlaimont": 14_800, "Charleroi": 202_000, "Châtelet": 36_000, "Chimay": 9_900,
    "Courcelles": 31_500, "Couvin": 14_000, "Erquelinnes": 9_800, "Farciennes": 11_300, "Fleurus": 23_000,
    "Fontaine-l'Évêque": 17_800, "Froidchapelle": 3_800, "Gerpinnes": 12_700, "Ham-sur-Heure-Nalinnes": 13_700,
    "Les Bons Villers": 9_400, "Lobbes": 5_700, "Merbes-le-Château": 4_300, "Momignies": 5_300,
    "Montigny-le-Tilleul": 10_300, "Philippeville": 9_300, "Pont-à-Celles": 17_000, "Sambreville": 28_500,
    "Seneffe": 11_200, "Sivry-Rance": 4_700, "Thuin": 14_800, "Viroinval": 5_600, "Walcourt": 18_500,
}  # fmt: skip
APPROXIMATE = "Population : chiffre approximatif (démonstration)."

COUNTER_COMMUNES = ("Lobbes", "Fleurus", "Thuin", "Chimay")
DOCS_COMMUNES = ("Lobbes", "Fleurus", "Thuin", "Chimay", "Anderlues")
WIFI_COMMUNES = ("Courcelles", "Lobbes", "Fleurus", "Thuin", "Chimay")
WIFI_TITLE = "Wi-Fi dans les bâtiments publics"
FRAMEWORK_TITLE = "Guichet électronique et formulaires en ligne"


def _populations(territory: Territory) -> None:
    for commune in Commune.objects.filter(territory=territory, population__isnull=True):
        if commune.name in POPULATIONS:
            commune.population = POPULATIONS[commune.name]
            commune.notes = (
                f"{commune.notes}\n{APPROXIMATE}".strip() if APPROXIMATE not in commune.notes else commune.notes
            )
            commune.population_approximate = True
            commune.save(update_fields=["population", "population_approximate", "notes"])
    # Demo databases seeded before the flag existed: their notes already say so.
    Commune.objects.filter(territory=territory, notes__contains=APPROXIMATE, population_approximate=False).update(
        population_approximate=True
    )


def _roadmap(commune: Commune, actor) -> Roadmap:
    return Roadmap.objects.filter(commune=commune).first() or roadmap_services.roadmap_create(
        commune=commune, actor=actor
    )


def _counters(communes: dict, actor) -> None:
    # Sheets of their own (no template): they meet Courcelles' sheet, made from the template, by their function.
    for index, name in enumerate(COUNTER_COMMUNES):
        roadmap = _roadmap(communes[name], actor)
        if ProjectSheet.objects.filter(roadmap=roadmap, function_category="online_services").exists():
            continue
        fields = {
            "title": "Guichet électronique",
            "function_category": "online_services",
            "investment": Decimal(18_000 + 2_000 * index),
            "running_cost": Decimal(3_000),
            "horizon": ("short", "medium")[index % 2],
            "pillars": ["governance"],
        }
        sheet_services.sheet_create(roadmap=roadmap, actor=actor, fields=fields)


def _inventories(communes: dict) -> None:
    for name in DOCS_COMMUNES:
        commune = communes[name]
        docs, _ = ExistingSystem.objects.get_or_create(
            commune=commune,
            name="iA.Docs",
            defaults={
                "category": "document_management",
                "vendor": "Imio",
                "version": "3.2" if name in DOCS_COMMUNES[:2] else "4.0",
                "end_of_support": datetime.date(2027, 6, 30) if name in DOCS_COMMUNES[:2] else None,
                "yearly_cost": Decimal(4_800),
            },
        )
        registry, _ = ExistingSystem.objects.get_or_create(
            commune=commune,
            name="Saphir Population",
            defaults={"category": "population_registry", "vendor": "Civadis", "yearly_cost": Decimal(9_000)},
        )
        if name in DOCS_COMMUNES[:3]:
            DataExchange.objects.get_or_create(
                commune=commune, source=registry, target=docs, data="Adresses des citoyens", defaults={"mode": "manual"}
            )


def _wifi(territory: Territory, communes: dict, actor) -> None:
    if SharedProject.objects.filter(territory=territory, title=WIFI_TITLE).exists():
        return
    data = services.SharedProjectInput(
        title=WIFI_TITLE,
        description="Bornes Wi-Fi gratuites dans les maisons communales, bibliothèques et salles des fêtes.",
        function_category="public_wifi",
        investment=Decimal("125000.00"),
        running_cost=Decimal("15000.00"),
        split_rule="population",
        horizon="medium",
        members=[services.MemberInput(communes[name]) for name in WIFI_COMMUNES],
    )
    project = services.shared_project_create(actor=actor, territory=territory, data=data)
    # Lobbes and Fleurus accepted (their roadmaps carry their shares); Courcelles' staff still have to answer.
    for member in project.members.filter(commune__name__in=("Lobbes", "Fleurus")):
        if member.status == MemberStatus.PROPOSED:
            services.member_answer(member=member, actor=actor, accept=True)


def _framework(territory: Territory, actor) -> None:
    if FrameworkAgreement.objects.filter(territory=territory, title=FRAMEWORK_TITLE).exists():
        return
    services.framework_create(
        actor=actor,
        territory=territory,
        fields={
            "title": FRAMEWORK_TITLE,
            "function_category": "online_services",
            "provider": "iMio",
            "valid_from": datetime.date(2025, 1, 1),
            "valid_until": datetime.date(2028, 12, 31),
            "conditions": "Réservé aux communes associées d'IGRETEC\u00a0; commande par bon de commande au marché.",
        },
        lots=[
            {"description": "Guichet électronique (licence)", "unit": "par an", "unit_price": Decimal("2400.00")},
            {
                "description": "Formulaires en ligne sur mesure",
                "unit": "par formulaire",
                "unit_price": Decimal("650.00"),
            },
            {"description": "Formation des agents", "unit": "par journée", "unit_price": Decimal("850.00")},
        ],
    )


@transaction.atomic
def seed_mutualisation() -> None:
    territory = Territory.objects.filter(slug="charleroi-metropole").first()
    actor = get_user_model().objects.filter(username="referent").first()
    if territory is None or actor is None:
        return
    _populations(territory)
    communes = {c.name: c for c in Commune.objects.filter(territory=territory)}
    if not all(name in communes for name in {*COUNTER_COMMUNES, *DOCS_COMMUNES, *WIFI_COMMUNES}):
        return
    _counters(communes, actor)
    _inventories(communes)
    _wifi(territory, communes, actor)
    _framework(territory, actor)
