"""Changing projects: start one, answer its checklists, close its phases, add what it holds (team, risks,
milestones, meetings, indicators and their values, budget entries), ask for its evaluation report.

Every service takes `actor=` and writes the audit trail (communes.services.audit_record). Rules refused
raise ServiceError with a translated message and the field it belongs to; nothing is saved then.
"""

import datetime
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from communes.models import Commune, Territory
from communes.services import audit_changes, audit_record
from projects.models import (
    BudgetEntry,
    ChecklistTemplateItem,
    EvaluationReport,
    EvaluationStatus,
    Indicator,
    IndicatorValue,
    PhaseClosure,
    Project,
    ProjectChecklistItem,
    ProjectMilestone,
    ProjectPhase,
    ProjectsVerb,
    Risk,
    SteeringMeeting,
    TeamMember,
    evaluation_pdf_path,
)
from projects.selectors import people_of
from roadmaps.models import ProjectSheet, SheetStatus
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError
from smartregion.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

PHASES = [ProjectPhase.PREREQUISITES, ProjectPhase.PLANNING, ProjectPhase.EXECUTION, ProjectPhase.EVALUATION]

ERROR_OUT_OF_ORDER = gettext_lazy("Phases close in order: close the current phase first.")
ERROR_REASON = gettext_lazy("Some required items are still open: say why the phase closes anyway.")
ERROR_CLOSED_PHASE = gettext_lazy("This phase is closed; its checklist can no longer change.")
ERROR_NEGATIVE = gettext_lazy("Enter an amount of zero or more.")
ERROR_DATES = gettext_lazy("The end date cannot come before the start date.")
ERROR_FUTURE = gettext_lazy("This date cannot be in the future.")
ERROR_DATE_MISSING = gettext_lazy("Give the date.")
ERROR_IN_PROGRESS = gettext_lazy("A version of this report is already being prepared: wait for it.")
ERROR_LANGUAGE = gettext_lazy("Choose one of the languages offered.")


# Starting a project ---------------------------------------------------------------------------------


def checklist_items_for(territory: Territory) -> list[ChecklistTemplateItem]:
    """The territory's own checklist items when it adapted them, else the portal's default set."""
    own = list(ChecklistTemplateItem.objects.filter(territory=territory))
    return own or list(ChecklistTemplateItem.objects.filter(territory__isnull=True))


def _checklist_source(items: list[ChecklistTemplateItem]) -> str:
    """A code, read by `Project.checklist_source_label` in the reader's language."""
    if items and items[0].territory_id:
        return f"territory:{timezone.localdate().isoformat()}"
    return "default"


def _copy_sheet(project: Project, sheet: ProjectSheet) -> None:
    project.summary = sheet.summary
    project.objectives = sheet.objectives
    project.planned_investment = sheet.investment
    project.planned_running_cost = sheet.running_cost


@transaction.atomic
def start_project(*, actor, commune: Commune, sheet: ProjectSheet | None = None, title: str = "") -> Project:
    """Start a project of `commune`, from one of its sheets (which it then marks "in progress") or from nothing.

    1. Refuse a sheet of another commune, a sheet that already has a project, a project without a title.
    2. Copy the sheet's starting point (summary, objectives, planned investment and running cost).
    3. Copy the checklists of the territory (or the default set): the project keeps that version.
    4. Mark the sheet in progress and record the activity.
    """
    if sheet is not None:
        if sheet.roadmap.commune_id != commune.pk:
            raise ServiceError(gettext("This project sheet belongs to another commune."), field="sheet")
        if Project.objects.filter(sheet=sheet).exists():
            raise ServiceError(gettext("A project was already started from this sheet."), field="sheet")
    title = (title or "").strip() or (sheet.title if sheet is not None else "")
    if not title:
        raise ServiceError(gettext("Give the project a title."), field="title")
    project = Project(commune=commune, sheet=sheet, title=title[:200], start_date=timezone.localdate())
    if sheet is not None:
        _copy_sheet(project, sheet)
    items = checklist_items_for(commune.territory)
    project.checklist_source = _checklist_source(items)
    project.save()
    ProjectChecklistItem.objects.bulk_create(
        ProjectChecklistItem(
            project=project,
            phase=item.phase,
            position=item.position,
            kind=item.kind,
            required=item.required,
            text_fr=item.text_fr,
            text_en=item.text_en,
        )
        for item in items
    )
    if sheet is not None and sheet.status in (SheetStatus.PROPOSED, SheetStatus.VALIDATED, SheetStatus.ON_HOLD):
        ProjectSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.IN_PROGRESS, updated_at=timezone.now())
    audit_record(actor=actor, commune=commune, verb=ProjectsVerb.PROJECT_STARTED, subject=project.title)
    return project


