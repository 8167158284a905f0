"""Demo data: the roadmap of Courcelles, about ten sheets from the catalogue, marked, linked, planned and scored."""

import importlib
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from communes.models import Commune
from diagnostics.selectors.workshops import project_candidates_for_commune
from roadmaps.models import Criterion, ProjectTemplate, Roadmap
from roadmaps.services import planning as plan_services
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services import sheets as sheet_services
from roadmaps.services.scoring import roadmap_scores_refresh

# template code, marks (budget, feasibility, resources, impact, PST alignment, evidence), horizon, status, extra fields
DEMO_SHEETS = [
    (
        "website-overhaul",
        (4, 4, 3, 4, 5, 4),
        "short",
        "validated",
        {
            "needs_text": (
                "Questionnaire : 68 % des répondants ne trouvent pas l'information cherchée. "
                "Entretiens avec le service communication."
            ),
            "people_involved": "Service communication, informatique (prestataire), échevin de la transition numérique.",
            "yearly_socio_economic_value": Decimal("8000"),
            "socio_economic_value": 2,
        },
    ),
    (
        "cybersecurity-audit",
        (5, 5, 4, 3, 4, 5),
        "short",
        "in_progress",
        {
            "needs_text": "Le personnel s'estime mal armé face aux risques (entretiens avec le DG et l'informatique).",
            "risks": "Disponibilité du personnel pour les formations.",
        },
    ),
    ("white-zone-mapping", (5, 4, 4, 3, 2, 3), "short", "proposed", {}),
    (
        "energy-monitoring",
        (4, 4, 3, 3, 4, 3),
        "short",
        "validated",
        {
            "yearly_financial_gains": Decimal("9000"),
            "socio_economic_value": 1,
        },
    ),
    (
        "digital-inclusion-spaces",
        (4, 4, 2, 5, 4, 4),
        "short",
        "proposed",
        {
            "needs_text": "Atelier d'idéation : les aînés demandent de l'aide pour les démarches en ligne.",
            "socio_economic_value": 3,
        },
    ),
    (
        "online-counter",
        (3, 3, 2, 5, 5, 4),
        "medium",
        "proposed",
        {
            "needs_text": "Files d'attente au service population ; demande récurrente dans le questionnaire.",
            "yearly_financial_gains": Decimal("4000"),
            "yearly_socio_economic_value": Decimal("15000"),
            "socio_economic_value": 3,
        },
    ),
    ("document-management", (3, 3, 3, 3, 4, 3), "medium", "proposed", {}),
    ("citizen-participation", (4, 4, 3, 4, 3, 3), "medium", "proposed", {}),
    (
        "smart-street-lighting",
        (1, 4, 3, 4, 4, 4),
        "medium",
        "proposed",
        {
            "funding": "Appel à projets régional « Territoire intelligent » ; tiers-investisseur possible.",
            "yearly_financial_gains": Decimal("32000"),
            "yearly_socio_economic_value": Decimal("6000"),
            "socio_economic_value": 2,
            "roi_years": 15,
        },
    ),
    ("digital-archiving", (3, 3, 2, 2, 3, 3), "long", "proposed", {}),
    ("public-wifi", (4, 3, 3, 3, 2, 2), "long", "proposed", {}),
]

# template code → title of the workshop idea (a project-sheet candidate) the sheet was started from.
DEMO_ORIGINS = {"online-counter": "Guichet en ligne 24h/24"}

# template code → PST objective codes, need titles and existing systems of Courcelles' diagnostic (when seeded).
DEMO_LINKS = {
    "website-overhaul": (["OO1.1", "OO1.3"], [], []),
    "online-counter": (
        ["OO1.1"],
        ["Un guichet en ligne pour toutes les démarches de population"],
        ["Saphir Population", "Rendez-vous en ligne"],
    ),
    "cybersecurity-audit": (["OO1.2"], ["Sécuriser l'informatique communale"], ["Serveur de fichiers"]),
    "document-management": (
        ["OO1.2"],
        ["Une gestion électronique des documents unique"],
        ["iA.Délib", "Phoenix Finances"],
    ),
    "energy-monitoring": (["OO2.1"], ["Suivre les consommations d'énergie"], []),
    "smart-street-lighting": (["OO2.1"], [], ["Télégestion éclairage LED"]),
    "digital-inclusion-spaces": ([], ["Inclusion numérique des aînés"], []),
    "citizen-participation": (["OO1.3"], [], ["Site internet communal"]),
}

