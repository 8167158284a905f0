"""The projects of the demo, as issue 16 describes them."""

import pytest
from django.utils import timezone

from projects.models import Project, ProjectPhase
from smartregion.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_gives_courcelles_two_projects_and_lobbes_one_without_roadmap():
    seed_demo()
    today = timezone.localdate()
    website = Project.objects.get(commune__slug="courcelles", sheet__template__code="website-overhaul")
    counter = Project.objects.get(commune__slug="courcelles", sheet__template__code="online-counter")
    lobbes = Project.objects.get(commune__slug="lobbes")
    assert website.phase == ProjectPhase.EXECUTION
    assert set(website.closures.values_list("phase", flat=True)) == {"prerequisites", "planning"}
    assert [m.title for m in website.milestones.all() if m.is_late(today)] == ["Maquettes approuvées"]
    assert [i.values.count() for i in website.indicators.all()] == [6, 6]
    assert counter.phase == ProjectPhase.PLANNING
    assert lobbes.sheet is None
    seed_demo()
    assert Project.objects.count() == 3
