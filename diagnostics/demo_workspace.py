"""Demo data for the diagnostic workspace of Courcelles: PST, interviews, a workshop, the inventory,
needs with evidence and a synthesis text.

`seed_workspace()` runs through the services (the PST through the very import a referent would use);
each part is skipped when it already exists, so running it again changes nothing. Nothing is random:
dates are counted from the accompaniment's start, so the demo is the same on every machine.
"""

import csv
import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from communes.models import Commune
from diagnostics.demo_workspace_data import EXCHANGES, INTERVIEWS, NEEDS, PST_ROWS, SYNTHESIS, SYSTEMS, WORKSHOP_IDEAS
from diagnostics.imports import parse_budget
from diagnostics.models import (
    Campaign,
    EvidenceKind,
    ExistingSystem,
    Finding,
    IdeaDecision,
    Interview,
    InterviewStatus,
    Need,
    PstObjective,
    Question,
    Workshop,
    WorkshopIdea,
)
from diagnostics.services import interviews as interview_services
from diagnostics.services import inventory as inventory_services
from diagnostics.services import needs as need_services
from diagnostics.services import pst as pst_services
from diagnostics.services import workshops as workshop_services
from diagnostics.services import workspace as workspace_services
from diagnostics.services.interviews import ParticipantInput

DEMO_COMMUNE = "courcelles"


def _csv_bytes() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["type", "code", "parent", "intitulé", "responsable", "budget", "échéance", "statut", "axes", "smart"]
    )
    writer.writerows(PST_ROWS)
    return buffer.getvalue().encode("cp1252")


def _seed_pst(commune, actor) -> None:
    if PstObjective.objects.filter(commune=commune).exists():
        return
    pst_import, check = pst_services.pst_import_prepare(
        commune=commune, actor=actor, filename="PST Courcelles 2025-2030.csv", data=_csv_bytes()
    )
    if pst_import is None:  # the demo file is checked by the tests; never expected here
        raise RuntimeError(f"demo PST does not import: {check.errors[:3]}")
    pst_services.pst_import_apply(pst_import=pst_import, actor=actor)


def _seed_interviews(commune, actor, start) -> None:
    if Interview.objects.filter(commune=commune).exists():
        return
    workspace_services.interview_target_set(commune=commune, actor=actor, target=10)
    objectives = {o.code: o for o in PstObjective.objects.filter(commune=commune)}
    for days, topic, status, people, findings in INTERVIEWS:
        interview = interview_services.interview_create(
            commune=commune,
            actor=actor,
            held_on=start + timedelta(days=days),
            topic=topic,
            status=status,
            interviewers="Marc Lambert" if days % 2 else "",
            interviewer_users=[actor] if actor else [],
            notes="Notes prises pendant l'entretien (démo)." if status == InterviewStatus.HELD else "",
            participants=[ParticipantInput(name, function, group) for name, function, group in people],
        )
        for kind, summary, pillars, objective_code, published in findings:
            finding = interview_services.finding_create(
                interview=interview,
                actor=actor,
                kind=kind,
                summary=summary,
                pillars=pillars,
                objective=objectives.get(objective_code),
            )
            if published:
                interview_services.finding_set_published(finding=finding, actor=actor, published=True)


def _seed_workshop(commune, actor, start) -> Workshop:
    workshop = Workshop.objects.filter(commune=commune).first()
    if workshop is not None:
        return workshop
    workshop = workshop_services.workshop_create(
        commune=commune,
        actor=actor,
        title="Atelier citoyen « Courcelles connectée »",
        held_on=start + timedelta(days=18),
        participant_count=23,
    )
    for title, description, pillar, votes, _decision in WORKSHOP_IDEAS:
        workshop_services.idea_create(
            workshop=workshop, actor=actor, title=title, description=description, pillar=pillar, votes=votes
        )
    return workshop


