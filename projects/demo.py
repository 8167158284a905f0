"""Demo data of projects: Courcelles carries two projects of its roadmap (its website overhaul in execution,
its online counter in planning) and Lobbes one project without roadmap. Later runs change nothing."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from communes.models import Commune
from projects import services
from projects.models import (
    BudgetEntry,
    Indicator,
    Project,
    ProjectChecklistItem,
    ProjectMilestone,
    ProjectPhase,
    Risk,
    SteeringMeeting,
    TeamMember,
)
from roadmaps.models import ProjectSheet

LOBBES_TITLE = "Wi-Fi public sur la place communale"


@transaction.atomic
def seed_projects() -> None:
    referent = get_user_model().objects.filter(username="referent").first()
    courcelles = Commune.objects.filter(slug="courcelles").first()
    lobbes = Commune.objects.filter(slug="lobbes").first()
    if referent is None:
        return
    if courcelles is not None:
        website = _from_sheet(referent, courcelles, "website-overhaul")
        if website is not None and not website.indicators.exists():
            _website(referent, website)
        counter = _from_sheet(referent, courcelles, "online-counter")
        if counter is not None and counter.phase == ProjectPhase.PREREQUISITES:
            _answer_all(referent, counter, ProjectPhase.PREREQUISITES)
    if lobbes is not None and not Project.objects.filter(commune=lobbes, title=LOBBES_TITLE).exists():
        project = services.start_project(actor=referent, commune=lobbes, title=LOBBES_TITLE)
        TeamMember.objects.create(project=project, name="Sophie Renard", role="leader", organisation="Lobbes")


def _from_sheet(referent, commune: Commune, code: str) -> Project | None:
    sheet = ProjectSheet.objects.filter(roadmap__commune=commune, template__code=code).first()
    if sheet is None:
        return None
    existing = Project.objects.filter(sheet=sheet).first()
    return existing or services.start_project(actor=referent, commune=commune, sheet=sheet)


def _answer_all(referent, project: Project, phase: str) -> None:
    for item in ProjectChecklistItem.objects.filter(project=project, phase=phase):
        answer = "Validé en réunion de Collège." if item.kind == "question" else ""
        services.checklist_answer(actor=referent, item=item, done=True, answer=answer)
    services.phase_close(actor=referent, project=project, phase=phase)


def _website(referent, project: Project) -> None:
    """Planning closed, in execution: team, risks, one late milestone, a meeting, two indicators × six values."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    services.project_update(
        actor=referent,
        project=project,
        values={"start_date": start, "scope": "Refonte complète du site, hébergement, formation des rédacteurs."},
    )
    _answer_all(referent, project, ProjectPhase.PREREQUISITES)
    _answer_all(referent, project, ProjectPhase.PLANNING)
    TeamMember.objects.bulk_create(
        [
            TeamMember(project=project, name="Julie Lambert", organisation="Service communication", role="leader"),
            TeamMember(project=project, name="Échevin de la transition numérique", role="sponsor"),
            TeamMember(project=project, name="Web Agency SRL", kind="provider", role="member"),
            TeamMember(project=project, name="IGRETEC", kind="intercommunale", role="consulted"),
        ]
    )
    Risk.objects.create(
        project=project,
        title="Retard de migration des contenus",
        likelihood=3,
        impact=2,
        mitigation="Deux rédacteurs dédiés pendant un mois.",
    )
    Risk.objects.create(
        project=project,
        title="Accessibilité insuffisante",
        likelihood=1,
        impact=3,
        mitigation="Audit d’accessibilité avant la mise en ligne.",
    )
    ProjectMilestone.objects.bulk_create(
        [
            ProjectMilestone(
                project=project,
                title="Cahier des charges validé",
                due_date=start + datetime.timedelta(days=40),
                completed_on=start + datetime.timedelta(days=38),
            ),
            ProjectMilestone(
                project=project, title="Maquettes approuvées", due_date=today - datetime.timedelta(days=12)
            ),
            ProjectMilestone(project=project, title="Mise en ligne", due_date=today + datetime.timedelta(days=60)),
        ]
    )
    SteeringMeeting.objects.create(
        project=project,
        held_on=today - datetime.timedelta(days=30),
        participants="Julie Lambert, l’échevin, Web Agency SRL, IGRETEC",
        minutes="Présentation des premières maquettes.",
        decisions="Ajouter un moteur de recherche des démarches\nReporter la mise en ligne d’un mois",
    )
    BudgetEntry.objects.bulk_create(
        [
            BudgetEntry(
                project=project,
                recorded_on=start + datetime.timedelta(days=45),
                kind="committed",
                amount=Decimal("38000"),
                label="Bon de commande Web Agency",
            ),
            BudgetEntry(
                project=project,
                recorded_on=today - datetime.timedelta(days=20),
                kind="spent",
                amount=Decimal("15000"),
                label="Première facture",
            ),
        ]
    )
    _indicator(
        referent,
        project,
        "Visites mensuelles",
        "visites",
        Decimal("4000"),
        Decimal("8000"),
        [4100, 4500, 5200, 5600, 6100, 6500],
    )
    _indicator(referent, project, "Démarches en ligne", "%", Decimal("10"), Decimal("60"), [10, 12, 13, 12, 14, 15])


def _indicator(referent, project, name, unit, baseline, target, values) -> None:
    today = timezone.localdate()
    indicator = Indicator.objects.create(
        project=project,
        name=name,
        unit=unit,
        baseline=baseline,
        target=target,
        target_date=today - datetime.timedelta(days=5) if unit == "%" else today + datetime.timedelta(days=300),
    )
    for months_ago, value in zip(range(5, -1, -1), values, strict=True):
        day = today - datetime.timedelta(days=30 * months_ago + 1)
        services.record_indicator_value(actor=referent, indicator=indicator, measured_on=day, value=value)
