"""Demo data for the final report: Courcelles' introduction and its accepted affordable plan."""

from django.contrib.auth import get_user_model
from django.db import transaction

from communes.models import Commune
from reports.models import ReportIntroduction
from reports.services import introduction_update

DEMO_INTRODUCTION = (
    "Madame la Bourgmestre, Mesdames et Messieurs les Échevins,\n\n"
    "Ce rapport clôture l'accompagnement de Courcelles vers un territoire intelligent. Il rassemble ce que "
    "nous avons appris de votre Programme Stratégique Transversal, du questionnaire diffusé auprès du Collège, "
    "du personnel, des commissions consultatives et des citoyens, des entretiens menés avec les services, et "
    "de l'inventaire de vos outils numériques.\n\n"
    "Les fiches projets et leur classement par priorité vous proposent une feuille de route réaliste, "
    "phasée sur six ans et tenant compte de vos budgets. Nous restons à vos côtés pour la mettre en œuvre."
)


@transaction.atomic
def seed_reports() -> None:
    """Write Courcelles' introduction and accept its latest plan proposal; later runs change nothing."""
    commune = Commune.objects.filter(slug="courcelles").first()
    referent = get_user_model().objects.filter(username="referent").first()
    if commune is None or referent is None:
        return
    if not ReportIntroduction.objects.filter(commune=commune).exists():
        introduction_update(commune=commune, actor=referent, text=DEMO_INTRODUCTION)
    _accept_demo_plan(commune, referent)


def _accept_demo_plan(commune: Commune, referent) -> None:
    from roadmaps.models import PlanProposal, PlanStatus
    from roadmaps.services.planning import plan_accept

    proposals = PlanProposal.objects.filter(roadmap__commune=commune)
    if proposals.filter(status=PlanStatus.ACCEPTED).exists():
        return
    latest = proposals.filter(status=PlanStatus.PROPOSED).order_by("-created_at", "-pk").first()
    if latest is not None:
        plan_accept(proposal=latest, actor=referent)
