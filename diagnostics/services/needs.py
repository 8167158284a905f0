"""Writes for needs: create, edit (with an optimistic lock), link evidence, merge duplicates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar
from communes.services import activity_record
from diagnostics.models import (
    Campaign,
    EvidenceKind,
    Finding,
    Need,
    NeedEvidence,
    PstObjective,
    Question,
    WorkshopIdea,
    WorkspaceActivityVerb,
)
from diagnostics.services.workspace import check_edit_version
from smartregion.errors import ServiceError

ERROR_EVIDENCE_EXISTS = _("This need already cites this evidence.")
ERROR_EVIDENCE_OUTSIDE = _("Choose evidence from this commune's diagnostic.")
ERROR_QUESTION_NOT_IN_CAMPAIGN = _("This question is not part of the campaign's questionnaire.")
ERROR_PILLAR_REQUIRED = _("Choose a pillar.")
ERROR_EVIDENCE_INCOMPLETE = _("Choose what the evidence is.")
ERROR_MERGE_SAME = _("Choose another need to merge with.")
ERROR_MERGE_OUTSIDE = _("Both needs must belong to the same commune.")
ERROR_MERGED = _("This need was merged into another one: edit that one instead.")

NEED_FIELDS = ("title", "description", "pillars")


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _refuse_merged(need: Need) -> None:
    if need.merged_at is not None:
        raise ServiceError(ERROR_MERGED)


@transaction.atomic
def need_create(
    *, commune: Commune, actor, title: str, description: str = "", pillars: list[str] | None = None
) -> Need:
    need = Need(commune=commune, title=title, description=description, pillars=list(pillars or []))
    need.created_by = _actor(actor)
    need.full_clean(exclude=["commune", "created_by", "merged_into", "merged_by"])
    need.save()
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.NEED_SAVED, subject=need.title)
    return need


@transaction.atomic
def need_update(*, need: Need, actor, fields: dict, edit_version: int | None = None) -> Need:
    """Save a need's title, description and pillars; refused when someone else saved it meanwhile."""
    current = Need.objects.select_for_update().get(pk=need.pk)
    _refuse_merged(current)
    check_edit_version(current.edit_version, edit_version)
    fields = {name: value for name, value in fields.items() if name in NEED_FIELDS}
    for name, value in fields.items():
        setattr(need, name, value)
    need.full_clean(exclude=["commune", "created_by", "merged_into", "merged_by"])
    need.edit_version = current.edit_version + 1
    need.save(update_fields=[*fields, "edit_version", "updated_at"])
    activity_record(commune=need.commune, actor=actor, verb=WorkspaceActivityVerb.NEED_SAVED, subject=need.title)
    return need


@transaction.atomic
def need_delete(*, need: Need, actor) -> None:
    subject = need.title
    WorkshopIdea.objects.filter(need=need).update(need=None)
    need.delete()
    activity_record(commune=need.commune, actor=actor, verb=WorkspaceActivityVerb.NEED_DELETED, subject=subject)


def _bump(need: Need) -> None:
    """Adding or removing evidence changes the need: a form opened before must not overwrite it blindly."""
    Need.objects.filter(pk=need.pk).update(edit_version=need.edit_version + 1, updated_at=timezone.now())
    need.edit_version += 1


def _scoped(row, *, field: str, commune_id: int):
    """A cited row: it must be given and belong to the need's commune."""
    if row is None:
        raise ServiceError(ERROR_EVIDENCE_INCOMPLETE, field=field)
    if row.commune_id != commune_id:
        raise ServiceError(ERROR_EVIDENCE_OUTSIDE, field=field)
    return row


def _cite_survey(evidence: NeedEvidence, *, campaign, question, pillar: str, commune_id: int) -> None:
    """A question or a pillar of one of the commune's campaigns."""
    evidence.campaign = _scoped(campaign, field="campaign", commune_id=commune_id)
    if evidence.kind == EvidenceKind.QUESTION:
        if question is None:
            raise ServiceError(ERROR_EVIDENCE_INCOMPLETE, field="question")
        if question.questionnaire_id != campaign.questionnaire_id:
            raise ServiceError(ERROR_QUESTION_NOT_IN_CAMPAIGN, field="question")
        evidence.question = question
        return
    if pillar not in Pillar.values:
        raise ServiceError(ERROR_PILLAR_REQUIRED, field="pillar")
    evidence.pillar = pillar