# Plain values --------------------------------------------------------------------------------------


def _decimal(value, *, field: str = "value") -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError(gettext("Enter a number."), field=field) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ServiceError(gettext("Enter a number."), field=field)
    return number.quantize(Decimal("0.01"))


def _amount(value, *, field: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    number = _decimal(value, field=field)
    if number < 0:
        raise ServiceError(ERROR_NEGATIVE, field=field)
    return number


def _not_future(day: datetime.date | None, *, field: str) -> None:
    if day is None:
        raise ServiceError(ERROR_DATE_MISSING, field=field)
    if day > timezone.localdate():
        raise ServiceError(ERROR_FUTURE, field=field)


# The project itself --------------------------------------------------------------------------------

PROJECT_FIELDS = (
    "title",
    "summary",
    "objectives",
    "scope",
    "planned_investment",
    "planned_running_cost",
    "start_date",
    "end_date",
    "results",
    "lessons_learned",
    "sustainability",
)


@transaction.atomic
def project_update(*, actor, project: Project, values: dict, edit_version: int | None = None) -> Project:
    """Change the project's own fields (`PROJECT_FIELDS`): amounts zero or more, dates in order, a title.

    EditConflict when someone saved the project since `edit_version` was read (smartregion.concurrency).
    """
    values = {name: values[name] for name in PROJECT_FIELDS if name in values}
    if "title" in values and not str(values["title"] or "").strip():
        raise ServiceError(gettext("Give the project a title."), field="title")
    for name in ("planned_investment", "planned_running_cost"):
        if name in values:
            values[name] = _amount(values[name], field=name)
    start = values.get("start_date", project.start_date)
    end = values.get("end_date", project.end_date)
    if start and end and end < start:
        raise ServiceError(ERROR_DATES, field="end_date")
    for name, value in values.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    edit_version_save(project, edit_version=edit_version, update_fields=[*values, "updated_at"])
    audit_record(actor=actor, commune=project.commune, verb=ProjectsVerb.PROJECT_UPDATED, subject=project.title)
    return project


# Checklists and phases -----------------------------------------------------------------------------


def _is_closed(project: Project, phase: str) -> bool:
    if project.phase == ProjectPhase.CLOSED:
        return True
    return PHASES.index(phase) < PHASES.index(project.phase)


@transaction.atomic
def checklist_answer(*, actor, item: ProjectChecklistItem, done: bool, answer: str = "") -> ProjectChecklistItem:
    """Tick an item or answer its question (an answered question counts as done); refused once its phase closed."""
    project = item.project
    if _is_closed(project, item.phase):
        raise ServiceError(ERROR_CLOSED_PHASE, field="answer")
    item.answer = (answer or "").strip()[:4000]
    item.done = bool(done) or bool(item.answer)
    item.answered_by = actor if item.done else None
    item.answered_at = timezone.now() if item.done else None
    item.save(update_fields=["answer", "done", "answered_by", "answered_at"])
    audit_record(actor=actor, commune=project.commune, verb=ProjectsVerb.CHECKLIST_ANSWERED, subject=project.title)
    return item


def open_required_items(project: Project, phase: str) -> int:
    return ProjectChecklistItem.objects.filter(project=project, phase=phase, required=True, done=False).count()


@transaction.atomic
def phase_close(*, actor, project: Project, phase: str, reason: str = "") -> PhaseClosure:
    """Close `phase` of the project, which must be its current phase.

    1. Refuse a phase that is not the current one (phases close in order).
    2. With required items still open, a reason is needed; it stays on record with the count.
    3. Move the project to the next phase; closing the evaluation ends the project and marks its sheet done.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if phase not in PHASES or locked.phase != phase:
        raise ServiceError(ERROR_OUT_OF_ORDER, field="phase")
    still_open = open_required_items(locked, phase)
    reason = (reason or "").strip()
    if still_open and not reason:
        raise ServiceError(ERROR_REASON, field="reason")
    closure = PhaseClosure.objects.create(
        project=locked, phase=phase, closed_by=actor, open_items=still_open, reason=reason[:2000]
    )
    index = PHASES.index(phase)
    project.phase = PHASES[index + 1] if index + 1 < len(PHASES) else ProjectPhase.CLOSED
    Project.objects.filter(pk=project.pk).update(phase=project.phase, updated_at=timezone.now())
    if project.phase == ProjectPhase.CLOSED and locked.sheet_id:
        ProjectSheet.objects.filter(pk=locked.sheet_id).update(status=SheetStatus.DONE, updated_at=timezone.now())
    audit_record(
        actor=actor,
        commune=project.commune,
        verb=ProjectsVerb.PHASE_CLOSED,
        subject=f"{project.title} — {ProjectPhase(phase).label}",
    )
    return closure


# What a project holds ------------------------------------------------------------------------------


def _check_member(project: Project, member: TeamMember) -> None:
    if not member.name.strip():
        raise ServiceError(gettext("Give the person's name."), field="name")
    if member.user_id and not people_of(project.commune).filter(pk=member.user_id).exists():
        raise ServiceError(gettext("Choose a person of this commune."), field="user")


def _check_milestone(project: Project, milestone: ProjectMilestone) -> None:
    if milestone.due_date is None:
        raise ServiceError(ERROR_DATE_MISSING, field="due_date")
    if project.start_date and milestone.due_date < project.start_date:
        raise ServiceError(gettext("A milestone cannot be due before the project starts."), field="due_date")
    if milestone.completed_on is not None:
        _not_future(milestone.completed_on, field="completed_on")


def _check_meeting(project: Project, meeting: SteeringMeeting) -> None:
    _not_future(meeting.held_on, field="held_on")
    if not meeting.participants.strip():
        raise ServiceError(gettext("Say who took part."), field="participants")


def _check_indicator(project: Project, indicator: Indicator) -> None:
    if not indicator.name.strip():
        raise ServiceError(gettext("Give the indicator a name."), field="name")
    if indicator.target_date and project.start_date and indicator.target_date < project.start_date:
        raise ServiceError(gettext("The target date cannot come before the project starts."), field="target_date")


def _check_budget(project: Project, entry: BudgetEntry) -> None:
    _not_future(entry.recorded_on, field="recorded_on")
    if entry.amount is None:
        raise ServiceError(gettext("Give the amount."), field="amount")
    if entry.amount < 0:
        raise ServiceError(ERROR_NEGATIVE, field="amount")


def _check_risk(project: Project, risk: Risk) -> None:
    if not risk.title.strip():
        raise ServiceError(gettext("Describe the risk."), field="title")


PART_CHECKS = {
    TeamMember: _check_member,
    Risk: _check_risk,
    ProjectMilestone: _check_milestone,
    SteeringMeeting: _check_meeting,
    Indicator: _check_indicator,
    BudgetEntry: _check_budget,
}


@transaction.atomic
def project_part_save(*, actor, project: Project, part: models.Model) -> models.Model:
    """Save a team member, risk, milestone, meeting, indicator or budget entry of `project` after its rules."""
    PART_CHECKS[type(part)](project, part)
    adding = part.pk is None
    part.project = project
    part.save()
    verb = ProjectsVerb.PROJECT_PART_ADDED if adding else ProjectsVerb.PROJECT_UPDATED
    audit_record(actor=actor, commune=project.commune, verb=verb, subject=f"{project.title} — {part}")
    return part


@transaction.atomic
def project_part_delete(*, actor, project: Project, part: models.Model) -> None:
    subject = f"{project.title} — {part}"
    part.delete()
    audit_record(actor=actor, commune=project.commune, verb=ProjectsVerb.PROJECT_PART_REMOVED, subject=subject)


@transaction.atomic
def milestone_complete(*, actor, milestone: ProjectMilestone, on: datetime.date | None = None) -> ProjectMilestone:
    """Mark a milestone reached (today unless `on` says when); a reached one goes back to open."""
    if milestone.completed_on is None:
        milestone.completed_on = on or timezone.localdate()
        _not_future(milestone.completed_on, field="completed_on")
    else:
        milestone.completed_on = None
    milestone.save(update_fields=["completed_on"])
    project = milestone.project
    audit_record(actor=actor, commune=project.commune, verb=ProjectsVerb.PROJECT_UPDATED, subject=str(milestone))
    return milestone


# Indicators ----------------------------------------------------------------------------------------


def _refresh_latest(indicator: Indicator) -> None:
    latest = IndicatorValue.objects.filter(indicator=indicator).order_by("-measured_on").first()
    indicator.latest_value = latest.value if latest else None
    indicator.latest_on = latest.measured_on if latest else None
    Indicator.objects.filter(pk=indicator.pk).update(latest_value=indicator.latest_value, latest_on=indicator.latest_on)


def record_indicator_value(
    *, actor, indicator: Indicator, measured_on: datetime.date | None, value, note: str = ""
) -> IndicatorValue:
    """Record what `indicator` measured on a date (a second value on the same date replaces the first).

    ServiceError when the date or the value is missing, the value is not a number, or the date is in the future.
    """
    if measured_on is None:
        raise ServiceError(gettext("Give the date of the measure."), field="measured_on")
    if measured_on > timezone.localdate():
        raise ServiceError(gettext("A measure cannot be dated in the future."), field="measured_on")
    if value is None or str(value).strip() == "":
        raise ServiceError(gettext("Give the measured value."), field="value")
    number = _decimal(value)
    with transaction.atomic():
        recorded, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={"value": number, "note": (note or "").strip()[:300], "recorded_by": actor},
        )
        _refresh_latest(indicator)
        project = indicator.project
        audit_record(
            actor=actor,
            commune=project.commune,
            verb=ProjectsVerb.INDICATOR_MEASURED,
            subject=f"{project.title} — {indicator.name}",
        )
    return recorded


@transaction.atomic
def indicator_value_delete(*, actor, value: IndicatorValue) -> None:
    indicator = value.indicator
    value.delete()
    _refresh_latest(indicator)
    project = indicator.project
    audit_record(actor=actor, commune=project.commune, verb=ProjectsVerb.PROJECT_PART_REMOVED, subject=str(indicator))


# Territory checklists ------------------------------------------------------------------------------


@transaction.atomic
def checklists_adapt(*, actor, territory: Territory) -> list[ChecklistTemplateItem]:
    """Give the territory its own copy of the default checklists to adapt (nothing when it has one already)."""
    if ChecklistTemplateItem.objects.filter(territory=territory).exists():
        return list(ChecklistTemplateItem.objects.filter(territory=territory))
    defaults = ChecklistTemplateItem.objects.filter(territory__isnull=True)
    copies = [
        ChecklistTemplateItem(
            territory=territory,
            phase=item.phase,
            position=item.position,
            kind=item.kind,
            required=item.required,
            text_fr=item.text_fr,
            text_en=item.text_en,
            key=item.key,
        )
        for item in defaults
    ]
    ChecklistTemplateItem.objects.bulk_create(copies)
    audit_record(actor=actor, territory=territory, verb=ProjectsVerb.CHECKLISTS_ADAPTED)
    return copies


@transaction.atomic
def checklist_item_save(*, actor, territory: Territory, item: ChecklistTemplateItem) -> ChecklistTemplateItem:
    """Add or change an item of the territory's own checklists (projects already started keep their copy)."""
    if not item.text_fr.strip() or not item.text_en.strip():
        field = "text_fr" if not item.text_fr.strip() else "text_en"
        raise ServiceError(gettext("Write the item in both languages."), field=field)
    checklists_adapt(actor=actor, territory=territory)
    if item.pk is None:
        last = ChecklistTemplateItem.objects.filter(territory=territory).aggregate(last=Max("position"))["last"]
        item.position = (last or 0) + 1
    item.territory = territory
    item.save()
    audit_record(actor=actor, territory=territory, verb=ProjectsVerb.CHECKLISTS_ADAPTED, subject=item.text_fr)
    return item


def _own_item(*, actor, territory: Territory, item: ChecklistTemplateItem) -> ChecklistTemplateItem:
    """The territory's own item for `item`: itself, or, for an item of the default set the territory still uses,
    its copy (the territory's own set is made then, in the default set's order)."""
    if item.territory_id == territory.pk:
        return item
    defaults = list(ChecklistTemplateItem.objects.filter(territory__isnull=True).values_list("pk", flat=True))
    copies = checklists_adapt(actor=actor, territory=territory)
    return copies[defaults.index(item.pk)]


def _check_texts(values: dict) -> None:
    for field in ("text_fr", "text_en"):
        if not str(values.get(field, "")).strip():
            raise ServiceError(gettext("Write the item in both languages."), field=field)


@transaction.atomic
def checklist_item_update(
    *, actor, territory: Territory, item: ChecklistTemplateItem, values: dict
) -> ChecklistTemplateItem:
    """Change an item of the territory's checklists: its texts, kind, phase, whether it is required.

    An item of the default set gives the territory its own copy first. Projects already started keep their
    copy of the checklists; only projects started afterwards see the change. The audit trail keeps the
    values before and after.
    """
    _check_texts(values)
    own = _own_item(actor=actor, territory=territory, item=item)
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if values.get("phase", own.phase) != own.phase:
        same_phase = ChecklistTemplateItem.objects.filter(territory=territory, phase=values["phase"])
        values["position"] = (same_phase.aggregate(last=Max("position"))["last"] or 0) + 1
    changes = audit_changes(own, values)
    if not changes:
        return own
    for name, value in values.items():
        setattr(own, name, value)
    own.save()
    audit_record(
        actor=actor, territory=territory, verb=ProjectsVerb.CHECKLISTS_ADAPTED, subject=own.text_fr, changes=changes
    )
    return own


MOVES = {"up": -1, "down": 1}


@transaction.atomic
def checklist_item_move(*, actor, territory: Territory, item: ChecklistTemplateItem, direction: str):
    """Move an item one place up or down within its phase (projects already started keep their order)."""
    if direction not in MOVES:
        raise ServiceError(gettext("Choose to move the item up or down."), field="direction")
    own = _own_item(actor=actor, territory=territory, item=item)
    siblings = list(ChecklistTemplateItem.objects.select_for_update().filter(territory=territory, phase=own.phase))
    index = [sibling.pk for sibling in siblings].index(own.pk)
    target = index + MOVES[direction]
    if not 0 <= target < len(siblings):
        if direction == "up":
            raise ServiceError(gettext("This item is already the first of its phase."), field="direction")
        raise ServiceError(gettext("This item is already the last of its phase."), field="direction")
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    ChecklistTemplateItem.objects.bulk_update(siblings, ["position"])
    changes = {
        "model": own._meta.label_lower,
        "fields": {"position": {"before": index + 1, "after": target + 1}},
    }
    audit_record(
        actor=actor, territory=territory, verb=ProjectsVerb.CHECKLISTS_ADAPTED, subject=own.text_fr, changes=changes
    )
    return own


@transaction.atomic
def checklist_item_delete(*, actor, item: ChecklistTemplateItem, territory: Territory | None = None) -> None:
    """Delete an item of the territory's checklists (one of the default set: the territory's copy of it)."""
    if territory is not None:
        item = _own_item(actor=actor, territory=territory, item=item)
    territory = item.territory
    subject = item.text_fr
    item.delete()
    audit_record(actor=actor, territory=territory, verb=ProjectsVerb.CHECKLISTS_ADAPTED, subject=subject)


# Evaluation report ---------------------------------------------------------------------------------


def _evaluation_enqueue(report: EvaluationReport) -> None:
    from projects import tasks

    report.queued = enqueue_on_commit(
        tasks.evaluation_render,
        report.pk,
        on_failure=lambda: EvaluationReport.objects.filter(pk=report.pk, claimed_by="").delete(),
    )


@transaction.atomic
def evaluation_request(*, actor, project: Project, language: str) -> EvaluationReport:
    """Ask for a new version of the project's evaluation report; a worker renders it.

    1. Refuse an unknown language, and a new version while another is still waiting or rendering.
    2. Number the version with the project's row locked, record the activity, enqueue once committed.
    """
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(ERROR_LANGUAGE, field="language")
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
    busy = (EvaluationStatus.PENDING, EvaluationStatus.RUNNING)
    if EvaluationReport.objects.filter(project=project, status__in=busy).exists():
        raise ServiceError(ERROR_IN_PROGRESS)
    number = (EvaluationReport.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0) + 1
    report = EvaluationReport.objects.create(
        project=project, number=number, language=language, author=actor if actor.is_authenticated else None
    )
    audit_record(
        actor=actor, commune=project.commune, verb=ProjectsVerb.EVALUATION_REQUESTED, subject=f"{project} v{number}"
    )
    _evaluation_enqueue(report)
    return report


def _claim(report_id: int, token: str) -> bool:
    stale = timezone.now() - datetime.timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    takeable = EvaluationReport.objects.filter(pk=report_id, attempts__lt=settings.REPORT_MAX_ATTEMPTS).filter(
        models.Q(status=EvaluationStatus.PENDING)
        | models.Q(status=EvaluationStatus.RUNNING, claimed_at__lt=stale)
        | models.Q(status=EvaluationStatus.RUNNING, claimed_by=token)
    )
    return bool(
        takeable.update(
            status=EvaluationStatus.RUNNING,
            claimed_by=token,
            claimed_at=timezone.now(),
            attempts=models.F("attempts") + 1,
        )
    )


def _store(report: EvaluationReport, pdf: bytes) -> str:
    storage = report.pdf.storage
    name = evaluation_pdf_path(report, "")
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(pdf))


