"""Writes for a roadmap itself: starting it, its strategy, publication, criteria and weights."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from communes.services import activity_record
from roadmaps.models import (
    DEFAULT_CRITERIA,
    MAX_WEIGHT,
    Criterion,
    CriterionKind,
    Roadmap,
    RoadmapStatus,
    RoadmapVerb,
    validate_pillars,
)
from roadmaps.services.scoring import scoring_request
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError

ERROR_ROADMAP_EXISTS = _("This commune already has a roadmap.")
ERROR_ALREADY_PUBLISHED = _("The roadmap is already published.")
ERROR_NOT_PUBLISHED = _("The roadmap is not published.")
ERROR_WEIGHT_RANGE = _("Each weight goes from 0 to 100.")
ERROR_ALL_WEIGHTS_ZERO = _("Give at least one criterion a weight above 0.")
ERROR_UNKNOWN_CRITERION = _("This criterion does not belong to the roadmap.")
ERROR_CRITERION_EXISTS = _("The roadmap already has a criterion with this name.")
ERROR_CRITERION_NAME_REQUIRED = _("Name the criterion.")
ERROR_DEFAULT_CRITERION = _("The default criteria cannot be deleted; give them a weight of 0 to ignore them.")
ERROR_BAD_PILLARS = _("Choose pillars from the list.")


@transaction.atomic
def roadmap_create(*, commune: Commune, actor) -> Roadmap:
    """Start a commune's roadmap.

    1. Refuse a second roadmap for the commune.
    2. Create it as a draft with the default criteria and weights.
    3. Record the activity.
    """
    if Roadmap.objects.filter(commune=commune).exists():
        raise ServiceError(ERROR_ROADMAP_EXISTS)
    roadmap = Roadmap.objects.create(commune=commune)
    Criterion.objects.bulk_create(
        Criterion(roadmap=roadmap, kind=kind, weight=weight, position=position)
        for position, (kind, weight) in enumerate(DEFAULT_CRITERIA, start=1)
    )
    activity_record(commune=commune, actor=actor, verb=RoadmapVerb.ROADMAP_CREATED)
    return roadmap


@transaction.atomic
def roadmap_update(
    *, roadmap: Roadmap, actor, summary: str, focus_pillars: list[str], edit_version: int | None = None
) -> Roadmap:
    try:
        validate_pillars(focus_pillars)
    except ValidationError:
        raise ServiceError(ERROR_BAD_PILLARS, field="focus_pillars") from None
    roadmap.summary = summary.strip()
    roadmap.focus_pillars = focus_pillars
    edit_version_save(roadmap, edit_version=edit_version, update_fields=["summary", "focus_pillars", "updated_at"])
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.ROADMAP_UPDATED)
    return roadmap


@transaction.atomic
def roadmap_publish(*, roadmap: Roadmap, actor) -> Roadmap:
    """Let the commune's college members read the roadmap."""
    if roadmap.status == RoadmapStatus.PUBLISHED:
        raise ServiceError(ERROR_ALREADY_PUBLISHED)
    roadmap.status = RoadmapStatus.PUBLISHED
    roadmap.published_at = timezone.now()
    roadmap.published_by = actor
    roadmap.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.ROADMAP_PUBLISHED)
    return roadmap


@transaction.atomic
def roadmap_unpublish(*, roadmap: Roadmap, actor) -> Roadmap:
    if roadmap.status != RoadmapStatus.PUBLISHED:
        raise ServiceError(ERROR_NOT_PUBLISHED)
    roadmap.status = RoadmapStatus.DRAFT
    roadmap.save(update_fields=["status", "updated_at"])
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.ROADMAP_UNPUBLISHED)
    return roadmap


def check_weights(weights: dict[int, int]) -> None:
    """The rules every set of weights follows (also used by the what-if preview)."""
    if any(not isinstance(w, int) or not 0 <= w <= MAX_WEIGHT for w in weights.values()):
        raise ServiceError(ERROR_WEIGHT_RANGE)
    if not any(weights.values()):
        raise ServiceError(ERROR_ALL_WEIGHTS_ZERO)


@transaction.atomic
def criteria_weights_update(*, roadmap: Roadmap, actor, weights: dict[int, int]) -> list[Criterion]:
    """Change the weights of the roadmap's criteria (criterion id → weight) and score again.

    1. Refuse unknown criteria, weights outside 0–100 and all-zero weights.
    2. Save the weights that changed; when any did, request new scores and record the activity.
    """
    criteria = {c.pk: c for c in Criterion.objects.filter(roadmap=roadmap)}
    if set(weights) - set(criteria):
        raise ServiceError(ERROR_UNKNOWN_CRITERION)
    check_weights({pk: weights.get(pk, c.weight) for pk, c in criteria.items()})
    changed = [c for pk, c in criteria.items() if pk in weights and weights[pk] != c.weight]
    for criterion in changed:
        criterion.weight = weights[criterion.pk]
    if changed:
        Criterion.objects.bulk_update(changed, ["weight"])
        scoring_request(roadmap_id=roadmap.pk)
        activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.WEIGHTS_CHANGED)
    return sorted(criteria.values(), key=lambda c: (c.position, c.pk))


def _criterion_names(criteria: list[Criterion]) -> set[str]:
    """The criteria's names in every language of the portal: a default one is the same in French or English."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names |= {c.name.casefold() for c in criteria}
    return names


@transaction.atomic
def criterion_create(*, roadmap: Roadmap, actor, label: str, description: str = "", weight: int) -> Criterion:
    """Add the referent's own criterion (e.g. return on investment, mutualisation potential)."""
    label = label.strip()
    if not label:
        raise ServiceError(ERROR_CRITERION_NAME_REQUIRED, field="label")
    if not 0 <= weight <= MAX_WEIGHT:
        raise ServiceError(ERROR_WEIGHT_RANGE, field="weight")
    if label.casefold() in _criterion_names(list(Criterion.objects.filter(roadmap=roadmap))):
        raise ServiceError(ERROR_CRITERION_EXISTS, field="label")
    position = (Criterion.objects.filter(roadmap=roadmap).aggregate(m=Max("position"))["m"] or 0) + 1
    criterion = Criterion.objects.create(
        roadmap=roadmap,
        kind=CriterionKind.CUSTOM,
        label=label,
        description=description.strip(),
        weight=weight,
        position=position,
    )
    scoring_request(roadmap_id=roadmap.pk)
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.CRITERION_ADDED, subject=label)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor) -> None:
    """Delete one of the referent's own criteria and its marks; the default ones stay."""
    if criterion.is_default:
        raise ServiceError(ERROR_DEFAULT_CRITERION)
    roadmap = criterion.roadmap
    remaining = {c.pk: c.weight for c in Criterion.objects.filter(roadmap=roadmap).exclude(pk=criterion.pk)}
    if not any(remaining.values()):
        raise ServiceError(ERROR_ALL_WEIGHTS_ZERO)
    name = criterion.name
    criterion.delete()
    scoring_request(roadmap_id=roadmap.pk)
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.CRITERION_DELETED, subject=name)
