"""Writes for project sheets: the sheet, its horizon, marks, prerequisites and comments."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communes.services import activity_record
from diagnostics.selectors.workshops import idea_of_commune
from roadmaps import graph, links
from roadmaps.models import (
    HORIZON_RANK,
    Comment,
    Criterion,
    Horizon,
    Mark,
    Prerequisite,
    ProjectSheet,
    ProjectTemplate,
    Roadmap,
    RoadmapVerb,
    SheetStatus,
    horizon_rank,
)
from roadmaps.services.scoring import scoring_request
from smartregion.errors import ServiceError

# Fields a person edits on the sheet form; the service refuses anything else.
SHEET_FIELDS = (
    "title",
    "summary",
    "objectives",
    "pillars",
    "function_category",
    "pst_objectives_text",
    "needs_text",
    "people_involved",
    "skills_needed",
    "investment",
    "running_cost",
    "staff_days",
    "funding",
    "feasibility",
    "resources_available",
    "resources_needed",
    "impact",
    "risks",
    "status",
    "horizon",
    "roi_years",
    "yearly_financial_gains",
    "socio_economic_value",
    "yearly_socio_economic_value",
)

# Links to the commune's diagnostic, set apart from the fields: name → choices of the commune.
SHEET_LINKS = {
    "pst_objectives": links.objective_choices,
    "needs": links.need_choices,
    "exchanges_with": links.system_choices,
}

ERROR_SHEET_CONFLICT = _(
    "Someone else saved this sheet while you were editing it. Nothing of yours was lost: your input is "
    "below, next to what is saved now. Check the differences and save again to keep your version."
)
ERROR_UNKNOWN_FIELD = _("This field cannot be changed here.")
ERROR_CYCLE = _("This would make prerequisites go round in a circle: %(cycle)s. Remove one of these links first.")
ERROR_HORIZON_ORDER = _(
    "“%(sheet)s” cannot be planned for %(sheet_horizon)s because its prerequisite “%(prerequisite)s” "
    "is planned for %(prerequisite_horizon)s."
)
ERROR_SELF_PREREQUISITE = _("A sheet cannot be its own prerequisite.")
ERROR_OTHER_ROADMAP = _("Prerequisites must be sheets of the same roadmap.")
ERROR_PREREQUISITE_EXISTS = _("This prerequisite is already recorded.")
ERROR_MARK_RANGE = _("Marks go from 1 to 5.")
ERROR_UNKNOWN_CRITERION = _("This criterion does not belong to the roadmap.")
ERROR_EMPTY_COMMENT = _("Write something before sending.")
ERROR_TEMPLATE_UNKNOWN = _("This template does not exist.")
ERROR_LINK_OUTSIDE = _("Choose among the objectives, needs and systems of the commune's own diagnostic.")
ERROR_IDEA_UNKNOWN = _(
    "This workshop idea is not one of the commune's ideas, so no project sheet can be started from it."
)
ERROR_IDEA_NOT_CANDIDATE = _(
    "The idea “%(idea)s” is not a project-sheet candidate. In its workshop, the referent can decide to turn "
    "it into one."
)
ERROR_IDEA_USED = _("A project sheet was already started from the idea “%(idea)s”: “%(sheet)s”.")

# Horizons as they read inside a sentence.
HORIZON_PHRASES = {
    Horizon.SHORT: _("the short term (year 1)"),
    Horizon.MEDIUM: _("the medium term (years 2–3)"),
    Horizon.LONG: _("the long term (years 4–6)"),
}


class SheetConflict(ServiceError):
    """The sheet changed since the person opened the form; `current` is the sheet as saved now."""

    def __init__(self, current: ProjectSheet):
        super().__init__(ERROR_SHEET_CONFLICT)
        self.current = current


@dataclass
class _RoadmapGraph:
    titles: dict[int, str]
    ranks: dict[int, int | None]
    done: set[int]
    requires: dict[int, set[int]]


def _roadmap_graph(roadmap_id: int) -> _RoadmapGraph:
    titles, ranks, done = {}, {}, set()
    for pk, title, horizon, status in ProjectSheet.objects.filter(roadmap_id=roadmap_id).values_list(
        "pk", "title", "horizon", "status"
    ):
        titles[pk], ranks[pk] = title, horizon_rank(horizon)
        if status == SheetStatus.DONE:
            done.add(pk)
    requires: dict[int, set[int]] = defaultdict(set)
    for sheet_id, required_id in Prerequisite.objects.filter(sheet__roadmap_id=roadmap_id).values_list(
        "sheet_id", "required_id"
    ):
        requires[sheet_id].add(required_id)
    return _RoadmapGraph(titles, ranks, done, requires)


def lock_roadmap(roadmap_id: int) -> None:
    """Serialise changes of a roadmap's graph (two people adding opposite links at once)."""
    list(Roadmap.objects.select_for_update().filter(pk=roadmap_id).values_list("pk"))