def evaluation_render(*, report_id: int, token: str = "") -> bool:
    """Render one version's PDF (claimed with a conditional UPDATE; safe to run twice).

    1. Claim the job; stop when another run holds it or it is finished.
    2. Gather the project's data in the version's language and render it with the report's fonts and styles.
    3. Store the PDF under a path of ids and mark the version done, if this run still holds the claim.
    """
    from projects.evaluation import evaluation_context, render_evaluation

    token = token or uuid.uuid4().hex
    if not _claim(report_id, token):
        return False
    report = EvaluationReport.objects.select_related("project__commune__territory", "author").get(pk=report_id)
    mine = EvaluationReport.objects.filter(pk=report_id, status=EvaluationStatus.RUNNING, claimed_by=token)
    try:
        doc = evaluation_context(report.project, report.language, version=report.number)
        pdf, pages = render_evaluation(doc)
        name = _store(report, pdf)
    except Exception:  # SoftTimeLimitExceeded included: the version is marked failed either way
        logger.exception("Rendering evaluation report %s failed", report_id)
        mine.update(status=EvaluationStatus.FAILED, finished_at=timezone.now())
        return False
    done = mine.update(
        status=EvaluationStatus.DONE,
        finished_at=timezone.now(),
        snapshot=doc,
        pdf=name,
        pdf_size=len(pdf),
        page_count=pages,
    )
    return bool(done)


@transaction.atomic
def evaluations_sweep_stale(*, now=None) -> int:
    """Send again the versions nobody is working on: running with a claim older than REPORT_STALE_AFTER_SECONDS
    (their worker died), or pending since then (their task never reached a worker). Returns how many."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    EvaluationReport.objects.filter(
        status=EvaluationStatus.RUNNING, claimed_at__lt=stale, attempts__gte=settings.REPORT_MAX_ATTEMPTS
    ).update(status=EvaluationStatus.FAILED, finished_at=now)
    waiting = EvaluationReport.objects.filter(
        models.Q(status=EvaluationStatus.RUNNING, claimed_at__lt=stale)
        | models.Q(status=EvaluationStatus.PENDING, created_at__lt=stale)
    )
    ids = list(waiting.values_list("pk", flat=True))
    for report in EvaluationReport.objects.filter(pk__in=ids):
        enqueue_on_commit(tasks_module().evaluation_render, report.pk)
    return len(ids)


def tasks_module():
    from projects import tasks

    return tasks