@transaction.atomic
def evidence_add(
    *,
    need: Need,
    actor,
    kind: str,
    campaign: Campaign | None = None,
    question: Question | None = None,
    pillar: str = "",
    finding: Finding | None = None,
    idea: WorkshopIdea | None = None,
    objective: PstObjective | None = None,
    note: str = "",
) -> NeedEvidence:
    """Cite one piece of evidence for a need; it must come from the same commune's diagnostic.

    1. Refuse a merged need.
    2. Check the cited question, pillar, finding, idea or objective (given, of this commune).
    3. Refuse evidence the need already cites; save it and bump the need's edit version.
    """
    _refuse_merged(need)
    commune_id = need.commune_id
    evidence = NeedEvidence(need=need, kind=kind, note=note)
    rows = {
        EvidenceKind.FINDING: ("finding", finding),
        EvidenceKind.IDEA: ("idea", idea),
        EvidenceKind.OBJECTIVE: ("objective", objective),
    }
    if kind in (EvidenceKind.QUESTION, EvidenceKind.PILLAR):
        _cite_survey(evidence, campaign=campaign, question=question, pillar=pillar, commune_id=commune_id)
    elif kind in rows:
        field, row = rows[kind]
        setattr(evidence, field, _scoped(row, field=field, commune_id=commune_id))
    else:
        raise ServiceError(ERROR_EVIDENCE_INCOMPLETE, field="kind")
    if _same_evidence(need, evidence).exists():
        raise ServiceError(ERROR_EVIDENCE_EXISTS)
    evidence.save()
    _bump(need)
    activity_record(commune=need.commune, actor=actor, verb=WorkspaceActivityVerb.EVIDENCE_ADDED, subject=need.title)
    return evidence


def _same_evidence(need: Need, evidence: NeedEvidence):
    return NeedEvidence.objects.filter(
        need=need,
        kind=evidence.kind,
        campaign_id=evidence.campaign_id,
        question_id=evidence.question_id,
        pillar=evidence.pillar,
        finding_id=evidence.finding_id,
        idea_id=evidence.idea_id,
        objective_id=evidence.objective_id,
    )


@transaction.atomic
def evidence_remove(*, evidence: NeedEvidence, actor) -> None:
    need = evidence.need
    if evidence.kind == EvidenceKind.IDEA:
        WorkshopIdea.objects.filter(pk=evidence.idea_id, need=need).update(need=None)
    evidence.delete()
    _bump(need)
    activity_record(commune=need.commune, actor=actor, verb=WorkspaceActivityVerb.EVIDENCE_REMOVED, subject=need.title)


@transaction.atomic
def needs_merge(*, source: Need, target: Need, actor) -> Need:
    """Merge `source` into `target`, which keeps its title and description.

    1. Lock both needs; refuse the same need, needs of two communes, or a need already merged.
    2. Move the source's evidence to the target (evidence the target already cites is dropped).
    3. Give the target the pillars of both, and point workshop ideas kept as the source to the target.
    4. Keep the source as a trace: `merged_into`, `merged_at`, `merged_by`; it leaves the lists.
    """
    if source.pk == target.pk:
        raise ServiceError(ERROR_MERGE_SAME, field="target")
    if source.commune_id != target.commune_id:
        raise ServiceError(ERROR_MERGE_OUTSIDE, field="target")
    locked = {n.pk: n for n in Need.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    locked_source, locked_target = locked[source.pk], locked[target.pk]
    _refuse_merged(locked_source)
    if locked_target.merged_at is not None:
        raise ServiceError(ERROR_MERGED, field="target")
    for evidence in list(NeedEvidence.objects.filter(need=locked_source)):
        if _same_evidence(locked_target, evidence).exists():
            evidence.delete()
        else:
            evidence.need = locked_target
            evidence.save(update_fields=["need"])
    WorkshopIdea.objects.filter(need=locked_source).update(need=locked_target)
    Need.objects.filter(merged_into=locked_source).update(merged_into=locked_target)
    locked_target.pillars = [p for p in Pillar.values if p in set(locked_target.pillars) | set(locked_source.pillars)]
    locked_target.edit_version += 1
    locked_target.save(update_fields=["pillars", "edit_version", "updated_at"])
    locked_source.merged_into = locked_target
    locked_source.merged_at = timezone.now()
    locked_source.merged_by = _actor(actor)
    locked_source.edit_version += 1
    locked_source.save(update_fields=["merged_into", "merged_at", "merged_by", "edit_version", "updated_at"])
    activity_record(
        commune=locked_target.commune,
        actor=actor,
        verb=WorkspaceActivityVerb.NEEDS_MERGED,
        subject=f"{locked_source.title} → {locked_target.title}",
    )
    return locked_target


@transaction.atomic
def need_create_from_finding(*, finding: Finding, actor) -> Need:
    """A new need worded as the finding, citing it as evidence."""
    need = need_create(commune=finding.commune, actor=actor, title=finding.summary[:200], pillars=list(finding.pillars))
    evidence_add(need=need, actor=actor, kind=EvidenceKind.FINDING, finding=finding)
    return need