def _check_horizons(state: _RoadmapGraph, involved: set[int]) -> None:
    """Refuse when a sheet of `involved` (or one of its neighbours) would come before a prerequisite."""
    by_rank = {rank: horizon for horizon, rank in HORIZON_RANK.items()}
    for conflict in graph.horizon_conflicts(state.requires, state.ranks, satisfied=state.done):
        if conflict.sheet in involved or conflict.prerequisite in involved:
            raise ServiceError(
                ERROR_HORIZON_ORDER
                % {
                    "sheet": state.titles[conflict.sheet],
                    "sheet_horizon": HORIZON_PHRASES[by_rank[conflict.sheet_rank]],
                    "prerequisite": state.titles[conflict.prerequisite],
                    "prerequisite_horizon": HORIZON_PHRASES[by_rank[conflict.prerequisite_rank]],
                },
                field="horizon",
            )


def _check_cycle(state: _RoadmapGraph, sheet_id: int, required_id: int) -> None:
    cycle = graph.cycle_if_added(state.requires, sheet_id, required_id)
    if cycle:
        names = " → ".join(f"“{state.titles[pk]}”" for pk in cycle)
        raise ServiceError(ERROR_CYCLE % {"cycle": names}, field="required")


def _validate(sheet: ProjectSheet, fields) -> None:
    try:
        sheet.full_clean(exclude=[f.name for f in sheet._meta.fields if f.name not in fields])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(messages[0], field=None if field == "__all__" else field) from None


def template_initial(template: ProjectTemplate) -> dict:
    """A new sheet's fields taken from a template, in the active language."""
    return {
        "title": template.title,
        "summary": template.summary,
        "objectives": template.objectives,
        "pillars": list(template.pillars),
        "function_category": template.function_category,
        "skills_needed": list(template.skills_needed),
        "investment": template.typical_investment,
        "running_cost": template.typical_running_cost,
        "staff_days": template.typical_staff_days,
    }


def idea_initial(idea: dict) -> dict:
    """A new sheet's fields taken from a workshop idea (as given by origin_idea_check)."""
    return {
        "title": idea["title"],
        "summary": idea["description"],
        "pillars": [idea["pillar"]] if idea["pillar"] else [],
    }


def origin_idea_check(*, roadmap: Roadmap, idea_id) -> dict:
    """The workshop idea a new sheet may start from, as plain data; ServiceError (field "idea") otherwise.

    Refused: an id that is not one of the commune's ideas (unknown, malformed or another commune's, all
    alike), an idea the referent did not make a project-sheet candidate, an idea that already has its sheet.
    """
    try:
        pk = int(idea_id)
    except (TypeError, ValueError):
        pk = 0
    idea = idea_of_commune(roadmap.commune, pk) if pk > 0 else None
    if idea is None:
        raise ServiceError(ERROR_IDEA_UNKNOWN, field="idea")
    if not idea["is_candidate"]:
        raise ServiceError(ERROR_IDEA_NOT_CANDIDATE % {"idea": idea["title"]}, field="idea")
    sheet_title = ProjectSheet.objects.filter(origin_idea_id=pk).values_list("title", flat=True).first()
    if sheet_title is not None:
        raise ServiceError(ERROR_IDEA_USED % {"idea": idea["title"], "sheet": sheet_title}, field="idea")
    return idea


def _check_links(commune, sheet_links: dict) -> dict[str, list[int]]:
    """The ids of each link, refused unless they are all the commune's own."""
    if set(sheet_links) - set(SHEET_LINKS):
        raise ServiceError(ERROR_UNKNOWN_FIELD)
    checked = {}
    for name, objects in sheet_links.items():
        ids = sorted({getattr(o, "pk", o) for o in objects})
        if len(ids) != SHEET_LINKS[name](commune).filter(pk__in=ids).count():
            raise ServiceError(ERROR_LINK_OUTSIDE, field=name)
        checked[name] = ids
    return checked


def _set_links(sheet: ProjectSheet, checked: dict[str, list[int]]) -> None:
    for name, ids in checked.items():
        getattr(sheet, name).set(ids)


