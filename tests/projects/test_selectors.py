"""Indicator status (one definition, in SQL), distance to target, and fixed query counts of the pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import selectors, services
from projects.models import Indicator, IndicatorValue, Project, ProjectMilestone
from projects.selectors import BEHIND, NO_DATA, ON_TARGET

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=10)
FUTURE = TODAY + datetime.timedelta(days=100)


@pytest.mark.parametrize(
    ("baseline", "target", "target_date", "latest", "expected"),
    [
        (None, None, None, "5", NO_DATA),
        (None, "10", FUTURE, None, NO_DATA),
        ("0", "10", FUTURE, "4", ON_TARGET),
        ("0", "10", PAST, "4", BEHIND),
        ("0", "10", PAST, "12", ON_TARGET),
        ("5", "10", FUTURE, "3", BEHIND),  # moved away from the target
        ("100", "40", FUTURE, "80", ON_TARGET),  # a target below the baseline: going down
        ("100", "40", FUTURE, "120", BEHIND),
        ("100", "40", PAST, "35", ON_TARGET),
        (None, "10", None, "3", ON_TARGET),
    ],
)
def test_indicator_status(project, baseline, target, target_date, latest, expected):
    def number(text):
        return None if text is None else Decimal(text)

    indicator = Indicator.objects.create(
        project=project,
        name="i",
        baseline=number(baseline),
        target=number(target),
        target_date=target_date,
        latest_value=number(latest),
    )
    annotated = Indicator.objects.annotate(status=selectors.indicator_status_annotation()).get(pk=indicator.pk)
    assert annotated.status == expected
    as_project = selectors.annotate_projects(Project.objects.filter(pk=project.pk)).get()
    assert as_project.indicator_status == expected


def test_a_project_is_behind_when_one_indicator_is(project):
    Indicator.objects.create(project=project, name="ok", target=Decimal(10), latest_value=Decimal(12))
    Indicator.objects.create(project=project, name="ko", target=Decimal(10), target_date=PAST, latest_value=Decimal(1))
    assert selectors.annotate_projects(Project.objects.all()).get().indicator_status == BEHIND


def test_distance_to_target_reads_in_the_targets_direction():
    up = Indicator(baseline=Decimal(0), target=Decimal(10), latest_value=Decimal(4))
    down = Indicator(baseline=Decimal(100), target=Decimal(40), latest_value=Decimal(70))
    assert (selectors.distance_to_target(up), selectors.distance_to_target(down)) == (Decimal(6), Decimal(30))
    assert selectors.distance_to_target(Indicator(target=Decimal(1))) is None


def _fill(referent, commune, count):
    for n in range(count):
        project = services.start_project(actor=referent, commune=commune, title=f"Projet {n}")
        ProjectMilestone.objects.create(project=project, title="m", due_date=PAST)
        indicator = Indicator.objects.create(project=project, name="i", target=Decimal(10))
        for day in range(3):
            IndicatorValue.objects.create(indicator=indicator, measured_on=PAST - datetime.timedelta(days=day), value=1)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda p: reverse("projects:project-list", args=[p.commune.slug]),
        lambda p: reverse("projects:project-detail", args=[p.commune.slug, p.pk]),
        lambda p: reverse("projects:territory-projects", args=[p.commune.territory.slug]),
        lambda p: reverse("communes:commune-detail", args=[p.commune.slug]),
        lambda p: reverse("communes:commune-list"),
    ],
    ids=["list", "detail", "territory", "commune", "dashboard"],
)
def test_pages_run_a_fixed_number_of_queries(referent, commune_a, commune_b, referent_client, url_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        project = Project.objects.filter(commune=commune_a).order_by("pk").first()
        with CaptureQueriesContext(connection) as captured:
            response = referent_client.get(url_of(project))
        assert response.status_code == 200
        return len(captured)

    _fill(referent, commune_a, 1)
    project = Project.objects.filter(commune=commune_a).order_by("pk").first()
    _enrich(project, 1)
    one = count()
    _fill(referent, commune_a, 4)
    _fill(referent, commune_b, 3)
    _enrich(project, 3)
    assert count() == one


def _enrich(project, n):
    """`n` more rows of every kind the project page shows."""
    for k in range(n):
        indicator = Indicator.objects.create(project=project, name=f"autre {k}", target=Decimal(5))
        IndicatorValue.objects.create(indicator=indicator, measured_on=PAST, value=k)
        ProjectMilestone.objects.create(project=project, title=f"m{k}", due_date=FUTURE)
        project.risk_items.create(title=f"r{k}")
        project.meetings.create(held_on=PAST, participants="A", decisions="Oui\nNon")
        project.team.create(name=f"P{k}")
        project.budget_entries.create(recorded_on=PAST, kind="spent", amount=Decimal(k))
