"""Writes on communes, accompaniments and milestones (communes/services.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from communes import services
from communes.models import (
    Accompaniment,
    AccompanimentKind,
    AccompanimentStatus,
    Activity,
    ActivityVerb,
    Milestone,
    Phase,
)
from communes.services import ServiceError
from tests.factories import AccompanimentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def verbs(commune) -> list[str]:
    return list(Activity.objects.filter(commune=commune).order_by("pk").values_list("verb", flat=True))


class TestActivityRecord:
    def test_records_the_actor(self, commune_a, referent):
        activity = services.activity_record(commune=commune_a, actor=referent, verb=ActivityVerb.COMMUNE_UPDATED)
        assert activity.actor == referent
        assert activity.commune == commune_a

    def test_anonymous_actor_is_stored_as_none(self, commune_a):
        activity = services.activity_record(commune=commune_a, actor=AnonymousUser(), verb=ActivityVerb.PERSON_INVITED)
        assert activity.actor is None

    def test_subject_is_cut_to_the_column_size(self, commune_a):
        activity = services.activity_record(
            commune=commune_a, actor=None, verb=ActivityVerb.MILESTONE_ADDED, subject="x" * 400
        )
        activity.refresh_from_db()
        assert len(activity.subject) == 300


class TestCommuneUpdate:
    def test_saves_the_fields_and_records_activity(self, commune_a, referent):
        services.commune_update(commune=commune_a, actor=referent, fields={"population": 31000, "director_name": "A"})
        commune_a.refresh_from_db()
        assert (commune_a.population, commune_a.director_name) == (31000, "A")
        assert verbs(commune_a) == [ActivityVerb.COMMUNE_UPDATED]

    def test_invalid_value_is_refused_and_nothing_saved(self, commune_a, referent):
        with pytest.raises(ValidationError):
            services.commune_update(commune=commune_a, actor=referent, fields={"nis_code": "12"})
        commune_a.refresh_from_db()
        assert commune_a.nis_code == "52015"
        assert verbs(commune_a) == []


class TestAccompanimentStart:
    def test_full_accompaniment_with_default_milestones(self, commune_a, referent):
        start = timezone.localdate()
        accompaniment = services.accompaniment_start(
            commune=commune_a, actor=referent, kind=AccompanimentKind.ROADMAP, start_date=start
        )
        assert accompaniment.phase == Phase.DIAGNOSTIC
        assert accompaniment.status == AccompanimentStatus.IN_PROGRESS
        assert accompaniment.planned_end_date == start + timedelta(weeks=8)
        milestones = list(accompaniment.milestones.order_by("due_date", "pk"))
        assert [m.title for m in milestones] == [str(title) for _phase, title, _week in services.DEFAULT_MILESTONES]
        assert [m.phase for m in milestones] == [phase for phase, _title, _week in services.DEFAULT_MILESTONES]
        assert milestones[0].due_date == start
        assert milestones[-1].due_date == accompaniment.planned_end_date
        assert all(m.completed_on is None for m in milestones)
        activity = Activity.objects.get(commune=commune_a)
        assert (activity.verb, activity.actor) == (ActivityVerb.ACCOMPANIMENT_STARTED, referent)

    def test_milestones_spread_over_a_custom_duration(self, commune_a, referent):
        start = timezone.localdate()
        end = start + timedelta(weeks=16)
        accompaniment = services.accompaniment_start(
            commune=commune_a, actor=referent, kind="roadmap", start_date=start, planned_end_date=end
        )
        due = sorted(accompaniment.milestones.values_list("due_date", flat=True))
        assert due[0] == start
        assert due[-1] == end
        assert all(start <= d <= end for d in due)

    def test_future_start_is_planned(self, commune_a, referent):
        start = timezone.localdate() + timedelta(days=10)
        accompaniment = services.accompaniment_start(
            commune=commune_a, actor=referent, kind="roadmap", start_date=start
        )
        assert accompaniment.status == AccompanimentStatus.PLANNED

    def test_single_project(self, commune_a, referent):
        accompaniment = services.accompaniment_start(
            commune=commune_a,
            actor=referent,
            kind=AccompanimentKind.SINGLE_PROJECT,
            start_date=timezone.localdate(),
            project_title="  Wi-Fi in the library  ",
        )
        assert accompaniment.phase == Phase.ROADMAP
        assert accompaniment.project_title == "Wi-Fi in the library"
        assert accompaniment.milestones.count() == len(services.SINGLE_PROJECT_MILESTONES)

    @pytest.mark.parametrize("title", ["", "   "])
    def test_single_project_requires_a_title(self, commune_a, referent, title):
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_start(
                commune=commune_a,
                actor=referent,
                kind=AccompanimentKind.SINGLE_PROJECT,
                start_date=timezone.localdate(),
                project_title=title,
            )
        assert excinfo.value.message == services.ERROR_PROJECT_TITLE_REQUIRED
        assert excinfo.value.field == "project_title"
        assert not Accompaniment.objects.exists()

    def test_refuses_a_second_accompaniment(self, commune_a, referent):
        services.accompaniment_start(commune=commune_a, actor=referent, kind="roadmap", start_date=timezone.localdate())
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_start(
                commune=commune_a, actor=referent, kind="roadmap", start_date=timezone.localdate()
            )
        assert excinfo.value.message == services.ERROR_ACCOMPANIMENT_EXISTS
        assert Accompaniment.objects.count() == 1
        assert Milestone.objects.count() == len(services.DEFAULT_MILESTONES)

    def test_refuses_end_before_start(self, commune_a, referent):
        start = timezone.localdate()
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_start(
                commune=commune_a,
                actor=referent,
                kind="roadmap",
                start_date=start,
                planned_end_date=start - timedelta(days=1),
            )
        assert excinfo.value.message == services.ERROR_END_BEFORE_START
        assert excinfo.value.field == "planned_end_date"
        assert not Accompaniment.objects.exists()
        assert verbs(commune_a) == []

    def test_same_day_end_is_allowed(self, commune_a, referent):
        start = timezone.localdate()
        accompaniment = services.accompaniment_start(
            commune=commune_a, actor=referent, kind="roadmap", start_date=start, planned_end_date=start
        )
        assert set(accompaniment.milestones.values_list("due_date", flat=True)) == {start}


class TestAccompanimentUpdate:
    @pytest.fixture
    def accompaniment(self, commune_a):
        return AccompanimentFactory(commune=commune_a)

    def test_updates_fields_and_records_activity(self, accompaniment, referent):
        services.accompaniment_update(
            accompaniment=accompaniment,
            actor=referent,
            fields={"phase": Phase.ROADMAP, "status": AccompanimentStatus.ON_HOLD},
        )
        accompaniment.refresh_from_db()
        assert (accompaniment.phase, accompaniment.status) == (Phase.ROADMAP, AccompanimentStatus.ON_HOLD)
        assert verbs(accompaniment.commune) == [ActivityVerb.ACCOMPANIMENT_UPDATED]

    def test_refuses_end_before_start(self, accompaniment, referent):
        original_end = accompaniment.planned_end_date
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_update(
                accompaniment=accompaniment,
                actor=referent,
                fields={"planned_end_date": accompaniment.start_date - timedelta(days=1)},
            )
        assert excinfo.value.message == services.ERROR_END_BEFORE_START
        accompaniment.refresh_from_db()
        assert accompaniment.planned_end_date == original_end

    def test_moving_the_start_after_the_end_is_refused(self, accompaniment, referent):
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_update(
                accompaniment=accompaniment,
                actor=referent,
                fields={"start_date": accompaniment.planned_end_date + timedelta(days=1)},
            )
        assert excinfo.value.field == "planned_end_date"

    def test_switching_to_single_project_requires_a_title(self, accompaniment, referent):
        with pytest.raises(ServiceError) as excinfo:
            services.accompaniment_update(
                accompaniment=accompaniment, actor=referent, fields={"kind": AccompanimentKind.SINGLE_PROJECT}
            )
        assert excinfo.value.message == services.ERROR_PROJECT_TITLE_REQUIRED
        accompaniment.refresh_from_db()
        assert accompaniment.kind == AccompanimentKind.ROADMAP
        assert verbs(accompaniment.commune) == []

    def test_switching_to_single_project_with_a_title(self, accompaniment, referent):
        services.accompaniment_update(
            accompaniment=accompaniment,
            actor=referent,
            fields={"kind": AccompanimentKind.SINGLE_PROJECT, "project_title": "Open data"},
        )
        accompaniment.refresh_from_db()
        assert (accompaniment.kind, accompaniment.project_title) == (AccompanimentKind.SINGLE_PROJECT, "Open data")

    def test_no_change_still_saves(self, accompaniment, referent):
        before = accompaniment.updated_at
        services.accompaniment_update(accompaniment=accompaniment, actor=referent, fields={})
        accompaniment.refresh_from_db()
        assert accompaniment.updated_at >= before


class TestMilestones:
    @pytest.fixture
    def accompaniment(self, commune_a):
        return AccompanimentFactory(commune=commune_a)

    def test_create(self, accompaniment, referent):
        due = timezone.localdate() + timedelta(days=3)
        milestone = services.milestone_create(
            accompaniment=accompaniment, actor=referent, title="Survey", phase=Phase.DIAGNOSTIC, due_date=due
        )
        milestone.refresh_from_db()
        assert (milestone.title, milestone.due_date, milestone.accompaniment) == ("Survey", due, accompaniment)
        activity = Activity.objects.get(commune=accompaniment.commune)
        assert (activity.verb, activity.subject, activity.actor) == (ActivityVerb.MILESTONE_ADDED, "Survey", referent)

    def test_update(self, accompaniment, referent):
        milestone = MilestoneFactory(accompaniment=accompaniment, title="Old")
        services.milestone_update(milestone=milestone, actor=referent, fields={"title": "New", "phase": Phase.REPORT})
        milestone.refresh_from_db()
        assert (milestone.title, milestone.phase) == ("New", Phase.REPORT)
        activity = Activity.objects.get(commune=accompaniment.commune)
        assert (activity.verb, activity.subject) == (ActivityVerb.MILESTONE_UPDATED, "New")

    def test_complete_then_uncomplete(self, accompaniment, referent):
        milestone = MilestoneFactory(accompaniment=accompaniment)
        services.milestone_set_completed(milestone=milestone, actor=referent, completed=True)
        milestone.refresh_from_db()
        assert milestone.completed_on == timezone.localdate()
        services.milestone_set_completed(milestone=milestone, actor=referent, completed=False)
        milestone.refresh_from_db()
        assert milestone.completed_on is None
        assert verbs(accompaniment.commune) == [ActivityVerb.MILESTONE_COMPLETED, ActivityVerb.MILESTONE_UPDATED]

    def test_delete(self, accompaniment, referent):
        milestone = MilestoneFactory(accompaniment=accompaniment, title="Gone")
        other = MilestoneFactory(accompaniment=accompaniment)
        services.milestone_delete(milestone=milestone, actor=referent)
        assert list(Milestone.objects.all()) == [other]
        activity = Activity.objects.get(commune=accompaniment.commune)
        assert (activity.verb, activity.subject) == (ActivityVerb.MILESTONE_DELETED, "Gone")