@transaction.atomic
def sheet_create(
    *,
    roadmap: Roadmap,
    actor,
    fields: dict,
    template: ProjectTemplate | None = None,
    links: dict | None = None,
    origin_idea_id: int | None = None,
) -> ProjectSheet:
    """Create a project sheet, possibly from a template or from a workshop idea.

    1. Validate the fields and the links to the diagnostic (the commune's own objectives, needs, systems).
    2. From a workshop idea: under the roadmap's lock (two people starting from the same idea at once),
       refuse an idea that is not a candidate of the commune or already has its sheet.
    3. Create the sheet and its links; the sheet keeps the idea it comes from.
    4. From a template: link the roadmap's sheets made from its default prerequisites as prerequisites,
       and the sheets whose templates need this one as dependents; refuse cycles and horizon conflicts.
    5. Request new scores (the sheet joins the ranking) and record the activity.
    """
    if set(fields) - set(SHEET_FIELDS):
        raise ServiceError(ERROR_UNKNOWN_FIELD)
    sheet = ProjectSheet(roadmap=roadmap, template=template, created_by=actor, updated_by=actor, **fields)
    _validate(sheet, fields)
    checked = _check_links(roadmap.commune, links or {})
    lock_roadmap(roadmap.pk)
    if origin_idea_id is not None:
        sheet.origin_idea_id = origin_idea_check(roadmap=roadmap, idea_id=origin_idea_id)["id"]
    sheet.save()
    _set_links(sheet, checked)
    if template is not None:
        _link_template_prerequisites(sheet, template)
    scoring_request(roadmap_id=roadmap.pk)
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_CREATED, subject=sheet.title)
    return sheet


def _link_template_prerequisites(sheet: ProjectSheet, template: ProjectTemplate) -> None:
    needs = set(template.default_prerequisites.values_list("pk", flat=True))
    unlocks = set(template.unlocks.values_list("pk", flat=True))
    others = ProjectSheet.objects.filter(roadmap_id=sheet.roadmap_id, template__isnull=False).exclude(pk=sheet.pk)
    state = _roadmap_graph(sheet.roadmap_id)
    links = []
    for other_id, other_template in others.values_list("pk", "template_id"):
        if other_template in needs:
            links.append((sheet.pk, other_id))
        if other_template in unlocks:
            links.append((other_id, sheet.pk))
    for dependent, required in links:
        _check_cycle(state, dependent, required)
        state.requires.setdefault(dependent, set()).add(required)
    _check_horizons(state, {sheet.pk})
    Prerequisite.objects.bulk_create(Prerequisite(sheet_id=d, required_id=r) for d, r in links)


