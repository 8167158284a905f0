"""The first services of projects: starting one and recording an indicator's value."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communes.models import Activity
from projects import services
from projects.models import Indicator, IndicatorValue, Project
from roadmaps.models import ProjectSheet, Roadmap, SheetStatus
from smartregion.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(commune_a):
    roadmap = Roadmap.objects.create(commune=commune_a)
    return ProjectSheet.objects.create(roadmap=roadmap, title="Nouveau site internet", status=SheetStatus.VALIDATED)


def test_a_project_started_from_a_sheet_takes_its_title_and_marks_it_in_progress(referent, commune_a, sheet):
    project = services.start_project(actor=referent, commune=commune_a, sheet=sheet)
    sheet.refresh_from_db()
    assert (project.title, project.sheet, sheet.status) == ("Nouveau site internet", sheet, SheetStatus.IN_PROGRESS)
    assert Activity.objects.filter(commune=commune_a, verb="project_started").count() == 1


def test_a_sheet_starts_one_project_only(referent, commune_a, sheet):
    services.start_project(actor=referent, commune=commune_a, sheet=sheet)
    with pytest.raises(ServiceError) as error:
        services.start_project(actor=referent, commune=commune_a, sheet=sheet)
    assert error.value.field == "sheet"
    assert Project.objects.count() == 1


def test_another_communes_sheet_is_refused(referent, commune_b, sheet):
    with pytest.raises(ServiceError) as error:
        services.start_project(actor=referent, commune=commune_b, sheet=sheet)
    assert error.value.field == "sheet"


def test_a_project_without_sheet_needs_a_title(referent, commune_a):
    with pytest.raises(ServiceError) as error:
        services.start_project(actor=referent, commune=commune_a, title="  ")
    assert error.value.field == "title"
    assert services.start_project(actor=referent, commune=commune_a, title="Guichet").sheet is None


@pytest.fixture
def indicator(referent, commune_a):
    project = services.start_project(actor=referent, commune=commune_a, title="Guichet")
    return Indicator.objects.create(project=project, name="Démarches en ligne", unit="%")


def test_a_value_is_recorded_and_a_second_on_the_same_date_replaces_it(referent, indicator):
    day = datetime.date(2026, 3, 1)
    services.record_indicator_value(actor=referent, indicator=indicator, measured_on=day, value="12,5")
    services.record_indicator_value(actor=referent, indicator=indicator, measured_on=day, value=14)
    assert list(IndicatorValue.objects.values_list("measured_on", "value")) == [(day, Decimal("14.00"))]


@pytest.mark.parametrize(
    ("measured_on", "value", "field"),
    [
        (None, "3", "measured_on"),
        (timezone.localdate() + datetime.timedelta(days=1), "3", "measured_on"),
        (datetime.date(2026, 1, 1), "", "value"),
        (datetime.date(2026, 1, 1), "trois", "value"),
        (datetime.date(2026, 1, 1), "NaN", "value"),
    ],
)
def test_a_bad_measure_is_refused_on_its_field(referent, indicator, measured_on, value, field):
    with pytest.raises(ServiceError) as error:
        services.record_indicator_value(actor=referent, indicator=indicator, measured_on=measured_on, value=value)
    assert error.value.field == field
    assert not IndicatorValue.objects.exists()
