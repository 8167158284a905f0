"""Writes for ideation workshops: the workshop, its ideas, dot votes and the referent's decisions."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from diagnostics.models import (
    EvidenceKind,
    IdeaDecision,
    Need,
    NeedEvidence,
    Workshop,
    WorkshopIdea,
    WorkspaceActivityVerb,
)
from diagnostics.models.workshops import MAX_VOTES
from diagnostics.services import needs as need_services
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError

ERROR_VOTES_RANGE = _("Dot votes are whole numbers from 0 to %(max)s.")
ERROR_VOTES_UNKNOWN_IDEA = _("The ideas of this workshop changed meanwhile: reload the page and count again.")
ERROR_NEED_OUTSIDE = _("Choose a need of this commune.")
ERROR_NEED_MERGED = _("This need was merged into another one: choose that one.")

WORKSHOP_FIELDS = ("title", "held_on", "participant_count", "participant_names", "notes")
IDEA_FIELDS = ("title", "description", "pillar")


@transaction.atomic
def workshop_create(
    *,
    commune: Commune,
    actor,
    title: str,
    held_on,
    participant_count: int | None = None,
    participant_names: str = "",
    notes: str = "",
) -> Workshop:
    workshop = Workshop(
        commune=commune,
        title=title,
        held_on=held_on,
        participant_count=participant_count,
        participant_names=participant_names,
        notes=notes,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    workshop.full_clean(exclude=["commune", "created_by"])
    workshop.save()
    activity_record(commune=commune, actor=actor, verb=WorkspaceActivityVerb.WORKSHOP_SAVED, subject=workshop.title)
    return workshop


@transaction.atomic
def workshop_update(*, workshop: Workshop, actor, fields: dict, edit_version: int | None = None) -> Workshop:
    fields = {name: value for name, value in fields.items() if name in WORKSHOP_FIELDS}
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean(exclude=["commune", "created_by"])
    edit_version_save(workshop, edit_version=edit_version, update_fields=[*fields, "updated_at"])
    activity_record(
        commune=workshop.commune, actor=actor, verb=WorkspaceActivityVerb.WORKSHOP_SAVED, subject=workshop.title
    )
    return workshop


@transaction.atomic
def workshop_delete(*, workshop: Workshop, actor) -> None:
    subject = workshop.title
    workshop.delete()
    activity_record(commune=workshop.commune, actor=actor, verb=WorkspaceActivityVerb.WORKSHOP_DELETED, subject=subject)


@transaction.atomic
def idea_create(
    *, workshop: Workshop, actor, title: str, description: str = "", pillar: str = "", votes: int = 0
) -> WorkshopIdea:
    position = (workshop.ideas.aggregate(m=Max("position"))["m"] or 0) + 1
    idea = WorkshopIdea(
        commune=workshop.commune,
        workshop=workshop,
        title=title,
        description=description,
        pillar=pillar,
        votes=votes,
        position=position,
    )
    idea.full_clean(exclude=["commune", "workshop", "need"])
    idea.save()
    activity_record(commune=workshop.commune, actor=actor, verb=WorkspaceActivityVerb.IDEA_SAVED, subject=idea.title)
    return idea


@transaction.atomic
def idea_update(*, idea: WorkshopIdea, actor, fields: dict) -> WorkshopIdea:
    """Save an idea's text (its votes are counted with the workshop's: `workshop_votes_record`)."""
    fields = {name: value for name, value in fields.items() if name in IDEA_FIELDS}
    for name, value in fields.items():
        setattr(idea, name, value)
    idea.full_clean(exclude=["commune", "workshop", "need"])
    idea.save(update_fields=list(fields))
    activity_record(commune=idea.commune, actor=actor, verb=WorkspaceActivityVerb.IDEA_SAVED, subject=idea.title)
    return idea


@transaction.atomic
def idea_edit(*, idea: WorkshopIdea, actor, fields: dict, votes: int) -> WorkshopIdea:
    """The idea's form: its text and its vote count, saved together.

    The count is compared with the stored one (a model form has already set the new one on `idea`).
    """
    idea_update(idea=idea, actor=actor, fields=fields)
    workshop_votes_record(workshop=idea.workshop, actor=actor, votes={idea.pk: votes})
    idea.votes = votes
    return idea


@transaction.atomic
def idea_delete(*, idea: WorkshopIdea, actor) -> None:
    subject = idea.title
    idea.delete()
    activity_record(commune=idea.commune, actor=actor, verb=WorkspaceActivityVerb.IDEA_DELETED, subject=subject)


@transaction.atomic
def workshop_votes_record(*, workshop: Workshop, actor, votes: dict[int, int]) -> list[WorkshopIdea]:
    """Record the dot votes counted for each idea of the workshop (all at once, as on the wall)."""
    ideas = {idea.pk: idea for idea in WorkshopIdea.objects.select_for_update().filter(workshop=workshop)}
    if set(votes) - set(ideas):
        raise ServiceError(ERROR_VOTES_UNKNOWN_IDEA)
    changed = []
    for idea_id, count in votes.items():
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_VOTES:
            raise ServiceError(ERROR_VOTES_RANGE % {"max": MAX_VOTES})
        idea = ideas[idea_id]
        if idea.votes != count:
            idea.votes = count
            changed.append(idea)
    WorkshopIdea.objects.bulk_update(changed, ["votes"])
    if changed:
        activity_record(
            commune=workshop.commune, actor=actor, verb=WorkspaceActivityVerb.VOTES_RECORDED, subject=workshop.title
        )
    return list(ideas.values())


@transaction.atomic
def idea_decide(
    *,
    idea: WorkshopIdea,
    actor,
    decision: str,
    note: str = "",
    need: Need | None = None,
) -> WorkshopIdea:
    """Record the referent's decision on an idea.

    1. "Kept as a need": link the idea to the chosen need, or to a new need worded as the idea, and
       cite the idea as the need's evidence.
    2. Any other decision: an idea previously kept as a need stops being its evidence.
    """
    previous_need_id = idea.need_id
    if decision == IdeaDecision.NEED:
        if need is None:
            need = need_services.need_create(
                commune=idea.commune,
                actor=actor,
                title=idea.title,
                description=idea.description,
                pillars=[idea.pillar] if idea.pillar else [],
            )
        elif need.commune_id != idea.commune_id:
            raise ServiceError(ERROR_NEED_OUTSIDE, field="need")
        elif need.merged_at is not None:
            raise ServiceError(ERROR_NEED_MERGED, field="need")
        if previous_need_id and previous_need_id != need.pk:
            NeedEvidence.objects.filter(need_id=previous_need_id, idea=idea).delete()
        if not NeedEvidence.objects.filter(need=need, kind=EvidenceKind.IDEA, idea=idea).exists():
            need_services.evidence_add(need=need, actor=actor, kind=EvidenceKind.IDEA, idea=idea)
        idea.need = need
    else:
        if previous_need_id:
            NeedEvidence.objects.filter(need_id=previous_need_id, idea=idea).delete()
        idea.need = None
    idea.decision = decision
    idea.decision_note = note
    idea.full_clean(exclude=["commune", "workshop", "need"])
    idea.save(update_fields=["decision", "decision_note", "need"])
    activity_record(
        commune=idea.commune,
        actor=actor,
        verb=WorkspaceActivityVerb.IDEA_DECIDED,
        subject=f"{idea.title} ({idea.get_decision_display()})",
    )
    return idea