DEMO_COMMENTS = [
    (
        "online-counter",
        "staff-courcelles",
        "Le service population souhaite commencer par les extraits de casier et les compositions de ménage.",
    ),
    ("website-overhaul", "staff-courcelles", "Le contrat actuel avec le prestataire se termine en juin."),
]

DEMO_BUDGETS = {
    "short": (Decimal("120000"), 150),
    "medium": (Decimal("300000"), 200),
    "long": (Decimal("100000"), 150),
}


@transaction.atomic
def seed_roadmap() -> Roadmap | None:
    """Create Courcelles' roadmap once; later runs leave it as it is."""
    commune = Commune.objects.filter(slug="courcelles").select_related("territory").first()
    if commune is None:
        return None
    existing = Roadmap.objects.filter(commune=commune).first()
    if existing is not None:
        return existing
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["referent", "staff-courcelles"])}
    referent = users.get("referent")
    with translation.override("fr"):
        roadmap = roadmap_services.roadmap_create(commune=commune, actor=referent)
        roadmap_services.roadmap_update(
            roadmap=roadmap,
            actor=referent,
            summary="Stratégie généraliste : une administration plus simple et plus sûre, puis des services en ligne "
            "et des économies d'énergie sur l'espace public.",
            focus_pillars=["governance", "energy_environment", "smart_citizens"],
        )
        criteria = list(Criterion.objects.filter(roadmap=roadmap).order_by("position"))
        if not ProjectTemplate.objects.exists():
            # A test database flushed after its migrations ran: load the catalogue as the migration does.
            importlib.import_module("roadmaps.migrations.0002_project_templates").load(django_apps, None)
        templates = {t.code: t for t in ProjectTemplate.objects.all()}
        choices = {name: list(choices(commune)) for name, choices in sheet_services.SHEET_LINKS.items()}
        candidates = {idea["title"]: idea["id"] for idea in project_candidates_for_commune(commune)}
        sheets = {}
        for code, marks, horizon, status, extra in DEMO_SHEETS:
            template = templates[code]
            fields = {**sheet_services.template_initial(template), "horizon": horizon, "status": status, **extra}
            objectives, needs, systems = DEMO_LINKS.get(code, ([], [], []))
            sheet_links = {
                "pst_objectives": [o for o in choices["pst_objectives"] if o.code in objectives],
                "needs": [n for n in choices["needs"] if n.title in needs],
                "exchanges_with": [s for s in choices["exchanges_with"] if s.name in systems],
            }
            sheet = sheet_services.sheet_create(
                roadmap=roadmap,
                actor=referent,
                fields=fields,
                template=template,
                links=sheet_links,
                origin_idea_id=candidates.get(DEMO_ORIGINS.get(code, "")),
            )
            sheet_services.sheet_marks_update(
                sheet=sheet, actor=referent, marks={c.pk: m for c, m in zip(criteria, marks, strict=True)}
            )
            sheets[code] = sheet
        for code, username, body in DEMO_COMMENTS:
            if username in users:
                sheet_services.comment_create(sheet=sheets[code], actor=users[username], body=body)
        # Score now rather than waiting for the task, so the proposal below uses the scores.
        roadmap_scores_refresh(roadmap_ids=[roadmap.pk])
        plan_services.plan_propose(roadmap=roadmap, actor=referent, budgets=DEMO_BUDGETS)
        roadmap_services.roadmap_publish(roadmap=roadmap, actor=referent)
    return roadmap