@transaction.atomic
def sheet_update(
    *, sheet: ProjectSheet, actor, fields: dict, expected_version: int, links: dict | None = None
) -> ProjectSheet:
    """Save a sheet unless someone else saved it since `expected_version` (optimistic concurrency).

    1. Validate the fields, the links to the diagnostic and, when the horizon changes, the order of
       prerequisites.
    2. Write with a conditional UPDATE on the version; when it matches nothing, raise SheetConflict
       carrying the sheet as saved now, so the form can show both versions.
    3. Replace the links given, and record the activity.
    """
    if set(fields) - set(SHEET_FIELDS):
        raise ServiceError(ERROR_UNKNOWN_FIELD)
    candidate = ProjectSheet.objects.get(pk=sheet.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    _validate(candidate, fields)
    checked = _check_links(sheet.roadmap.commune, links or {})
    if "horizon" in fields or "status" in fields:
        lock_roadmap(sheet.roadmap_id)
        state = _roadmap_graph(sheet.roadmap_id)
        state.ranks[sheet.pk] = horizon_rank(candidate.horizon)
        state.done.discard(sheet.pk)
        if candidate.status == SheetStatus.DONE:
            state.done.add(sheet.pk)
        _check_horizons(state, {sheet.pk})
    updated = ProjectSheet.objects.filter(pk=sheet.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    if not updated:
        raise SheetConflict(ProjectSheet.objects.select_related("updated_by").get(pk=sheet.pk))
    sheet.refresh_from_db()
    _set_links(sheet, checked)
    activity_record(commune=sheet.roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_UPDATED, subject=sheet.title)
    return sheet


@transaction.atomic
def sheet_set_horizon(*, sheet: ProjectSheet, actor, horizon: str) -> ProjectSheet:
    """Move a sheet to a horizon ("" takes it out of the plan), refusing to put it before a prerequisite."""
    if horizon and horizon not in Horizon.values:
        raise ServiceError(ERROR_UNKNOWN_FIELD, field="horizon")
    lock_roadmap(sheet.roadmap_id)
    state = _roadmap_graph(sheet.roadmap_id)
    state.ranks[sheet.pk] = horizon_rank(horizon)
    _check_horizons(state, {sheet.pk})
    ProjectSheet.objects.filter(pk=sheet.pk).update(
        horizon=horizon, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    sheet.refresh_from_db()
    activity_record(commune=sheet.roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_UPDATED, subject=sheet.title)
    return sheet


@transaction.atomic
def sheet_delete(*, sheet: ProjectSheet, actor) -> None:
    """Delete a sheet with its marks, links and comments; its dependents lose it as a prerequisite."""
    roadmap = sheet.roadmap
    title = sheet.title
    # Bumping the version first takes the roadmap's row lock, so a scoring task never sees half of it.
    scoring_request(roadmap_id=roadmap.pk)
    sheet.delete()
    activity_record(commune=roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_DELETED, subject=title)


@transaction.atomic
def sheet_marks_update(*, sheet: ProjectSheet, actor, marks: dict[int, int | None]) -> dict[int, int]:
    """Set the sheet's marks (criterion id → 1–5, or None to remove) and request new scores if any changed."""
    criteria = set(Criterion.objects.filter(roadmap_id=sheet.roadmap_id).values_list("pk", flat=True))
    if set(marks) - criteria:
        raise ServiceError(ERROR_UNKNOWN_CRITERION)
    if any(v is not None and (not isinstance(v, int) or not 1 <= v <= 5) for v in marks.values()):
        raise ServiceError(ERROR_MARK_RANGE)
    existing = {m.criterion_id: m for m in Mark.objects.filter(sheet=sheet)}
    to_create, to_update, to_delete = [], [], []
    for criterion_id, value in marks.items():
        mark = existing.get(criterion_id)
        if value is None:
            if mark is not None:
                to_delete.append(mark.pk)
        elif mark is None:
            to_create.append(Mark(sheet=sheet, criterion_id=criterion_id, value=value))
        elif mark.value != value:
            mark.value = value
            to_update.append(mark)
    if to_create or to_update or to_delete:
        Mark.objects.filter(pk__in=to_delete).delete()
        Mark.objects.bulk_create(to_create)
        Mark.objects.bulk_update(to_update, ["value"])
        scoring_request(roadmap_id=sheet.roadmap_id)
        activity_record(commune=sheet.roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_MARKED, subject=sheet.title)
    return dict(Mark.objects.filter(sheet=sheet).values_list("criterion_id", "value"))


@transaction.atomic
def prerequisite_add(*, sheet: ProjectSheet, actor, required: ProjectSheet) -> Prerequisite:
    """Record that `sheet` needs `required` first.

    1. Lock the roadmap so that two people cannot close a cycle together.
    2. Refuse a link to itself, to another roadmap's sheet, or one already recorded.
    3. Refuse a cycle, naming the sheets in it, and a sheet planned before its prerequisite.
    """
    if required.pk == sheet.pk:
        raise ServiceError(ERROR_SELF_PREREQUISITE, field="required")
    if required.roadmap_id != sheet.roadmap_id:
        raise ServiceError(ERROR_OTHER_ROADMAP, field="required")
    lock_roadmap(sheet.roadmap_id)
    if Prerequisite.objects.filter(sheet=sheet, required=required).exists():
        raise ServiceError(ERROR_PREREQUISITE_EXISTS, field="required")
    state = _roadmap_graph(sheet.roadmap_id)
    _check_cycle(state, sheet.pk, required.pk)
    state.requires.setdefault(sheet.pk, set()).add(required.pk)
    _check_horizons(state, {sheet.pk, required.pk})
    link = Prerequisite.objects.create(sheet=sheet, required=required)
    activity_record(
        commune=sheet.roadmap.commune,
        actor=actor,
        verb=RoadmapVerb.PREREQUISITE_ADDED,
        subject=f"{sheet.title} ← {required.title}",
    )
    return link


@transaction.atomic
def prerequisite_remove(*, sheet: ProjectSheet, actor, required: ProjectSheet) -> None:
    deleted, _details = Prerequisite.objects.filter(sheet=sheet, required=required).delete()
    if deleted:
        activity_record(
            commune=sheet.roadmap.commune,
            actor=actor,
            verb=RoadmapVerb.PREREQUISITE_REMOVED,
            subject=f"{sheet.title} ← {required.title}",
        )


@transaction.atomic
def comment_create(*, sheet: ProjectSheet, actor, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ServiceError(ERROR_EMPTY_COMMENT, field="body")
    comment = Comment.objects.create(sheet=sheet, author=actor, body=body)
    activity_record(commune=sheet.roadmap.commune, actor=actor, verb=RoadmapVerb.SHEET_COMMENTED, subject=sheet.title)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor) -> None:
    sheet = comment.sheet
    comment.delete()
    activity_record(commune=sheet.roadmap.commune, actor=actor, verb=RoadmapVerb.COMMENT_DELETED, subject=sheet.title)
