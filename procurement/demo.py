"""Demo data: Courcelles' website project gets its procurement — specifications from the website requirements
(interoperability from its inventory), the negotiated procedure without publication at €60,000, three offers
scored, the award proposed and its report. Later runs change nothing."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from communes.models import Commune
from procurement import services
from procurement.models import Procurement
from projects.models import Project
from roadmaps.models import ProjectSheet

TITLE = "Refonte du site internet communal"
# name, company number, price, technical score, reasons
DEMO_OFFERS = [
    ("Webwal SRL", "0456.123.789", "54800", "6", "CMS propriétaire ; export des données limité au CSV des pages."),
    ("Numerica SC", "0789.456.123", "61500", "9", "Logiciel libre, accessibilité démontrée (audit WCAG 2.1 AA joint)."),
    ("Sambre Digital SA", "0512.987.654", "58900", "7", "Bonne démarche, formation des agents limitée à une journée."),
]


def seed_procurement() -> Procurement | None:
    commune = Commune.objects.filter(slug="courcelles").select_related("territory").first()
    referent = get_user_model().objects.filter(username="referent").first()
    sheet = ProjectSheet.objects.filter(roadmap__commune=commune, template__code="website-overhaul").first()
    if commune is None or referent is None or sheet is None:
        return None
    existing = Procurement.objects.filter(commune=commune, title=TITLE).first()
    if existing is not None:
        return existing
    with translation.override("fr"):
        return _seed(commune, referent, sheet)


def _seed(commune, referent, sheet) -> Procurement:
    today = timezone.localdate()
    procurement = services.procurement_create(
        actor=referent,
        commune=commune,
        title=TITLE,
        sheet=sheet,
        project=Project.objects.filter(sheet=sheet).first(),
        purchase_type="services",
        estimated_amount=Decimal(60000),
        procedure_date=today - datetime.timedelta(days=40),
    )
    deadline = timezone.now() - datetime.timedelta(days=10)
    services.procurement_update(
        actor=referent,
        procurement=procurement,
        values={
            "status": "evaluation",
            "college_decision_on": today - datetime.timedelta(days=40),
            "published_on": today - datetime.timedelta(days=35),
            "questions_deadline": today - datetime.timedelta(days=20),
            "offers_deadline": deadline,
            "opening_on": today - datetime.timedelta(days=10),
            "evaluation_until": today + datetime.timedelta(days=5),
        },
    )
    criterion = procurement.criteria.get(is_price=False)
    scores = {}
    for name, number, price, score, reason in DEMO_OFFERS:
        bidder = services.bidder_save(
            actor=referent,
            procurement=procurement,
            values={
                "name": name,
                "company_number": number,
                "offer_price": Decimal(price),
                "offer_received_at": deadline - datetime.timedelta(days=1),
                "offer_documents": "Formulaire d'offre, inventaire chiffré, note technique",
            },
        )
        scores[(bidder.pk, criterion.pk)] = (Decimal(score), reason)
    services.scores_record(actor=referent, procurement=procurement, values=scores)
    winner = procurement.bidders.get(name="Numerica SC")
    services.award_propose(
        actor=referent,
        procurement=procurement,
        bidder=winner,
        reasons="Offre la mieux classée : la meilleure valeur technique compense un prix supérieur de 12 %.",
    )
    services.document_request(actor=referent, procurement=procurement, kind="specifications")
    services.document_request(actor=referent, procurement=procurement, kind="award_report")
    return procurement
