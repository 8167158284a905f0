"""Changing projects: start one, record an indicator's measured value.

Every service takes `actor=` and writes the audit trail (communes.services.audit_record).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from communes.models import Commune
from communes.services import audit_record
from projects.models import Indicator, IndicatorValue, Project, ProjectsVerb
from roadmaps.models import ProjectSheet, SheetStatus
from smartregion.errors import ServiceError


@transaction.atomic
def start_project(*, actor, commune: Commune, sheet: ProjectSheet | None = None, title: str = "") -> Project:
    """Start a project of `commune`, from one of its sheets (which it then marks "in progress") or from nothing.

    ServiceError when the sheet is another commune's, already has a project, or when there is no title.
    """
    if sheet is not None:
        if sheet.roadmap.commune_id != commune.pk:
            raise ServiceError(gettext("This project sheet belongs to another commune."), field="sheet")
        if Project.objects.filter(sheet=sheet).exists():
            raise ServiceError(gettext("A project was already started from this sheet."), field="sheet")
    title = (title or "").strip() or (sheet.title if sheet is not None else "")
    if not title:
        raise ServiceError(gettext("Give the project a title."), field="title")
    project = Project.objects.create(commune=commune, sheet=sheet, title=title[:200])
    if sheet is not None and sheet.status in (SheetStatus.PROPOSED, SheetStatus.VALIDATED, SheetStatus.ON_HOLD):
        ProjectSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.IN_PROGRESS, updated_at=timezone.now())
    audit_record(actor=actor, commune=commune, verb=ProjectsVerb.PROJECT_STARTED, subject=project.title)
    return project


def _decimal(value) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError(gettext("Enter a number."), field="value") from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ServiceError(gettext("Enter a number."), field="value")
    return number.quantize(Decimal("0.01"))


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
        project = indicator.project
        audit_record(
            actor=actor,
            commune=project.commune,
            verb=ProjectsVerb.INDICATOR_MEASURED,
            subject=f"{project.title} — {indicator.name}",
        )
    return recorded