def _seed_inventory(commune, actor) -> None:
    if ExistingSystem.objects.filter(commune=commune).exists():
        return
    systems = {}
    for name, kind, category, vendor, status, cost, users, holders in SYSTEMS:
        systems[name] = inventory_services.system_create(
            commune=commune,
            actor=actor,
            name=name,
            kind=kind,
            category=category,
            vendor=vendor,
            status=status,
            yearly_cost=parse_budget(cost),
            main_users=users,
            knowledge_holders=holders,
        )
    for source, target, data, mode in EXCHANGES:
        inventory_services.exchange_create(
            commune=commune, actor=actor, source=systems[source], target=systems[target], data=data, mode=mode
        )
    lighting = systems["Télégestion éclairage LED"]
    inventory_services.warning_dismiss(
        commune=commune,
        actor=actor,
        key=f"silo:{lighting.pk}",
        reason="Encore à l'étude : l'échange avec le futur suivi énergétique sera prévu dans le cahier des charges.",
    )


def _seed_needs(commune, actor, workshop) -> None:
    if Need.objects.filter(commune=commune).exists():
        return
    findings = list(Finding.objects.filter(commune=commune))
    ideas = {i.title: i for i in WorkshopIdea.objects.filter(workshop=workshop)}
    objectives = {o.code: o for o in PstObjective.objects.filter(commune=commune)}
    campaign = Campaign.objects.filter(commune=commune).order_by("pk").first()
    questions = (
        {q.code: q for q in Question.objects.filter(questionnaire_id=campaign.questionnaire_id)} if campaign else {}
    )
    created = {}
    for title, description, pillars, evidence in NEEDS:
        need = need_services.need_create(
            commune=commune, actor=actor, title=title, description=description, pillars=pillars
        )
        created[title] = need
        for kind, ref in evidence:
            if kind == "finding":
                finding = next(f for f in findings if f.summary.startswith(ref))
                need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.FINDING, finding=finding)
            elif kind == "objective":
                need_services.evidence_add(
                    need=need, actor=actor, kind=EvidenceKind.OBJECTIVE, objective=objectives[ref]
                )
            elif kind == "question" and ref in questions:
                need_services.evidence_add(
                    need=need, actor=actor, kind=EvidenceKind.QUESTION, campaign=campaign, question=questions[ref]
                )
            elif kind == "pillar" and campaign is not None:
                need_services.evidence_add(
                    need=need, actor=actor, kind=EvidenceKind.PILLAR, campaign=campaign, pillar=ref
                )
    # The workshop's decisions: ideas kept as needs link to the needs above (and become their evidence).
    by_idea = {ref: created[title] for title, _d, _p, evidence in NEEDS for kind, ref in evidence if kind == "idea"}
    for title, _description, _pillar, _votes, decision in WORKSHOP_IDEAS:
        if decision == IdeaDecision.PENDING:
            continue
        idea = ideas[title]
        need = by_idea.get(title) if decision == IdeaDecision.NEED else None
        note = "Hors priorités de la législature." if decision == IdeaDecision.SET_ASIDE else ""
        workshop_services.idea_decide(idea=idea, actor=actor, decision=decision, note=note, need=need)


@transaction.atomic
def seed_workspace() -> Commune | None:
    """Courcelles' diagnostic workspace, complete; running it again changes nothing."""
    commune = Commune.objects.filter(slug=DEMO_COMMUNE).select_related("accompaniment").first()
    if commune is None:
        return None
    actor = get_user_model().objects.filter(username="referent").first()
    accompaniment = getattr(commune, "accompaniment", None)
    start = accompaniment.start_date if accompaniment else timezone.localdate() - timedelta(weeks=7)
    _seed_pst(commune, actor)
    _seed_interviews(commune, actor, start)
    workshop = _seed_workshop(commune, actor, start)
    _seed_inventory(commune, actor)
    _seed_needs(commune, actor, workshop)
    diagnostic = workspace_services.diagnostic_get_or_create(commune=commune)
    if not diagnostic.summary_text:
        workspace_services.synthesis_update(
            commune=commune, actor=actor, fields=SYNTHESIS, edit_version=diagnostic.edit_version
        )
    return commune
