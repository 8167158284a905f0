"""Writes for interviews, their participants and the findings drawn from them."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.models import (
    Finding,
    Interview,
    InterviewParticipant,
    ParticipantGroup,
    PstObjective,
    WorkspaceActivityVerb,
)
from diagnostics.models.interviews import MAX_PARTICIPANTS, MIN_PARTICIPANTS
from diagnostics.selectors.interviews import interviewer_candidates
from diagnostics.services.workspace import check_edit_version
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError

ERROR_PARTICIPANT_COUNT = _(
    "An interview brings together one to three people: give at least one participant and no more than three."
)
ERROR_PARTICIPANT_GROUP = _("Choose the group of each participant.")
ERROR_OBJECTIVE_OUTSIDE = _("Choose an objective of this commune's PST.")
ERROR_INTERVIEWER_OUTSIDE = _("Interviewers with an account are the commune's staff or the territory's referents.")

INTERVIEW_FIELDS = ("topic", "held_on", "start_time", "duration_minutes", "status", "interviewers", "notes")
FINDING_FIELDS = ("kind", "summary", "details", "pillars", "objective")


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    function: str = ""
    group: str = ParticipantGroup.OTHER


def _clean_participants(participants: list[ParticipantInput]) -> list[ParticipantInput]:
    kept = [p for p in participants if p.name.strip()]
    if not MIN_PARTICIPANTS <= len(kept) <= MAX_PARTICIPANTS:
        raise ServiceError(ERROR_PARTICIPANT_COUNT, field="participants")
    if any(p.group not in ParticipantGroup.values for p in kept):
        raise ServiceError(ERROR_PARTICIPANT_GROUP, field="participants")
    return kept


def _check_interviewers(commune: Commune, users) -> None:
    """Interviewers with an account are the commune's staff or referents of its territory."""
    ids = {u.pk for u in users}
    if not ids:
        return
    allowed = set(interviewer_candidates(commune).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise ServiceError(ERROR_INTERVIEWER_OUTSIDE, field="interviewer_users")


def _save_participants(interview: Interview, participants: list[ParticipantInput]) -> None:
    interview.participants.all().delete()
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(
            interview=interview, name=p.name.strip(), function=p.function.strip(), group=p.group, position=i
        )
        for i, p in enumerate(participants)
    )


def _public_subject(item) -> str:
    """What the commune's activity feed, read by Collège members too, may say of an interview or a finding.

    Never a finding's summary nor an interview's topic: those stay private until the referent publishes.
    """
    if isinstance(item, Interview):
        return item.held_on.isoformat()
    return str(item.get_kind_display())


@transaction.atomic
def interview_create(
    *,
    commune: Commune,
    actor,
    held_on,
    participants: list[ParticipantInput],
    topic: str = "",
    start_time=None,
    duration_minutes: int = 60,
    status: str = "planned",
    interviewers: str = "",
    interviewer_users=(),
    notes: str = "",
) -> Interview:
    participants = _clean_participants(participants)
    _check_interviewers(commune, interviewer_users)
    interview = Interview(
        commune=commune,
        topic=topic,
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        status=status,
        interviewers=interviewers,
        notes=notes,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    interview.full_clean(exclude=["commune", "created_by"])
    interview.save()
    interview.interviewer_users.set(interviewer_users)
    _save_participants(interview, participants)
    activity_record(
        commune=commune, actor=actor, verb=WorkspaceActivityVerb.INTERVIEW_PLANNED, subject=_public_subject(interview)
    )
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    actor,
    fields: dict,
    participants: list[ParticipantInput] | None = None,
    interviewer_users=None,
    edit_version: int | None = None,
) -> Interview:
    """Save an interview; a save built on an older version (someone else saved meanwhile) is refused."""
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    check_edit_version(current.edit_version, edit_version)
    if participants is not None:
        participants = _clean_participants(participants)
    if interviewer_users is not None:
        _check_interviewers(interview.commune, interviewer_users)
    fields = {name: value for name, value in fields.items() if name in INTERVIEW_FIELDS}
    for name, value in fields.items():
        setattr(interview, name, value)
    interview.full_clean(exclude=["commune", "created_by"])
    interview.edit_version = current.edit_version + 1
    interview.save(update_fields=[*fields, "edit_version", "updated_at"])
    if interviewer_users is not None:
        interview.interviewer_users.set(interviewer_users)
    if participants is not None:
        _save_participants(interview, participants)
    activity_record(
        commune=interview.commune,
        actor=actor,
        verb=WorkspaceActivityVerb.INTERVIEW_UPDATED,
        subject=_public_subject(interview),
    )
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview, actor) -> None:
    subject = _public_subject(interview)
    interview.delete()
    activity_record(
        commune=interview.commune, actor=actor, verb=WorkspaceActivityVerb.INTERVIEW_DELETED, subject=subject
    )


# Findings -----------------------------------------------------------------------------------------


def _check_objective(commune: Commune, objective: PstObjective | None) -> None:
    if objective is not None and objective.commune_id != commune.pk:
        raise ServiceError(ERROR_OBJECTIVE_OUTSIDE, field="objective")


@transaction.atomic
def finding_create(
    *,
    interview: Interview,
    actor,
    kind: str,
    summary: str,
    details: str = "",
    pillars: list[str] | None = None,
    objective: PstObjective | None = None,
) -> Finding:
    _check_objective(interview.commune, objective)
    position = (interview.findings.aggregate(m=Max("position"))["m"] or 0) + 1
    finding = Finding(
        commune=interview.commune,
        interview=interview,
        kind=kind,
        summary=summary,
        details=details,
        pillars=list(pillars or []),
        objective=objective,
        position=position,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    finding.full_clean(exclude=["commune", "interview", "objective", "created_by"])
    finding.save()
    activity_record(
        commune=interview.commune,
        actor=actor,
        verb=WorkspaceActivityVerb.FINDING_SAVED,
        subject=_public_subject(finding),
    )
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor, fields: dict, edit_version: int | None = None) -> Finding:
    fields = {name: value for name, value in fields.items() if name in FINDING_FIELDS}
    _check_objective(finding.commune, fields.get("objective"))
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.full_clean(exclude=["commune", "interview", "objective", "created_by"])
    edit_version_save(finding, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    activity_record(
        commune=finding.commune, actor=actor, verb=WorkspaceActivityVerb.FINDING_SAVED, subject=_public_subject(finding)
    )
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor) -> None:
    subject = _public_subject(finding)
    finding.delete()
    activity_record(commune=finding.commune, actor=actor, verb=WorkspaceActivityVerb.FINDING_DELETED, subject=subject)


@transaction.atomic
def finding_set_published(*, finding: Finding, actor, published: bool) -> Finding:
    """Let the Collège read a finding (its summary, kind, pillars and objective), or withdraw it."""
    if finding.published == published:
        return finding
    finding.published = published
    finding.save(update_fields=["published", "updated_at"])
    verb = WorkspaceActivityVerb.FINDING_PUBLISHED if published else WorkspaceActivityVerb.FINDING_UNPUBLISHED
    activity_record(commune=finding.commune, actor=actor, verb=verb, subject=_public_subject(finding))
    return finding
