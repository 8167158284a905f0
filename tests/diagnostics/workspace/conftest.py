"""Fixtures for the diagnostic workspace: a small but complete workspace for commune A, built through
the services, and `grow_workspace` to add rows when a test compares query counts for 1 and many rows."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from diagnostics.demo import responses_generate
from diagnostics.models import (
    EvidenceKind,
    FindingKind,
    InterviewStatus,
    ObjectiveLevel,
    ParticipantGroup,
)
from diagnostics.services import builder, campaigns
from diagnostics.services import interviews as interview_services
from diagnostics.services import inventory as inventory_services
from diagnostics.services import needs as need_services
from diagnostics.services import pst as pst_services
from diagnostics.services import workshops as workshop_services
from diagnostics.services.builder import OptionInput
from diagnostics.services.interviews import ParticipantInput

PRIVATE_NAME = "Zébulon Confidentiel"
PRIVATE_NOTE = "Note privée: le chef de service est en arrêt maladie."


@dataclass
class Workspace:
    commune: object
    strategic: object
    operational: object
    operational_2: object
    action: object
    smart_action: object
    interview: object
    finding: object
    private_finding: object
    workshop: object
    idea: object
    system_a: object
    system_b: object
    silo: object
    exchange: object
    need: object


def build_workspace(commune, actor) -> Workspace:
    so = pst_services.pst_objective_create(
        commune=commune, actor=actor, level=ObjectiveLevel.STRATEGIC, code="OS1", title="Administration moderne"
    )
    oo = pst_services.pst_objective_create(
        commune=commune,
        actor=actor,
        level=ObjectiveLevel.OPERATIONAL,
        parent=so,
        code="OO1.1",
        title="Simplifier les démarches",
        pillars=["governance"],
    )
    oo2 = pst_services.pst_objective_create(
        commune=commune, actor=actor, level=ObjectiveLevel.OPERATIONAL, parent=so, code="OO1.2", title="Outils internes"
    )
    action = pst_services.pst_action_create(
        commune=commune, actor=actor, objective=oo2, code="A1", title="Former les agents", owner="RH"
    )
    smart = pst_services.pst_action_create(
        commune=commune, actor=actor, objective=oo, code="A2", title="Guichet en ligne", is_smart=True
    )
    interview = interview_services.interview_create(
        commune=commune,
        actor=actor,
        held_on=date(2025, 3, 10),
        status=InterviewStatus.HELD,
        topic="Service population",
        notes=PRIVATE_NOTE,
        participants=[ParticipantInput(PRIVATE_NAME, "Chef de service", ParticipantGroup.HEAD_OF_DEPARTMENT)],
    )
    finding = interview_services.finding_create(
        interview=interview, actor=actor, kind=FindingKind.NEED, summary="Un guichet en ligne", pillars=["governance"]
    )
    interview_services.finding_set_published(finding=finding, actor=actor, published=True)
    private = interview_services.finding_create(
        interview=interview, actor=actor, kind=FindingKind.PROBLEM, summary="Problème interne non publié"
    )
    workshop = workshop_services.workshop_create(
        commune=commune, actor=actor, title="Atelier citoyen", held_on=date(2025, 3, 20), participant_names="Alice\nBob"
    )
    idea = workshop_services.idea_create(workshop=workshop, actor=actor, title="Appli de signalement", votes=5)
    system_a = inventory_services.system_create(
        commune=commune, actor=actor, name="GED A", category="document_management", knowledge_holders="Ann\nBen"
    )
    system_b = inventory_services.system_create(
        commune=commune, actor=actor, name="GED B", category="document_management", knowledge_holders="Ann"
    )
    silo = inventory_services.system_create(
        commune=commune, actor=actor, name="Cimetières", category="other", knowledge_holders="Carl\nDora"
    )
    exchange = inventory_services.exchange_create(
        commune=commune, actor=actor, source=system_a, target=system_b, data="Courriers"
    )
    need = need_services.need_create(commune=commune, actor=actor, title="Guichet en ligne", pillars=["governance"])
    need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.FINDING, finding=finding)
    need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.OBJECTIVE, objective=oo)
    return Workspace(
        commune=commune,
        strategic=so,
        operational=oo,
        operational_2=oo2,
        action=action,
        smart_action=smart,
        interview=interview,
        finding=finding,
        private_finding=private,
        workshop=workshop,
        idea=idea,
        system_a=system_a,
        system_b=system_b,
        silo=silo,
        exchange=exchange,
        need=need,
    )


def grow_workspace(ws: Workspace, actor, n: int = 4) -> None:
    """Add `n` more of everything to the workspace (for 1-vs-many query counts)."""
    commune = ws.commune
    for i in range(n):
        so = pst_services.pst_objective_create(
            commune=commune, actor=actor, level=ObjectiveLevel.STRATEGIC, code=f"OSX{i}", title=f"Stratégique {i}"
        )
        oo = pst_services.pst_objective_create(
            commune=commune, actor=actor, level=ObjectiveLevel.OPERATIONAL, parent=so, code=f"OOX{i}", title=f"Op {i}"
        )
        pst_services.pst_action_create(commune=commune, actor=actor, objective=oo, code=f"AX{i}", title=f"Act {i}")
        interview = interview_services.interview_create(
            commune=commune,
            actor=actor,
            held_on=date(2025, 4, 1) + timedelta(days=i),
            status=InterviewStatus.HELD,
            interviewer_users=[actor],
            participants=[
                ParticipantInput(f"P{i}a", "", ParticipantGroup.STAFF),
                ParticipantInput(f"P{i}b", "", ParticipantGroup.COLLEGE),
            ],
        )
        finding = interview_services.finding_create(
            interview=interview, actor=actor, kind=FindingKind.NEED, summary=f"Constat {i}", objective=oo
        )
        interview_services.finding_set_published(finding=finding, actor=actor, published=True)
        idea = workshop_services.idea_create(workshop=ws.workshop, actor=actor, title=f"Idée {i}", votes=i)
        workshop = workshop_services.workshop_create(
            commune=commune, actor=actor, title=f"Atelier {i}", held_on=date(2025, 5, 1)
        )
        workshop_services.idea_create(workshop=workshop, actor=actor, title=f"Autre idée {i}")
        system = inventory_services.system_create(
            commune=commune, actor=actor, name=f"Système {i}", category="finance", knowledge_holders=f"Q{i}"
        )
        inventory_services.exchange_create(commune=commune, actor=actor, source=system, target=ws.silo, data=f"D{i}")
        need = need_services.need_create(commune=commune, actor=actor, title=f"Besoin {i}", pillars=["mobility"])
        need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.FINDING, finding=finding)
        need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.IDEA, idea=idea)
        need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.OBJECTIVE, objective=oo)
    inventory_services.warning_dismiss(
        commune=commune, actor=actor, key=f"single_knowledge:{ws.system_b.pk}:ann", reason="Backup person trained"
    )


@pytest.fixture
def ws(commune_a, referent) -> Workspace:
    return build_workspace(commune_a, referent)


@pytest.fixture
def ws_campaign(commune_a, referent):
    """A questionnaire with two scored questions (governance, smart citizens) and an open campaign."""
    questionnaire = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Questionnaire")
    page = questionnaire.sections.get()
    for code_pillars, text in ((["governance"], "Gouvernance ?"), (["smart_citizens"], "Participation ?")):
        builder.question_create(
            section=page,
            actor=referent,
            fields={"type": "single_choice", "text_fr": text},
            pillars=code_pillars,
            options=[OptionInput(None, "Non", "No", 0), OptionInput(None, "Oui", "Yes", 100)],
        )
    today = timezone.localdate()
    return campaigns.campaign_create(
        commune=commune_a,
        questionnaire=questionnaire,
        actor=referent,
        title="Campagne diagnostic",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )


@pytest.fixture
def answered_campaign(ws_campaign):
    """The campaign with submitted answers from the Collège and the administration."""
    groups = {g.kind: g for g in ws_campaign.groups.all()}
    responses_generate(
        ws_campaign,
        rng=random.Random(7),  # noqa: S311 - reproducible fictitious answers
        count=24,
        groups=[groups["college"], groups["administration"], groups["citizens"]],
        submitted_share=1.0,
    )
    return ws_campaign
